import { readFileSync } from 'node:fs';
import { Client } from '@opensearch-project/opensearch';
import type { HalongConfig } from '../config/config-types';
import { opensearchUrl } from '../config/load-config';

const LOOPBACK_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** Whether request bodies are gzipped: over a network it saves bandwidth; on this host it only costs CPU on both ends. */
export function compressRequests(config: HalongConfig): boolean {
  const mode = config.opensearch.compression;
  if (mode !== 'auto') return mode === 'gzip';
  return !LOOPBACK_HOST.test(new URL(opensearchUrl(config)).hostname);
}

/** An OpenSearch client for the configured cluster, with its TLS material and credentials. */
export function createOpenSearchClient(config: HalongConfig): Client {
  const os = config.opensearch;
  const read = (p?: string): Buffer | undefined => (p ? readFileSync(p) : undefined);
  const ca = read(os.caFile);
  const cert = read(os.certFile);
  const key = read(os.keyFile);
  return new Client({
    node: opensearchUrl(config),
    requestTimeout: os.requestTimeoutMs,
    // The sink does its own backoff; client-level retries would hide 429s from it.
    maxRetries: 0,
    ...(compressRequests(config) ? { compression: 'gzip' as const } : {}),
    ...(os.username && os.password ? { auth: { username: os.username, password: os.password } } : {}),
    ...(ca || cert ? { ssl: { ca, cert, key, rejectUnauthorized: true } } : {}),
  });
}

export type { Client as OpenSearchClient };
