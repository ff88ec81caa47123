import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from '../../dto';
import { HalongError } from '../../error-codes';

/** One error shape for every API: `{error: {code, message, requestId}}`. */
export function errorHandler(error: FastifyError | HalongError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const body = toErrorBody(error, request.id);
  const status = statusOf(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: body.error.code, status }, body.error.message);
  void reply.status(status).send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send({
    error: { code: 'HALONG_API_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}`, requestId: request.id },
  } satisfies ErrorBody);
}

function statusOf(error: Error): number {
  if (error instanceof HalongError) return error.status;
  const status = (error as FastifyError).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function toErrorBody(error: Error, requestId: string): ErrorBody {
  if (error instanceof HalongError) {
    return { error: { code: error.code, message: error.message, requestId, ...(error.details ? { details: error.details } : {}) } };
  }
  const fe = error as FastifyError & { details?: unknown };
  const status0 = statusOf(error);
  // A component's own coded 4xx error (e.g. HALONG_PKI_*, HALONG_POLICY_*) keeps its code and details.
  if (status0 < 500 && typeof fe.code === 'string' && /^HALONG_[A-Z0-9_]+$/.test(fe.code)) {
    return { error: { code: fe.code, message: fe.message, requestId, ...(fe.details === undefined ? {} : { details: fe.details }) } };
  }
  if (fe.validation) return { error: { code: 'HALONG_API_BAD_REQUEST', message: fe.message, requestId } };
  const status = statusOf(error);
  if (status === 413) return { error: { code: 'HALONG_API_PAYLOAD_TOO_LARGE', message: fe.message, requestId } };
  if (status >= 400 && status < 500) return { error: { code: 'HALONG_API_BAD_REQUEST', message: fe.message, requestId } };
  // Never leak internals of a 5xx to the caller; the log has them, keyed by request id.
  return { error: { code: 'HALONG_API_INTERNAL', message: 'An internal error occurred.', requestId } };
}
