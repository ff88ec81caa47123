// Admin API, identities and live state: issued certificates, join tokens, certificate and token
// revocation, quarantine, risk and the audit chain. Revocations and quarantines go on the
// control topic, so every enforcement point applies them on its next request.
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { HalongServer } from '@halong/core/node';
import type { Entity } from '../pdp/decision-types';
import { entityKey } from '../pdp/entities';
import { REVOCATION_REASONS } from '../pki/revocation-store';
import type { RevocationReason } from '../pki/revocation-store';
import { normalizeSerialNumber } from '../pki/serial-number';
import { parseSpiffeId, WORKLOAD_KINDS } from '../pki/spiffe-id';
import { MAX_WORKLOAD_LIFETIME_MS } from '../pki/issue-workload-certificate';
import type { QuarantineData, RevocationData, RiskClearedData } from '../service/control-state';
import { revocationId } from '../service/control-state';
import type { AdminRoutesOptions } from './admin-options';
import { actorOf } from './admin-options';
import { httpError, mapErrors } from './http-errors';

const Segment = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });
const EntityKind = Type.Union(['user', 'spiffe', 'host', 'ip', 'collector', 'device', 'service'].map((k) => Type.Literal(k)));
const MAX_QUARANTINE_SECONDS = 30 * 86_400;

const area = (type: string, action: string) => ({ access: 'protected' as const, resource: { type }, action });

