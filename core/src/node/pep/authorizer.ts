import { Agent, request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import type { AuthzenEvaluationRequest, AuthzenEvaluationResponse } from '../../authzen';

/** Asks a policy decision point. In one process it is the PDP itself; across processes, AuthZEN over HTTP. */
export interface Authorizer {
  evaluate(request: AuthzenEvaluationRequest): Promise<AuthzenEvaluationResponse>;
}

export interface HttpAuthorizerOptions {
  /** Base URL of the policy engine, e.g. https://127.0.0.1:8443 */
  url: string;
  timeoutMs?: number;
  /** Headers proving the PEP's own identity to the PDP (e.g. a bearer token). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /**
   * mTLS to the policy engine: the PEP's service certificate (PEM chain) and key, and the CA that
   * signed the engine's server certificate (the Halong trust bundle).
   */
  tls?: { cert: string; key: string; ca: string };
  /** For tests; when given, `tls` is not used. */
  fetch?: typeof fetch;
}

type Post = (url: string, body: string, headers: Record<string, string>, timeoutMs: number) => Promise<{ status: number; json: () => Promise<unknown> }>;

// node:https with a keep-alive agent rather than global fetch: fetch cannot present a client
// certificate without an undici dispatcher, and reusing connections keeps a decision at one round trip.
function nodePost(tls: HttpAuthorizerOptions['tls']): Post {
  const agent = tls ? new Agent({ keepAlive: true, maxSockets: 64, cert: tls.cert, key: tls.key, ca: tls.ca }) : undefined;
  return (url, body, headers, timeoutMs) =>
    new Promise((resolve, reject) => {
      const u = new URL(url);
      const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(u, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs, ...(agent && u.protocol === 'https:' ? { agent } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: async () => JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
}

function fetchPost(doFetch: typeof fetch): Post {
  return async (url, body, headers, timeoutMs) => {
    const res = await doFetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, json: () => res.json() as Promise<unknown> };
  };
}

/** An Authorizer that calls `POST /access/v1/evaluation`. Any failure rejects: the PEP then denies. */
export function createHttpAuthorizer(options: HttpAuthorizerOptions): Authorizer {
  const post = options.fetch ? fetchPost(options.fetch) : nodePost(options.tls);
  const endpoint = `${options.url.replace(/\/+$/, '')}/access/v1/evaluation`;
  return {
    async evaluate(request) {
      const res = await post(endpoint, JSON.stringify(request), { 'content-type': 'application/json', ...(await options.headers?.()) }, options.timeoutMs ?? 2000);
      if (res.status < 200 || res.status >= 300) throw new Error(`policy engine answered ${res.status}`);
      const body = (await res.json()) as AuthzenEvaluationResponse;
      if (typeof body.decision !== 'boolean') throw new Error('policy engine answered without a boolean decision');
      return body;
    },
  };
}
