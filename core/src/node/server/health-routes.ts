import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { HealthResponse } from '../../dto';
import type { Metrics } from './metrics';
import type { ReadinessCheck } from './readiness';
import { checkReadiness } from './readiness';

export interface HealthRoutesOptions {
  service: string;
  version: string;
  readiness: readonly ReadinessCheck[];
  metrics: Metrics;
}

const EngineSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('unavailable')]),
  latencyMs: Type.Number(),
  detail: Type.String(),
});

/** `/healthz` (open), `/readyz` and `/metrics` (loopback until the PEP decides them). */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, opts) => {
  const startedAt = Date.now();
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      schema: {
        response: {
          200: Type.Object({ status: Type.Literal('ok'), service: Type.String(), version: Type.String(), uptimeSeconds: Type.Number() }),
        },
      },
    },
    async (): Promise<HealthResponse> => ({
      status: 'ok',
      service: opts.service,
      version: opts.version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'loopback' },
      schema: {
        response: {
          '2xx': Type.Object({ status: Type.String(), engines: Type.Record(Type.String(), EngineSchema) }),
          503: Type.Object({ status: Type.String(), engines: Type.Record(Type.String(), EngineSchema) }),
        },
      },
    },
    async (_request, reply) => {
      const result = await checkReadiness(opts.readiness);
      return reply.status(result.status === 'ready' ? 200 : 503).send(result);
    },
  );

  app.get('/metrics', { config: { access: 'loopback' } }, async (_request, reply) => {
    const text = await opts.metrics.registry.metrics();
    return reply.type(opts.metrics.registry.contentType).send(text);
  });
};