const adminIdentityRoutes: FastifyPluginAsync<AdminRoutesOptions> = async (fastify, o) => {
  const app = fastify as unknown as HalongServer;

  app.get(
    '/admin/v1/identities',
    {
      config: area('identity', 'list'),
      schema: {
        querystring: Type.Object({
          spiffe_id: Type.Optional(Type.String({ maxLength: 512 })),
          site: Type.Optional(Segment),
          kind: Type.Optional(Type.Union(WORKLOAD_KINDS.map((k) => Type.Literal(k)))),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
        }),
      },
    },
    async (request) => {
      const q = request.query;
      const identities = await o.identities.list({ limit: q.limit, ...(q.spiffe_id ? { spiffeId: q.spiffe_id } : {}), ...(q.site ? { site: q.site } : {}), ...(q.kind ? { kind: q.kind } : {}) });
      const now = o.clock();
      return {
        identities: identities.map((r) => ({
          ...r,
          revoked: o.control.get('revocation', revocationId('serial', r.serial), now) !== undefined || o.control.get('revocation', revocationId('spiffe-id', r.spiffeId), now) !== undefined,
        })),
      };
    },
  );

  app.post(
    '/admin/v1/join-tokens',
    {
      config: area('join_token', 'create'),
      schema: {
        body: Type.Object({
          kind: Type.Union(WORKLOAD_KINDS.map((k) => Type.Literal(k))),
          site: Segment,
          name: Segment,
          ttl_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 7 * 86_400 })),
        }),
      },
    },
    async (request, reply) =>
      mapErrors(async () => {
        const b = request.body;
        const issued = await o.joinTokens.issue({ kind: b.kind, site: b.site, name: b.name, createdBy: actorOf(request), ...(b.ttl_seconds ? { ttlSeconds: b.ttl_seconds } : {}) });
        const expiresAt = new Date(issued.expiresAt).toISOString();
        await o.audit.record({ actor: actorOf(request), action: 'join_token.issue', target: { type: 'join_token', id: issued.id }, after: { kind: b.kind, site: b.site, name: b.name, expiresAt } });
        void reply.header('cache-control', 'no-store').status(201);
        // The secret is shown once, here; only its hash is stored.
        return { id: issued.id, token: issued.token, expires_at: expiresAt, trust_bundle_sha256: o.trustBundleSha256() };
      }),
  );

  app.get('/admin/v1/join-tokens', { config: area('join_token', 'list') }, async () => ({ join_tokens: await o.joinTokens.list() }));

  app.delete(
    '/admin/v1/join-tokens/:id',
    { config: { ...area('join_token', 'delete'), resource: { type: 'join_token', idParam: 'id' } }, schema: { params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }) } },
    async (request, reply) => {
      if (!(await o.joinTokens.revoke(request.params.id))) throw httpError(404, 'HALONG_ENROL_TOKEN_UNKNOWN', `No join token ${request.params.id}.`);
      await o.audit.record({ actor: actorOf(request), action: 'join_token.revoke', target: { type: 'join_token', id: request.params.id } });
      return reply.status(204).send();
    },
  );

  app.post(
    '/admin/v1/revocations',
    {
      config: area('identity', 'revoke'),
      schema: {
        body: Type.Object({
          serial: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
          spiffe_id: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
          reason: Type.Union(REVOCATION_REASONS.map((r) => Type.Literal(r))),
        }),
      },
    },
    async (request, reply) =>
      mapErrors(async () => {
        const { serial, spiffe_id: spiffeId, reason } = request.body;
        if (Boolean(serial) === Boolean(spiffeId)) throw httpError(400, 'HALONG_API_BAD_REQUEST', 'Name exactly one of serial or spiffe_id.');
        const now = o.clock();
        let data: RevocationData;
        let until: Date;
        if (serial) {
          const canonical = normalizeSerialNumber(serial);
          const known = await o.identities.get(canonical);
          if (!known) throw httpError(404, 'HALONG_PKI_UNKNOWN_SERIAL', `The Halong CA issued no certificate with serial ${canonical}.`);
          data = { type: 'serial', value: canonical, reason: reason as RevocationReason, revokedAt: now.toISOString() };
          until = new Date(known.notAfter);
          await o.identities.markRevoked(canonical, reason, now);
        } else {
          parseSpiffeId(spiffeId!);
          data = { type: 'spiffe-id', value: spiffeId!, reason: reason as RevocationReason, revokedAt: now.toISOString() };
          // Every certificate of the identity issued until now is dead once the longest lifetime has passed.
          until = new Date(now.getTime() + MAX_WORKLOAD_LIFETIME_MS);
        }
        const id = revocationId(data.type, data.value);
        await o.control.set({ kind: 'revocation', id, data, at: now.toISOString(), by: actorOf(request), until: until.toISOString() });
        await o.audit.record({ actor: actorOf(request), action: 'identity.revoke', target: { type: data.type, id: data.value }, after: { reason, until: until.toISOString() } });
        return reply.status(201).send({ id, ...data, until: until.toISOString() });
      }),
  );

  app.post(
    '/admin/v1/token-revocations',
    {
      config: area('token', 'revoke'),
      schema: { body: Type.Object({ jti: Type.String({ minLength: 1, maxLength: 256 }), expires_at: Type.Integer({ minimum: 1 }) }) },
    },
    async (request, reply) => {
      const now = o.clock();
      const until = new Date(Math.min(request.body.expires_at * 1000, now.getTime() + 86_400_000)).toISOString();
      await o.control.set({ kind: 'token_revocation', id: request.body.jti, data: { jti: request.body.jti }, at: now.toISOString(), by: actorOf(request), until });
      await o.audit.record({ actor: actorOf(request), action: 'token.revoke', target: { type: 'jti', id: request.body.jti }, after: { until } });
      return reply.status(201).send({ jti: request.body.jti, until });
    },
  );

  app.get('/admin/v1/quarantine', { config: area('quarantine', 'list') }, async () => ({
    quarantine: o.control.list<QuarantineData>('quarantine', o.clock()).map((r) => ({ ...r.data, at: r.at, by: r.by, until: r.until })),
  }));

  app.put(
    '/admin/v1/quarantine',
    {
      config: area('quarantine', 'update'),
      schema: {
        body: Type.Object({
          entity: Type.Object({ kind: EntityKind, id: Type.String({ minLength: 1, maxLength: 512 }) }),
          reason: Type.String({ minLength: 1, maxLength: 1000 }),
          ttl_seconds: Type.Optional(Type.Integer({ minimum: 60, maximum: MAX_QUARANTINE_SECONDS })),
        }),
      },
    },
    async (request) => {
      const entity = request.body.entity as Entity;
      const now = o.clock();
      const until = request.body.ttl_seconds ? new Date(now.getTime() + request.body.ttl_seconds * 1000).toISOString() : undefined;
      const id = entityKey(entity);
      const before = o.control.get<QuarantineData>('quarantine', id, now);
      const data: QuarantineData = { entity, reason: request.body.reason };
      await o.control.set({ kind: 'quarantine', id, data, at: now.toISOString(), by: actorOf(request), ...(until ? { until } : {}) });
      await o.audit.record({ actor: actorOf(request), action: 'quarantine.set', target: { type: entity.kind, id: entity.id }, before: before?.data, after: { ...data, until } });
      return { ...data, until };
    },
  );

  app.delete(
    '/admin/v1/quarantine/:kind/:id',
    { config: area('quarantine', 'delete'), schema: { params: Type.Object({ kind: EntityKind, id: Type.String({ minLength: 1, maxLength: 512 }) }) } },
    async (request, reply) => {
      const entity = { kind: request.params.kind, id: request.params.id } as Entity;
      const id = entityKey(entity);
      const before = o.control.get<QuarantineData>('quarantine', id, o.clock());
      if (!before) throw httpError(404, 'HALONG_POLICY_NOT_QUARANTINED', `${id} is not quarantined.`);
      await o.control.remove('quarantine', id);
      // Dated, so that alerts from before the lift raise nothing when a restarted engine reads them again.
      await o.control.set<RiskClearedData>({ kind: 'risk_cleared', id, data: { entity }, at: o.clock().toISOString(), by: actorOf(request) });
      await o.audit.record({ actor: actorOf(request), action: 'quarantine.lift', target: { type: entity.kind, id: entity.id }, before: before.data });
      return reply.status(204).send();
    },
  );

  app.get(
    '/admin/v1/risk/:kind/:id',
    { config: area('risk', 'read'), schema: { params: Type.Object({ kind: EntityKind, id: Type.String({ minLength: 1, maxLength: 512 }) }) } },
    async (request) => {
      const entity = { kind: request.params.kind, id: request.params.id } as Entity;
      return { entity, score: o.risks.scoreOf(entity), reasons: o.risks.reasonsOf(entity) };
    },
  );

  app.get('/admin/v1/audit', { config: area('audit', 'read'), schema: { querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }) }) } }, async (request) => {
    const entries = await o.audit.read();
    return { entries: entries.slice(-request.query.limit).reverse() };
  });

  app.get('/admin/v1/audit/verify', { config: area('audit', 'read') }, async () => o.audit.verify(await o.audit.read()));
};

export { adminIdentityRoutes };
