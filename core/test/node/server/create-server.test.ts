import { Type } from '@sinclair/typebox';
import type { ErrorBody, HealthResponse, ReadyResponse } from '@halong/core';
import { HalongError } from '@halong/core';
import type { AuthorizeHook, HalongServer, Metrics, ReadinessCheck, ServerOptions } from '@halong/core/node';
import { createLogger, createMetrics, createServer } from '@halong/core/node';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const REMOTE = '10.1.2.3';

const servers: HalongServer[] = [];
function server(options: Partial<ServerOptions> = {}): { app: HalongServer; metrics: Metrics } {
  const metrics = options.metrics ?? createMetrics({ defaultMetrics: false });
  const app = createServer({ service: 'test', version: '1.2.3', logger: createLogger('test', 'silent'), metrics, ...options });
  servers.push(app);
  return { app, metrics };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  jest.restoreAllMocks();
});

/** A mocked authorize hook. */
const authorizer = (decide: AuthorizeHook) => jest.fn((request: Parameters<AuthorizeHook>[0]) => decide(request));

const check = (name: string, result: () => Promise<string>): ReadinessCheck & { check: jest.Mock } => ({ name, check: jest.fn(result) });

describe('createServer /healthz', () => {
  it('answers 200 with the service, its version and its uptime', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const { app } = server();
    await app.ready();
    now.mockReturnValue(1_000_000 + 5_400);
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ status: 'ok', service: 'test', version: '1.2.3', uptimeSeconds: 5 } satisfies HealthResponse);
  });

  it('is public: a remote caller gets it without any authorizer', async () => {
    const authorize = authorizer(async () => null);
    const { app } = server({ authorize });
    const res = await app.inject({ method: 'GET', url: '/healthz', remoteAddress: REMOTE });
    expect(res.statusCode).toBe(200);
    expect(authorize).not.toHaveBeenCalled();
  });
});

