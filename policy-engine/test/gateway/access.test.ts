import type { ErrorBody } from '@halong/core';
import { hrRoutes, testGateway } from './support/gateway';
import type { TestGateway } from './support/gateway';
import type { Upstream } from './support/upstream';
import { startUpstream } from './support/upstream';

let upstream: Upstream;
let gw: TestGateway;

beforeAll(async () => {
  upstream = await startUpstream();
  const land = `- name: land-registry\n  prefix: /apps/land\n  upstream: ${upstream.url}\n  resource: {type: gov-app, id: land}\n  action: access\n`;
  gw = await testGateway(`${hrRoutes(upstream.url)}${land}`);
});

afterAll(async () => {
  await gw.app.close();
  await upstream.close();
});

beforeEach(() => {
  upstream.seen.length = 0;
  gw.asked.length = 0;
});

describe('the gateway asks the PDP before anything reaches an upstream', () => {
  it('401 without a credential: the PDP is not asked and the upstream never hit', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/apps/hr/payroll' });
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_AUTH_UNAUTHENTICATED', requestId: res.headers['x-request-id'] });
    const bad = await gw.app.inject({ method: 'GET', url: '/apps/hr/payroll', headers: { authorization: 'Bearer nobody' } });
    expect(bad.statusCode).toBe(401);
    expect(gw.asked).toHaveLength(0);
    expect(upstream.seen).toHaveLength(0);
  });

  it('403 when the PDP denies, with its reason for the caller, and the upstream never hit', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const res = await gw.app.inject({ method, url: '/apps/hr/payroll', headers: { authorization: 'Bearer bob' }, payload: method === 'POST' ? 'data' : undefined });
      expect(res.statusCode).toBe(403);
      expect(res.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_AUTH_FORBIDDEN', message: 'Only HR staff may use this application.' });
    }
    expect(gw.asked).toHaveLength(3);
    expect(upstream.seen).toHaveLength(0);
  });

  it('about the route’s resource (type app, id = route name) whatever the path, and the action of the method', async () => {
    const alice = { authorization: 'Bearer alice' };
    for (const [method, url] of [['GET', '/apps/hr'], ['HEAD', '/apps/hr/a'], ['POST', '/apps/hr/a/b'], ['PUT', '/apps/hr/x'], ['PATCH', '/apps/hr/x'], ['DELETE', '/apps/hr/x'], ['OPTIONS', '/apps/hr/x']] as const) {
      expect((await gw.app.inject({ method, url, headers: alice })).statusCode).toBe(200);
    }
    expect(gw.asked.map((a) => [a.resource, a.action.name])).toEqual([
      [{ type: 'app', id: 'hr' }, 'read'],
      [{ type: 'app', id: 'hr' }, 'read'],
      [{ type: 'app', id: 'hr' }, 'create'],
      [{ type: 'app', id: 'hr' }, 'update'],
      [{ type: 'app', id: 'hr' }, 'update'],
      [{ type: 'app', id: 'hr' }, 'delete'],
      [{ type: 'app', id: 'hr' }, 'options'],
    ]);
    expect(gw.asked[0]!.subject).toEqual({ type: 'user', id: 'alice', properties: expect.objectContaining({ roles: ['hr-staff'] }) });
    expect(upstream.seen.map((s) => s.url)).toEqual(['/', '/a', '/a/b', '/x', '/x', '/x', '/x']);
  });

  it('about the resource and fixed action a route names', async () => {
    await gw.app.inject({ method: 'POST', url: '/apps/land/parcels', headers: { authorization: 'Bearer alice' } });
    expect(gw.asked.map((a) => [a.resource, a.action.name, a.context?.['path']])).toEqual([[{ type: 'gov-app', id: 'land' }, 'access', '/apps/land/*']]);
  });

  it('503 when the PDP cannot be reached: closed, and the upstream never hit', async () => {
    const { app } = await testGateway(hrRoutes(upstream.url), { authorizer: { evaluate: () => Promise.reject(new Error('connect ECONNREFUSED')) } });
    const res = await app.inject({ method: 'GET', url: '/apps/hr/x', headers: { authorization: 'Bearer alice' } });
    expect(res.statusCode).toBe(503);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_AUTH_PDP_UNAVAILABLE');
    expect(upstream.seen).toHaveLength(0);
    await app.close();
  });

  it('500 when an authorizer allows without naming the principal: nothing is forwarded unsigned', async () => {
    const { app } = await testGateway(hrRoutes(upstream.url), { authorize: async () => null });
    const res = await app.inject({ method: 'GET', url: '/apps/hr/x' });
    expect(res.statusCode).toBe(500);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_GATEWAY_NO_PRINCIPAL');
    expect(upstream.seen).toHaveLength(0);
    await app.close();
  });
});
