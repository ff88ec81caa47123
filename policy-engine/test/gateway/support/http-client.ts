import { request } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HalongServer } from '@halong/core/node';

/** Starts `app` on an ephemeral 127.0.0.1 port and returns its port. */
export async function listen(app: HalongServer): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as AddressInfo).port;
}

/** A plain HTTP request with a raw path (sent exactly as given); `send` writes the body. */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: OutgoingHttpHeaders },
  send: (req: ReturnType<typeof request>) => void = (req) => req.end(),
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false }, resolve);
    req.on('error', reject);
    send(req);
  });
}

/** Reads a whole response body. */
export async function readAll(res: IncomingMessage): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
}