describe('createServer /readyz', () => {
  it('answers 200 ready from loopback when every check resolves', async () => {
    const checks = [check('opensearch', async () => 'cluster halong is green with 1 node(s)'), check('kafka', async () => 'cluster abc with 1 broker(s)')];
    const { app } = server({ readiness: checks });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    const body = res.json<ReadyResponse>();
    expect(body).toEqual({
      status: 'ready',
      engines: {
        opensearch: { status: 'ready', latencyMs: expect.any(Number), detail: 'cluster halong is green with 1 node(s)' },
        kafka: { status: 'ready', latencyMs: expect.any(Number), detail: 'cluster abc with 1 broker(s)' },
      },
    });
    expect(body.engines.kafka!.latencyMs).toBeGreaterThanOrEqual(0);
    for (const c of checks) expect(c.check).toHaveBeenCalledTimes(1);
  });

  it('answers 503 not_ready with the detail of the engine that failed', async () => {
    const { app } = server({
      readiness: [check('opensearch', async () => 'green'), check('kafka', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9092')))],
    });
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({
      status: 'not_ready',
      engines: {
        opensearch: { status: 'ready', latencyMs: expect.any(Number), detail: 'green' },
        kafka: { status: 'unavailable', latencyMs: expect.any(Number), detail: 'connect ECONNREFUSED 127.0.0.1:9092' },
      },
    });
  });

  it('is ready with no checks at all', async () => {
    const { app } = server();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', engines: {} });
  });

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('lets loopback address %s in without an authorizer', async (remoteAddress) => {
    const { app } = server();
    expect((await app.inject({ method: 'GET', url: '/readyz', remoteAddress })).statusCode).toBe(200);
  });

  it('does not let a remote caller pass for loopback with X-Forwarded-For', async () => {
    const { app } = server();
    const res = await app.inject({ method: 'GET', url: '/readyz', remoteAddress: REMOTE, headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(res.statusCode).toBe(401);
  });

  it('answers 401 HALONG_AUTH_UNAUTHENTICATED to a remote caller when no authorizer is configured, without running the checks', async () => {
    const c = check('kafka', async () => 'ok');
    const { app } = server({ readiness: [c] });
    const res = await app.inject({ method: 'GET', url: '/readyz', remoteAddress: REMOTE });
    expect(res.statusCode).toBe(401);
    const body = res.json<ErrorBody>();
    expect(body.error.code).toBe('HALONG_AUTH_UNAUTHENTICATED');
    expect(body.error.message).toEqual(expect.any(String));
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    expect(c.check).not.toHaveBeenCalled();
  });

  it('passes the 403 of the authorizer through to a remote caller', async () => {
    const authorize = authorizer(async () => ({ status: 403, message: 'Policy denies readyz to 10.1.2.3.' }));
    const { app } = server({ authorize });
    const res = await app.inject({ method: 'GET', url: '/readyz', remoteAddress: REMOTE });
    expect(res.statusCode).toBe(403);
    expect(res.json<ErrorBody>().error).toEqual({ code: 'HALONG_AUTH_FORBIDDEN', message: 'Policy denies readyz to 10.1.2.3.', requestId: expect.any(String) });
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(authorize.mock.calls[0]![0].ip).toBe(REMOTE);
    expect(authorize.mock.calls[0]![0].url).toBe('/readyz');
  });

  it('passes the 401 of the authorizer through with its message', async () => {
    const { app } = server({ authorize: async () => ({ status: 401, message: 'Bring a token.' }) });
    const res = await app.inject({ method: 'GET', url: '/readyz', remoteAddress: REMOTE });
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_AUTH_UNAUTHENTICATED', message: 'Bring a token.' });
  });

  it('serves a remote caller the authorizer allows', async () => {
    const { app } = server({ authorize: async () => null });
    const res = await app.inject({ method: 'GET', url: '/readyz', remoteAddress: REMOTE });
    expect(res.statusCode).toBe(200);
  });

  it('does not ask the authorizer about loopback callers', async () => {
    const authorize = authorizer(async () => ({ status: 403, message: 'no' }));
    const { app } = server({ authorize });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect(authorize).not.toHaveBeenCalled();
  });
});

describe('createServer /metrics', () => {
  it('serves Prometheus text with the HTTP request counter', async () => {
    const { app } = server();
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/nowhere' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('# TYPE halong_http_requests_total counter');
    expect(res.body).toContain('halong_http_requests_total{service="test",route="/healthz",method="GET",status="200"} 2');
    expect(res.body).toContain('halong_http_requests_total{service="test",route="unmatched",method="GET",status="404"} 1');
    expect(res.body).toContain('# TYPE halong_http_request_seconds histogram');
  });

  it('counts denied requests with their status', async () => {
    const { app, metrics } = server();
    await app.inject({ method: 'GET', url: '/metrics', remoteAddress: REMOTE });
    const { values } = await metrics.registry.getSingleMetric('halong_http_requests_total')!.get();
    expect(values).toEqual([{ labels: { service: 'test', route: '/metrics', method: 'GET', status: '401' }, value: 1 }]);
  });

  it('answers 401 to a remote caller when no authorizer is configured', async () => {
    const { app } = server();
    const res = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: REMOTE });
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_AUTH_UNAUTHENTICATED');
    expect(res.body).not.toContain('halong_http_requests_total');
  });

  it('passes the 403 of the authorizer through', async () => {
    const { app } = server({ authorize: async () => ({ status: 403, message: 'metrics are for the monitoring identity' }) });
    const res = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: REMOTE });
    expect(res.statusCode).toBe(403);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_AUTH_FORBIDDEN', message: 'metrics are for the monitoring identity' });
  });

  it('includes process metrics when the server creates its own registry', async () => {
    const app = createServer({ service: 'own', version: '0', logger: createLogger('test', 'silent') });
    servers.push(app);
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('halong_process_cpu_seconds_total');
    expect(res.body).toContain('# TYPE halong_http_requests_total counter');
  });
});

