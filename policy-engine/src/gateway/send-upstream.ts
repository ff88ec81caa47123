import { request as httpRequest } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { BodyLimit } from './body-limit';
import { GatewayError } from './errors';
import type { UpstreamTarget } from './upstream-target';

/** One request to an upstream. */
export interface UpstreamCall {
  readonly target: UpstreamTarget;
  readonly method: string;
  readonly headers: OutgoingHttpHeaders;
  /** The caller's body, streamed as it arrives; undefined when the request has none. */
  readonly body: Readable | undefined;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  /** For https upstreams: the agent holding the CA (and client certificate) to reach them. */
  readonly httpsAgent?: HttpsAgent;
}

/** A request in flight: its response (headers arrived, body still streaming) and a way to give up. */
export interface UpstreamExchange {
  /** Rejects with a `GatewayError`: 413, 502 or 504. */
  readonly response: Promise<IncomingMessage>;
  /** Ends the exchange, e.g. when the caller went away. */
  abort(): void;
}

const timedOut = (ms: number): GatewayError => new GatewayError('HALONG_GATEWAY_UPSTREAM_TIMEOUT', `The upstream application did not answer within ${ms} ms.`);

/**
 * Sends a request with node:http(s) rather than fetch: fetch would decode compressed bodies while
 * keeping their content-encoding, follow redirects and merge headers, and a proxy must do none of that.
 */
export function sendUpstream(call: UpstreamCall): UpstreamExchange {
  const { url, path } = call.target;
  const https = url.protocol === 'https:';
  const req = (https ? httpsRequest : httpRequest)({
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    path,
    method: call.method,
    headers: call.headers,
    ...(https && call.httpsAgent !== undefined ? { agent: call.httpsAgent } : {}),
  });
  let settled = false;
  let answer: IncomingMessage | undefined;
  let fail: (error: GatewayError) => void = () => undefined;
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    const deadline = setTimeout(() => fail(timedOut(call.timeoutMs)), call.timeoutMs);
    fail = (error) => {
      clearTimeout(deadline);
      if (!settled) {
        settled = true;
        reject(error);
      }
      req.destroy();
    };
    req.once('response', (res) => {
      clearTimeout(deadline);
      settled = true;
      answer = res;
      // Once the status is sent only the connection can be cut: silence past the timeout ends the body.
      req.setTimeout(call.timeoutMs, () => res.destroy(timedOut(call.timeoutMs)));
      resolve(res);
    });
    req.on('error', (error) => fail(error instanceof GatewayError ? error : new GatewayError('HALONG_GATEWAY_UPSTREAM_UNREACHABLE', undefined, { cause: error })));
  });
  if (call.body === undefined) req.end();
  else {
    const limit = new BodyLimit(call.maxBodyBytes);
    limit.on('error', (error) => req.destroy(error));
    call.body.on('error', (error) => req.destroy(error));
    call.body.pipe(limit).pipe(req);
  }
  return {
    response,
    abort() {
      fail(new GatewayError('HALONG_GATEWAY_UPSTREAM_UNREACHABLE', 'The caller went away before the upstream answered.'));
      answer?.destroy();
    },
  };
}
