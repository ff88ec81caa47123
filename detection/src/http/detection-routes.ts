// The rule-management API: list and inspect Sigma rules with their live counters, enable or
// disable one (admins), see what did not load and a summary. Every route is protected: the
// PEP decides on resource type `sigma-rule` before a handler runs.
import type { ErrorBody } from '@halong/core';
import type { HalongServer } from '@halong/core/node';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { DetectionService } from '../runtime/detection-service';
import { DetectionRuntimeError } from '../runtime/errors';
import type { SigmaLevel } from '../sigma/types';
import { HuntBody, ListProblemsQuery, ListRulesQuery, RuleParams, RuleStateBody } from './schemas';

/** Options of {@link detectionRoutes}. */
export interface DetectionRoutesOptions {
  service: DetectionService;
}

const sigmaRule = (action: string, idParam?: string) => ({ access: 'protected' as const, resource: { type: 'sigma-rule', ...(idParam ? { idParam } : {}) }, action });

// The runtime's coded errors answer with their own status and code; a 503 included (the shared
// handler hides every 5xx behind HALONG_API_INTERNAL, but "still loading" is for the caller).
async function answer<T>(request: FastifyRequest, reply: FastifyReply, fn: () => T | Promise<T>): Promise<T | FastifyReply> {
  try {
    return await fn();
  } catch (err) {
    // 502: OpenSearch failed a hunt, and what it said is for the caller too.
    if (!(err instanceof DetectionRuntimeError) || (err.statusCode >= 500 && err.statusCode !== 503 && err.statusCode !== 502)) throw err;
    const body: ErrorBody = { error: { code: err.code, message: err.message, requestId: request.id } };
    return reply.status(err.statusCode).send(body);
  }
}

// The server's validator coerces types (`null`, `0`, `"false"` all become false): switching a
// detection off must take a real JSON boolean, so the raw body is checked before it.
async function strictBoolean(request: FastifyRequest): Promise<void> {
  const enabled = (request.body as { enabled?: unknown } | null | undefined)?.enabled;
  if (typeof enabled !== 'boolean') throw new DetectionRuntimeError('HALONG_DETECTION_BAD_REQUEST', 'body/enabled must be true or false (a JSON boolean)');
}

/** The `/detection/v1` routes (register on a server built with core's `createServer`). */
export const detectionRoutes: FastifyPluginAsync<DetectionRoutesOptions> = async (fastify, o) => {
  const app = fastify as unknown as HalongServer;

  app.get('/detection/v1/rules', { config: sigmaRule('list'), schema: { querystring: ListRulesQuery } }, async (request, reply) => {
    const q = request.query;
    return answer(request, reply, () =>
      o.service.listRules({
        offset: q.offset,
        limit: q.limit,
        ...(q.level ? { level: q.level.split(',') as SigmaLevel[] } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.product ? { product: q.product } : {}),
        ...(q.category ? { category: q.category } : {}),
        ...(q.service ? { service: q.service } : {}),
        ...(q.enabled !== undefined ? { enabled: q.enabled } : {}),
        ...(q.loaded !== undefined ? { loaded: q.loaded } : {}),
        ...(q.q ? { q: q.q } : {}),
      }),
    );
  });

  app.get('/detection/v1/rules/:id', { config: sigmaRule('read', 'id'), schema: { params: RuleParams } }, async (request, reply) =>
    answer(request, reply, () => o.service.getRule(request.params.id)),
  );

  app.put('/detection/v1/rules/:id/state', { config: sigmaRule('update', 'id'), schema: { params: RuleParams, body: RuleStateBody }, preValidation: strictBoolean }, async (request, reply) =>
    answer(request, reply, async () => {
      const actor = request.principal?.id ?? 'unknown';
      const rule = await o.service.setRuleEnabled(request.params.id, request.body.enabled, actor);
      request.log.info({ rule: rule.id, enabled: rule.enabled, actor }, 'Sigma rule state changed');
      return rule;
    }),
  );

  app.get('/detection/v1/problems', { config: sigmaRule('list'), schema: { querystring: ListProblemsQuery } }, async (request, reply) => {
    const q = request.query;
    return answer(request, reply, () =>
      o.service.problems({ offset: q.offset, limit: q.limit, ...(q.stage ? { stage: q.stage } : {}), ...(q.severity ? { severity: q.severity } : {}), ...(q.code ? { code: q.code } : {}) }),
    );
  });

  // A hunt reads event history: the `search` action, which analysts have on events too.
  app.post('/detection/v1/hunts', { config: sigmaRule('search'), schema: { body: HuntBody } }, async (request, reply) =>
    answer(request, reply, async () => {
      const b = request.body;
      const found = await o.service.hunt({ rule: b.rule, since: b.since, limit: b.limit, ...(b.until ? { until: b.until } : {}) });
      request.log.info({ rule: found.rule.key, since: found.since, found: (found.events ?? found.windows ?? []).length, truncated: found.truncated }, 'hunt run');
      return found;
    }),
  );

  // Answers while the rules load too: it is how a caller learns when they are ready.
  app.get('/detection/v1/summary', { config: sigmaRule('read') }, async (request, reply) => answer(request, reply, () => o.service.summary()));
};