describe('createServer access on added routes', () => {
  it('denies a route without config.access (protected by default), even from loopback, without running it', async () => {
    const handler = jest.fn(async () => ({ secret: 'classified-payload' }));
    const { app } = server();
    app.get('/api/things', handler);
    for (const remoteAddress of ['127.0.0.1', REMOTE]) {
      const res = await app.inject({ method: 'GET', url: '/api/things', remoteAddress });
      expect(res.statusCode).toBe(401);
      expect(res.json<ErrorBody>().error.code).toBe('HALONG_AUTH_UNAUTHENTICATED');
      expect(res.body).not.toContain('classified-payload');
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('serves a protected route when the authorizer returns null', async () => {
    const authorize = authorizer(async () => null);
    const { app } = server({ authorize });
    app.post('/api/things', async (request) => ({ got: request.body }));
    const res = await app.inject({ method: 'POST', url: '/api/things', payload: { a: 1 }, remoteAddress: REMOTE });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ got: { a: 1 } });
    expect(authorize).toHaveBeenCalledTimes(1);
  });

  it('decides each request on its own', async () => {
    const { app } = server({ authorize: async (req) => (req.headers.authorization === 'Bearer good' ? null : { status: 401, message: 'bad token' }) });
    app.get('/api/me', async () => ({ me: 'analyst' }));
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer good' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer bad' } })).statusCode).toBe(401);
  });

  it('serves a public route to anyone and a loopback route only to loopback', async () => {
    const { app } = server();
    app.get('/open', { config: { access: 'public' } }, async () => ({ ok: true }));
    app.get('/local', { config: { access: 'loopback' } }, async () => ({ ok: true }));
    expect((await app.inject({ method: 'GET', url: '/open', remoteAddress: REMOTE })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/local' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/local', remoteAddress: REMOTE })).statusCode).toBe(401);
  });

  it('answers 500 HALONG_API_INTERNAL, and does not run the route, when the authorizer itself fails', async () => {
    const handler = jest.fn(async () => ({}));
    const { app } = server({ authorize: async () => { throw new Error('policy engine unreachable at 10.0.0.9'); } });
    app.get('/api/x', handler);
    const res = await app.inject({ method: 'GET', url: '/api/x' });
    expect(res.statusCode).toBe(500);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_API_INTERNAL');
    expect(res.body).not.toContain('10.0.0.9');
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('createServer errors', () => {
  it('answers an unknown route with 404 HALONG_API_NOT_FOUND and the request id', async () => {
    const authorize = authorizer(async () => null);
    const { app } = server({ authorize });
    const res = await app.inject({ method: 'GET', url: '/no/such/route?x=1', remoteAddress: REMOTE });
    expect(res.statusCode).toBe(404);
    const body = res.json<ErrorBody>();
    expect(body.error.code).toBe('HALONG_API_NOT_FOUND');
    expect(body.error.message).toBe('No route GET /no/such/route');
    expect(body.error.requestId).toMatch(UUID);
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    expect(authorize).not.toHaveBeenCalled();
  });

  it('answers a HalongError with its status, code, message and details', async () => {
    const { app } = server({ authorize: async () => null });
    app.get('/api/bad', async () => {
      throw new HalongError('HALONG_API_BAD_REQUEST', 'field "rule" is required', { details: { field: 'rule' } });
    });
    const res = await app.inject({ method: 'GET', url: '/api/bad', headers: { 'x-request-id': 'req-1' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'HALONG_API_BAD_REQUEST', message: 'field "rule" is required', requestId: 'req-1', details: { field: 'rule' } } });
  });

  it("keeps a component's own coded 4xx error (code and details), but never a 5xx one's", async () => {
    const { app } = server({ authorize: async () => null });
    app.get('/api/coded', async () => {
      throw Object.assign(new Error('policy set rejected'), { statusCode: 422, code: 'HALONG_POLICY_SET_INVALID', details: { problems: 2 } });
    });
    app.get('/api/coded-5xx', async () => {
      throw Object.assign(new Error('db password is hunter2'), { statusCode: 503, code: 'HALONG_X_DOWN' });
    });
    app.get('/api/uncoded', async () => {
      throw Object.assign(new Error('nope'), { statusCode: 409, code: 'not-halong' });
    });
    const coded = await app.inject({ method: 'GET', url: '/api/coded' });
    expect(coded.statusCode).toBe(422);
    expect(coded.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_POLICY_SET_INVALID', message: 'policy set rejected', details: { problems: 2 } });
    const hidden = await app.inject({ method: 'GET', url: '/api/coded-5xx' });
    expect(hidden.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_API_INTERNAL', message: 'An internal error occurred.' });
    const plain = await app.inject({ method: 'GET', url: '/api/uncoded' });
    expect(plain.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_API_BAD_REQUEST', message: 'nope' });
  });

  it('answers a malformed URL, rejected before routing, in the shared error shape', async () => {
    const { app } = server({ authorize: async () => null });
    app.get('/api/items/:id', async () => ({ ok: true }));
    const res = await app.inject({ method: 'GET', url: '/api/items/%zz', headers: { 'x-request-id': 'req-bad-url' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'HALONG_API_BAD_REQUEST', message: expect.any(String), requestId: 'req-bad-url' } });
  });

  it('answers a HalongError with another status as that status', async () => {
    const { app } = server({ authorize: async () => null });
    app.get('/api/busy', async () => {
      throw new HalongError('HALONG_API_UNAVAILABLE');
    });
    const res = await app.inject({ method: 'GET', url: '/api/busy' });
    expect(res.statusCode).toBe(503);
    expect(res.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_API_UNAVAILABLE', message: 'The service is temporarily unavailable.' });
  });

  it('answers a plain Error with 500 HALONG_API_INTERNAL without leaking its message', async () => {
    const { app } = server({ authorize: async () => null });
    app.get('/api/boom', async () => {
      throw new Error('ECONNRESET talking to db at 10.9.9.9 with password hunter2');
    });
    const res = await app.inject({ method: 'GET', url: '/api/boom', headers: { 'x-request-id': 'trace-77' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'HALONG_API_INTERNAL', message: 'An internal error occurred.', requestId: 'trace-77' } });
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('10.9.9.9');
  });

  it('answers a schema validation failure with 400 HALONG_API_BAD_REQUEST', async () => {
    const { app } = server({ authorize: async () => null });
    app.post('/api/rules', { schema: { body: Type.Object({ title: Type.String() }) } }, async () => ({ ok: true }));
    const res = await app.inject({ method: 'POST', url: '/api/rules', payload: { name: 'no title' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_API_BAD_REQUEST');
  });

  it('answers a body over the limit with 413 HALONG_API_PAYLOAD_TOO_LARGE', async () => {
    const { app } = server({ authorize: async () => null, bodyLimitBytes: 64 });
    app.post('/api/rules', async () => ({ ok: true }));
    const res = await app.inject({ method: 'POST', url: '/api/rules', payload: { title: 'x'.repeat(200) } });
    expect(res.statusCode).toBe(413);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_API_PAYLOAD_TOO_LARGE');
  });

  it('answers malformed JSON with 400 HALONG_API_BAD_REQUEST', async () => {
    const { app } = server({ authorize: async () => null });
    app.post('/api/rules', async () => ({ ok: true }));
    const res = await app.inject({ method: 'POST', url: '/api/rules', payload: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_API_BAD_REQUEST');
  });
});

describe('createServer request ids', () => {
  it('echoes a valid x-request-id', async () => {
    const { app } = server();
    for (const id of ['abc-123', 'svc.a:b_c-1', 'a'.repeat(128)]) {
      const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': id } });
      expect(res.headers['x-request-id']).toBe(id);
    }
  });

  it('replaces an invalid x-request-id with a fresh UUID', async () => {
    const { app } = server();
    for (const id of ['has space', 'a'.repeat(129), '<script>', 'x\u00e9', '']) {
      const res = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': id } });
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('gives every request without an id its own UUID', async () => {
    const { app } = server();
    const a = await app.inject({ method: 'GET', url: '/healthz' });
    const b = await app.inject({ method: 'GET', url: '/healthz' });
    expect(a.headers['x-request-id']).toMatch(UUID);
    expect(b.headers['x-request-id']).toMatch(UUID);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('puts the request id on denials and in the error body', async () => {
    const { app } = server();
    const res = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: REMOTE, headers: { 'x-request-id': 'incident-9' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['x-request-id']).toBe('incident-9');
    expect(res.json<ErrorBody>().error.requestId).toBe('incident-9');
  });
});
