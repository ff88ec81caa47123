// The edge forwarder's "Kafka": the central collector's HTTP ingest, over mutual TLS with the
// edge's Halong certificate. A batch counts as delivered only on a 200 whose counts cover every
// event (the centre keeps a line it cannot parse, with the reason, so that is delivered too).
// Events carry the id the edge gave them, and the centre keeps an edge collector's ids: a batch
// re-sent after a lost answer is the same events, never a second copy.
import { request } from 'node:https';
import { gzipSync } from 'node:zlib';
import type { ProducerRecord } from '@halong/core/node';
import type { EventProducer } from '../pipeline/shipper';

/** The edge's TLS material, read at each send so a renewed certificate is used at once. */
export interface UpstreamTls {
  ca: string;
  cert: string;
  key: string;
}

/** Options of {@link createUpstreamProducer}. */
export interface UpstreamOptions {
  /** The central Halong's base URL (`https://soc.hue.gov.vn:8443`). */
  url: string;
  tls: () => UpstreamTls;
  timeoutMs?: number;
}

/** Why the centre did not take a batch. */
export class UpstreamError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** Sends batches to the centre's `/ingest/v1/events`. */
export function createUpstreamProducer(o: UpstreamOptions): EventProducer {
  const endpoint = new URL('/ingest/v1/events', o.url);
  return {
    send(records: readonly ProducerRecord[]): Promise<void> {
      const body = gzipSync(records.map((r) => JSON.stringify(r.value)).join('\n') + '\n');
      const tls = o.tls();
      return new Promise<void>((resolve, reject) => {
        const req = request(
          endpoint,
          {
            method: 'POST',
            ca: tls.ca,
            cert: tls.cert,
            key: tls.key,
            timeout: o.timeoutMs ?? 30_000,
            headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip', 'content-length': body.length },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8').slice(0, 2000);
              if (res.statusCode !== 200) return reject(new UpstreamError(`${endpoint.href} answered ${res.statusCode}: ${text}`, res.statusCode));
              let counts: { accepted?: number; rejected?: number } = {};
              try {
                counts = JSON.parse(text) as typeof counts;
              } catch {
                return reject(new UpstreamError(`${endpoint.href} answered 200 without its counts: ${text}`, 200));
              }
              if ((counts.accepted ?? 0) + (counts.rejected ?? 0) !== records.length) {
                return reject(new UpstreamError(`${endpoint.href} took ${counts.accepted}+${counts.rejected} of ${records.length} events`, 200));
              }
              resolve();
            });
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new UpstreamError(`${endpoint.href}: no answer within ${o.timeoutMs ?? 30_000} ms`)));
        req.on('error', reject);
        req.end(body);
      });
    },
  };
}
