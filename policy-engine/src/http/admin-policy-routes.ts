// Admin API, policies: the current set, versions with diffs, publish, rollback, simulation of a
// draft against the last 24 h of decisions, and decision search. Every change is audited.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { HalongServer } from '@halong/core/node';
import { parsePolicySet } from '../pdp/parse-policies';
import { PolicySetInvalidError } from '../pdp/errors';
import { simulate } from '../pdp/simulate';
import type { AdminRoutesOptions } from './admin-options';
import { actorOf } from './admin-options';
import { mapErrors } from './http-errors';

const MAX_POLICY_TEXT = 1 << 20;
const SIMULATION_WINDOW_MS = 24 * 3_600_000;
const SIMULATION_MAX_DECISIONS = 200_000;

const Sources = Type.Array(
  Type.Object({ file: Type.String({ minLength: 1, maxLength: 200 }), text: Type.String({ maxLength: MAX_POLICY_TEXT }) }),
  { minItems: 1, maxItems: 100 },
);

const policy = (action: string) => ({ access: 'protected' as const, resource: { type: 'policy' }, action });

const adminPolicyRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (fastify, o) => {
  const app = fastify as unknown as HalongServer;
  const summary = (v: ReturnType<AdminRoutesOptions['policies']['current']>) => ({
    version: v.version,
    id: v.id,
    author: v.author,
    timestamp: v.timestamp,
    message: v.message,
    policies: v.policies.length,
  });

  app.get('/admin/v1/policies', { config: policy('read') }, async () => {
    const v = o.policies.current();
    return { ...summary(v), sources: v.sources };
  });

  app.put(
    '/admin/v1/policies',
    { config: policy('update'), schema: { body: Type.Object({ sources: Sources, message: Type.Optional(Type.String({ maxLength: 1000 })) }) } },
    async (request) =>
      mapErrors(async () => {
        const before = o.policies.current();
        const v = await o.policies.publish({ sources: request.body.sources, author: actorOf(request), message: request.body.message ?? '' });
        await o.audit.record({ actor: actorOf(request), action: 'policy.publish', target: { type: 'policy_set', id: v.id }, before: before.id, after: { id: v.id, diff: v.diff } });
        return { ...summary(v), diff: v.diff };
      }),
  );

  app.get('/admin/v1/policies/versions', { config: policy('read') }, async () => ({ versions: o.policies.history() }));

  app.get(
    '/admin/v1/policies/versions/:version',
    { config: policy('read'), schema: { params: Type.Object({ version: Type.Integer({ minimum: 1 }) }) } },
    async (request) => mapErrors(() => o.policies.get(request.params.version)),
  );

  app.post(
    '/admin/v1/policies/rollback',
    { config: policy('update'), schema: { body: Type.Object({ version: Type.Integer({ minimum: 1 }), message: Type.Optional(Type.String({ maxLength: 1000 })) }) } },
    async (request) =>
      mapErrors(async () => {
        const before = o.policies.current();
        const v = await o.policies.rollback(request.body.version, actorOf(request), request.body.message);
        await o.audit.record({ actor: actorOf(request), action: 'policy.rollback', target: { type: 'policy_set', id: v.id }, before: before.id, after: { id: v.id, rollbackOf: v.rollbackOf, diff: v.diff } });
        return { ...summary(v), diff: v.diff };
      }),
  );

  app.post(
    '/admin/v1/policies/simulate',
    { config: policy('simulate'), schema: { body: Type.Object({ sources: Sources }) } },
    async (request) =>
      mapErrors(async () => {
        const parsed = parsePolicySet(request.body.sources);
        if (parsed.errors.length) throw new PolicySetInvalidError(parsed.errors);
        const now = o.clock();
        const recorded = await o.decisions.recent(new Date(now.getTime() - SIMULATION_WINDOW_MS), SIMULATION_MAX_DECISIONS);
        const report = simulate(parsed.policies, recorded, { clock: () => now.getTime() });
        return { window: { from: new Date(now.getTime() - SIMULATION_WINDOW_MS).toISOString(), to: now.toISOString() }, ...report };
      }),
  );

  app.get(
    '/admin/v1/decisions',
    {
      config: { access: 'protected', resource: { type: 'decision' }, action: 'search' },
      schema: {
        querystring: Type.Object({
          subject: Type.Optional(Type.String({ maxLength: 512 })),
          resource_type: Type.Optional(Type.String({ maxLength: 128 })),
          resource_id: Type.Optional(Type.String({ maxLength: 512 })),
          action: Type.Optional(Type.String({ maxLength: 128 })),
          decision: Type.Optional(Type.Union([Type.Literal('allow'), Type.Literal('deny')])),
          since: Type.Optional(Type.String({ format: 'date-time' })),
          until: Type.Optional(Type.String({ format: 'date-time' })),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
      },
    },
    async (request) => {
      const q = request.query;
      return o.decisions.search({
        limit: q.limit,
        ...(q.subject ? { subject: q.subject } : {}),
        ...(q.resource_type ? { resourceType: q.resource_type } : {}),
        ...(q.resource_id ? { resourceId: q.resource_id } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.decision ? { decision: q.decision === 'allow' } : {}),
        ...(q.since ? { since: q.since } : {}),
        ...(q.until ? { until: q.until } : {}),
      });
    },
  );
};

export { adminPolicyRoutes };
