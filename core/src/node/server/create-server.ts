import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Logger } from 'pino';
import type { ErrorBody } from '../../dto';
import type { AuthorizeHook } from './access';
import { isLoopback } from './access';
import { errorHandler, notFoundHandler } from './error-handler';
import { healthRoutes } from './health-routes';
import type { Metrics } from './metrics';
import { createMetrics } from './metrics';
import type { ReadinessCheck } from './readiness';

export type HalongServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface ServerOptions {
  service: string;
  version: string;
  logger: Logger;
  metrics?: Metrics;
  readiness?: readonly ReadinessCheck[];
  /** Decides every `protected` route. Without it every protected route answers 401: deny is the default. */
  authorize?: AuthorizeHook;
  bodyLimitBytes?: number;
  /**
   * TLS for the listener. With `requestCert`, clients may present a certificate; the handshake
   * does not judge it (the PEP does, so a refused certificate gets a 401 with a reason rather
   * than an opaque TLS alert).
   */
  https?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer; requestCert?: boolean };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds (does not start) a Halong HTTP server: request ids, structured logs, the shared
 * error shape, health and metrics routes, and deny-by-default access on every route.
 */
export function createServer(options: ServerOptions): HalongServer {
  const metrics = options.metrics ?? createMetrics();
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimitBytes ?? 10 << 20,
    // A caller's id is kept when it looks like one, so a request can be followed across services.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    ...(options.https ? { https: { ...options.https, ...(options.https.requestCert ? { rejectUnauthorized: false } : {}) } } : {}),
    // Errors fastify raises before routing (e.g. a malformed percent-encoding) keep the shared shape too.
    frameworkErrors: (error: Error, request: { id: string }, reply: { status(code: number): { send(body: ErrorBody): void } }) =>
      reply.status(400).send({ error: { code: 'HALONG_API_BAD_REQUEST', message: error.message, requestId: request.id } }),
  } as Parameters<typeof Fastify>[0]).withTypeProvider<TypeBoxTypeProvider>() as unknown as HalongServer;

  const requests = metrics.counter('halong_http_requests_total', 'HTTP requests answered', ['service', 'route', 'method', 'status']);
  const latency = metrics.histogram('halong_http_request_seconds', 'HTTP request latency', ['service', 'route', 'method']);

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ service: options.service, route, method: request.method, status: String(reply.statusCode) });
    latency.observe({ service: options.service, route, method: request.method }, reply.elapsedTime / 1000);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!request.routeOptions.url) return; // unmatched: the 404 handler answers
    const access = request.routeOptions.config.access ?? 'protected';
    if (access === 'public') return;
    if (access === 'loopback' && isLoopback(request.ip)) return;
    const denied = options.authorize
      ? await options.authorize(request)
      : { status: 401 as const, message: 'This route needs a credential and no authorizer is configured.' };
    if (!denied) return;
    const code = denied.code ?? { 401: 'HALONG_AUTH_UNAUTHENTICATED', 403: 'HALONG_AUTH_FORBIDDEN', 503: 'HALONG_AUTH_PDP_UNAVAILABLE' }[denied.status];
    return reply.status(denied.status).send({ error: { code, message: denied.message, requestId: request.id } } satisfies ErrorBody);
  });

  void app.register(healthRoutes, {
    service: options.service,
    version: options.version,
    readiness: options.readiness ?? [],
    metrics,
  });
  return app;
}
