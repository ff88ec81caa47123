import { request } from 'node:https';

/** TLS material of one call: the CA that signed the server, and optionally our client certificate. */
export interface ClientTls {
  ca: string;
  cert?: string;
  key?: string;
}

const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * One JSON call over HTTPS with node:https (global fetch cannot present a client certificate
 * without an undici dispatcher). Rejects on transport errors; any HTTP status resolves.
 */
export function httpsJson(url: string, method: 'GET' | 'POST', tls: ClientTls, body?: unknown, timeoutMs = 10_000): Promise<{ status: number; body: unknown }> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(url),
      {
        method,
        ca: tls.ca,
        ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
        headers: { accept: 'application/json', ...(data === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error(`${url} answered more than ${MAX_ANSWER_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? (JSON.parse(text) as unknown) : undefined;
          } catch {
            // Not JSON: the caller reports the status with the raw text.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}
