// The handler of every gateway route: an allowed request goes to its upstream, the answer comes back.
import type { IncomingHttpHeaders } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readClientCertificate } from '@halong/core/node';
import { tooLarge } from './body-limit';
import { GatewayError, gatewayErrorBody } from './errors';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './forward-headers';
import type { IdentityAssertionSigner } from './identity-signer';
import type { GatewayRoute } from './route-types';
import { sendUpstream } from './send-upstream';
import { upstreamTarget } from './upstream-target';

/** What every route handler shares. */
export interface ForwardContext {
  readonly signer: IdentityAssertionSigner;
  readonly httpsAgent?: HttpsAgent;
}

/** Answers with a gateway error in the shared error shape. */
export function sendGatewayError(request: FastifyRequest, reply: FastifyReply, error: GatewayError): FastifyReply {
  if (error.status >= 500) request.log.warn({ code: error.code, err: error.cause ?? error }, error.message);
  else request.log.info({ code: error.code }, error.message);
  if (reply.raw.destroyed) return reply; // the caller is gone: nobody to answer
  // The unread rest of an over-long body would be taken for the next request on this connection.
  if (error.status === 413) void reply.header('connection', 'close');
  return reply.status(error.status).send(gatewayErrorBody(error, request.id));
}

function declaredLength(headers: IncomingHttpHeaders): number | undefined {
  const value = headers['content-length'];
  return value === undefined ? undefined : Number(value);
}

function bodyOf(request: FastifyRequest, length: number | undefined): Readable | undefined {
  if (request.headers['transfer-encoding'] === undefined && !(length !== undefined && length > 0)) return undefined;
  // The gateway's content-type parser hands the unread payload stream over as the body; methods
  // fastify does not parse (GET with a body) still have it on the raw request.
  return request.body instanceof Readable ? request.body : request.raw;
}

/** Forwards one allowed request to `route`'s upstream and streams the answer back. */
export async function forwardRequest(ctx: ForwardContext, route: GatewayRoute, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const principal = request.principal;
  if (principal === undefined) return sendGatewayError(request, reply, new GatewayError('HALONG_GATEWAY_NO_PRINCIPAL'));
  let target;
  try {
    target = upstreamTarget(route, request.url);
  } catch (error) {
    if (error instanceof GatewayError) return sendGatewayError(request, reply, error);
    throw error;
  }
  const length = declaredLength(request.headers);
  if (length !== undefined && length > route.maxBodyBytes) return sendGatewayError(request, reply, tooLarge(route.maxBodyBytes));
  const thumbprint = readClientCertificate(request)?.thumbprint;
  const identity = await ctx.signer.sign({ audience: route.name, principal, ...(thumbprint === undefined ? {} : { certificateThumbprint: thumbprint }) });
  const exchange = sendUpstream({
    target,
    method: request.method,
    headers: upstreamRequestHeaders(request.headers, {
      clientIp: request.ip,
      protocol: request.protocol,
      host: request.headers.host,
      requestId: request.id,
      identity,
    }),
    body: bodyOf(request, length),
    timeoutMs: route.timeoutMs,
    maxBodyBytes: route.maxBodyBytes,
    ...(ctx.httpsAgent === undefined ? {} : { httpsAgent: ctx.httpsAgent }),
  });
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) exchange.abort();
  });
  let answer;
  try {
    answer = await exchange.response;
  } catch (error) {
    if (error instanceof GatewayError) return sendGatewayError(request, reply, error);
    throw error;
  }
  return reply.status(answer.statusCode ?? 502).headers(downstreamResponseHeaders(answer.headers)).send(answer);
}
