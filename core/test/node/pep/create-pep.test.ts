import type { AuthzenEvaluationRequest, AuthzenEvaluationResponse, ErrorBody } from '@halong/core';
import type { Authorizer, CredentialResult, HalongServer, PepOptions } from '@halong/core/node';
import { createLogger, createMetrics, createPep, createServer } from '@halong/core/node';

const alice: CredentialResult = { ok: true, principal: { type: 'user', id: 'alice', properties: { roles: ['analyst'] } } };

function appWith(options: Partial<PepOptions> & { decide?: (r: AuthzenEvaluationRequest) => AuthzenEvaluationResponse }) {
  const seen: AuthzenEvaluationRequest[] = [];
  const authorizer: Authorizer = options.authorizer ?? {
    evaluate: async (r) => {
      seen.push(r);
      return options.decide ? options.decide(r) : { decision: true };
    },
  };
  const decisions: { allowed: boolean; reason: string }[] = [];
  const app: HalongServer = createServer({
    service: 'pep-test',
    version: '0',
    logger: createLogger('pep-test', 'silent'),
    metrics: createMetrics({ defaultMetrics: false }),
    authorize: createPep({
      authorizer,
      verifyBearer: async (token) => (token === 'good' ? alice : { ok: false, code: 'HALONG_TOKEN_EXPIRED', reason: 'The token expired.' }),
      clock: () => new Date('2026-11-23T08:00:00Z'),
      onDecision: (d) => decisions.push({ allowed: d.allowed, reason: d.reason }),
      ...options,
    }),
  });
  app.get('/api/policies/:id', { config: { resource: { type: 'policy', idParam: 'id' } } }, async (req) => ({ by: req.principal?.id }));
  app.delete('/api/cases/:id', { config: { resource: { type: 'case', idParam: 'id' }, action: 'close' } }, async () => ({ ok: true }));
  app.get('/api/plain', async () => ({ ok: true }));
  return { app, seen, decisions };
}

describe('createPep', () => {
  it('answers 401 when no credential is presented, without asking the PDP', async () => {
    const { app, seen } = appWith({});
    const res = await app.inject({ method: 'GET', url: '/api/policies/p1' });
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_AUTH_UNAUTHENTICATED', message: 'A client certificate or a bearer token is required.' });
    expect(seen).toHaveLength(0);
  });

  it("answers 401 with the verifier's code and reason for a bad token", async () => {
    const { app, decisions } = appWith({});
    const res = await app.inject({ method: 'GET', url: '/api/policies/p1', headers: { authorization: 'Bearer bad' } });
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_TOKEN_EXPIRED', message: 'The token expired.' });
    expect(decisions).toEqual([{ allowed: false, reason: 'The token expired.' }]);
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const { app } = appWith({});
    const res = await app.inject({ method: 'GET', url: '/api/plain', headers: { authorization: 'Basic YWxpY2U6cHc=' } });
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_AUTH_MALFORMED_AUTHORIZATION');
  });

  it('asks the PDP with an AuthZEN request built from the route, and serves the allowed caller', async () => {
    const { app, seen } = appWith({});
    const res = await app.inject({ method: 'GET', url: '/api/policies/p1', headers: { authorization: 'Bearer good', 'x-request-id': 'r-1' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ by: 'alice' });
    expect(seen).toEqual([
      {
        subject: { type: 'user', id: 'alice', properties: { roles: ['analyst'] } },
        resource: { type: 'policy', id: 'p1' },
        action: { name: 'read' },
        context: { ip: '127.0.0.1', method: 'GET', path: '/api/policies/:id', request_id: 'r-1', time: '2026-11-23T08:00:00.000Z' },
      },
    ]);
  });

  it('uses the action named by the route, and the route path as id when no id parameter is named', async () => {
    const { app, seen } = appWith({});
    await app.inject({ method: 'DELETE', url: '/api/cases/c9', headers: { authorization: 'Bearer good' } });
    await app.inject({ method: 'GET', url: '/api/plain', headers: { authorization: 'Bearer good' } });
    expect(seen.map((r) => [r.resource, r.action.name])).toEqual([
      [{ type: 'case', id: 'c9' }, 'close'],
      [{ type: 'route', id: '/api/plain' }, 'read'],
    ]);
  });

  it("answers 403 with the PDP's user reason and never runs the route on deny", async () => {
    const handler = jest.fn();
    const { app, decisions } = appWith({
      decide: () => ({ decision: false, context: { reason_user: { en: 'Analysts cannot change policies.' }, reason_admin: { en: 'policy admins-only matched (deny)' } } }),
    });
    app.put('/api/policies/:id', { config: { resource: { type: 'policy', idParam: 'id' } } }, handler);
    const res = await app.inject({ method: 'PUT', url: '/api/policies/p1', headers: { authorization: 'Bearer good' }, payload: {} });
    expect(res.statusCode).toBe(403);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_AUTH_FORBIDDEN', message: 'Analysts cannot change policies.' });
    expect(handler).not.toHaveBeenCalled();
    expect(decisions).toEqual([{ allowed: false, reason: 'policy admins-only matched (deny)' }]);
  });

  it('fails closed with 503 when the PDP cannot be reached', async () => {
    const { app } = appWith({ authorizer: { evaluate: async () => Promise.reject(new Error('connect ECONNREFUSED')) } });
    const res = await app.inject({ method: 'GET', url: '/api/plain', headers: { authorization: 'Bearer good' } });
    expect(res.statusCode).toBe(503);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_AUTH_PDP_UNAVAILABLE');
  });

  it('still serves open routes without any credential', async () => {
    const { app } = appWith({});
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
