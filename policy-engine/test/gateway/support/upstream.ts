import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the upstream application received it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** False when the connection ended before the whole body arrived. */
  readonly complete: boolean;
}

/** A real node:http application behind the gateway that records every request it receives. */
export interface Upstream {
  readonly url: string;
  /** Requests whose headers arrived (complete or not). */
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** Answers with what it received, as JSON; the default upstream behaviour. */
export function echo(seen: SeenRequest, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ method: seen.method, url: seen.url, headers: seen.headers, body: seen.body.toString('utf8') }));
}

/** Decides per request: answer (after the body arrived) or take over the raw exchange. */
export type UpstreamHandler = (seen: SeenRequest, res: ServerResponse, req: IncomingMessage) => void;

/** Starts an upstream on an ephemeral 127.0.0.1 port; `handler` runs once the body has arrived. */
export async function startUpstream(handler: UpstreamHandler = echo, onHeaders?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<Upstream> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const record = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.alloc(0), complete: false };
    seen.push(record);
    if (onHeaders?.(req, res) === true) return;
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      Object.assign(record, { body: Buffer.concat(chunks), complete: true });
      handler(record, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A 127.0.0.1 port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
