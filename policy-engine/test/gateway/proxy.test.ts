import type { ServerResponse } from 'node:http';
import type { ErrorBody } from '@halong/core';
import type { HalongServer } from '@halong/core/node';
import { GATEWAY_JWKS_PATH } from '../../src/gateway/identity-claims';
import { verifyIdentityAssertion } from '../../src/gateway/verify-identity-assertion';
import type { TestGateway } from './support/gateway';
import { hrRoutes, ISSUER, NOW_MS, testGateway } from './support/gateway';
import { listen, rawRequest, readAll } from './support/http-client';
import type { SeenRequest, Upstream } from './support/upstream';
import { closedPort, echo, startUpstream } from './support/upstream';

const alice = { authorization: 'Bearer alice' };

// One upstream application for the whole file; what it does depends on the path it is asked for.
function application(seen: SeenRequest, res: ServerResponse): void {
  if (seen.url === '/created') {
    res.writeHead(201, [
      ['content-type', 'text/plain'],
      ['set-cookie', 'a=1; HttpOnly'],
      ['set-cookie', 'b=2; Secure'],
      ['x-app', 'hr'],
      ['connection', 'x-app-hop'],
      ['x-app-hop', 'only for the gateway'],
      ['keep-alive', 'timeout=5'],
      ['proxy-authenticate', 'Basic realm="hr"'],
    ]);
    res.end('made');
  } else if (seen.url === '/no-content') {
    res.writeHead(204, { 'x-app': 'hr' }).end();
  } else echo(seen, res);
}

let upstream: Upstream;
let gw: TestGateway;

beforeAll(async () => {
  // `/slow` gets its headers read and is never answered.
  upstream = await startUpstream(application, (req) => req.url === '/slow');
  gw = await testGateway(hrRoutes(upstream.url, '  maxBodyBytes: 16\n  timeoutMs: 300\n'));
});

afterAll(async () => {
  await gw.app.close();
  await upstream.close();
});

beforeEach(() => {
  upstream.seen.length = 0;
});

describe('the gateway forwards an allowed request', () => {
  it('with the prefix stripped and the query kept as sent', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/apps/hr/employees/7?expand=manager&q=a%20b', headers: alice });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ url: string }>().url).toBe('/employees/7?expand=manager&q=a%20b');
    await gw.app.inject({ method: 'GET', url: '/apps/hr', headers: alice });
    await gw.app.inject({ method: 'GET', url: '/apps/hr?page=2', headers: alice });
    await gw.app.inject({ method: 'DELETE', url: '/apps/hr/', headers: alice });
    expect(upstream.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /employees/7?expand=manager&q=a%20b', 'GET /', 'GET /?page=2', 'DELETE /']);
  });

  it('under the upstream base path, with or without the prefix', async () => {
    const routes = `- {name: land, prefix: /apps/land, upstream: "${upstream.url}/registry/", stripPrefix: false}\n- {name: permits, prefix: /apps/permits, upstream: "${upstream.url}/base"}\n`;
    const { app } = await testGateway(routes);
    await app.inject({ method: 'GET', url: '/apps/land/parcels/9?x=1', headers: alice });
    await app.inject({ method: 'GET', url: '/apps/permits/p/1', headers: alice });
    await app.inject({ method: 'GET', url: '/apps/permits', headers: alice });
    expect(upstream.seen.map((s) => s.url)).toEqual(['/registry/apps/land/parcels/9?x=1', '/base/p/1', '/base/']);
    await app.close();
  });

  it('with its body byte for byte, never parsed, and its content headers', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/apps/hr/forms', payload: '{"not": json', headers: { ...alice, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    const binary = Buffer.from([0, 255, 1, 254, 2]);
    await gw.app.inject({ method: 'PUT', url: '/apps/hr/photo', payload: binary, headers: { ...alice, 'content-type': 'image/png' } });
    expect(upstream.seen.map((s) => [s.method, s.headers['content-type'], s.headers['content-length'], s.body.toString('hex')])).toEqual([
      ['POST', 'application/json', '12', Buffer.from('{"not": json').toString('hex')],
      ['PUT', 'image/png', '5', '00ff01fe02'],
    ]);
  });

  it('and returns the status, headers (every set-cookie) and body, without the hop-by-hop headers', async () => {
    const res = await gw.app.inject({ method: 'POST', url: '/apps/hr/created', headers: { ...alice, 'x-request-id': 'req-42' } });
    expect(res.statusCode).toBe(201);
    expect(res.body).toBe('made');
    expect(res.headers).toMatchObject({ 'x-app': 'hr', 'set-cookie': ['a=1; HttpOnly', 'b=2; Secure'], 'x-request-id': 'req-42' });
    for (const name of ['x-app-hop', 'keep-alive', 'proxy-authenticate']) expect(res.headers[name]).toBeUndefined();
    expect(res.headers.connection).not.toContain('x-app-hop');
  });

  it('and passes a 204 and a HEAD through without a body', async () => {
    const none = await gw.app.inject({ method: 'GET', url: '/apps/hr/no-content', headers: alice });
    expect([none.statusCode, none.body, none.headers['x-app']]).toEqual([204, '', 'hr']);
    const head = await gw.app.inject({ method: 'HEAD', url: '/apps/hr/anything', headers: alice });
    expect([head.statusCode, head.body]).toEqual([200, '']);
    expect(upstream.seen.map((s) => s.method)).toEqual(['GET', 'HEAD']);
  });
});

describe('the headers the upstream gets', () => {
  it('keep cookies, drop hop-by-hop and forwarding claims of the caller, and carry the gateway’s own', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/apps/hr/me',
      headers: {
        ...alice,
        host: 'gateway.hue.gov.vn',
        cookie: 'session=abc',
        'accept-language': 'vi',
        connection: 'keep-alive, x-client-hop',
        'x-client-hop': 'for the gateway only',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        trailer: 'x-checksum',
        'proxy-authorization': 'Basic YWRtaW46YWRtaW4=',
        'proxy-connection': 'keep-alive',
        'x-forwarded-for': '10.6.6.6',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        forwarded: 'for=10.6.6.6',
        'x-real-ip': '10.6.6.6',
        'x-halong-identity': 'forged.identity.assertion',
      },
    });
    expect(res.statusCode).toBe(200);
    const headers = upstream.seen[0]!.headers;
    expect(headers).toMatchObject({
      cookie: 'session=abc',
      'accept-language': 'vi',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'gateway.hue.gov.vn',
      'x-request-id': res.headers['x-request-id'],
    });
    expect(headers.host).toBe(new URL(upstream.url).host);
    for (const name of ['authorization', 'x-client-hop', 'keep-alive', 'te', 'trailer', 'proxy-authorization', 'proxy-connection', 'forwarded', 'x-real-ip']) {
      expect([name, headers[name]]).toEqual([name, undefined]);
    }
    expect(headers.connection).not.toContain('x-client-hop');
    const assertion = headers['x-halong-identity'];
    expect(assertion).not.toBe('forged.identity.assertion');
    const identity = await verifyIdentityAssertion(String(assertion), gw.signer.jwks(), { audience: 'hr', issuer: ISSUER, clock: () => NOW_MS });
    expect(identity.subject).toBe('alice');
  });

  it('never carry a spoofed assertion, even several or in another letter case', async () => {
    await gw.app.inject({ method: 'GET', url: '/apps/hr/me', headers: { ...alice, 'X-Halong-Identity': ['forged.one', 'forged.two'] } });
    const assertion = String(upstream.seen[0]!.headers['x-halong-identity']);
    expect(assertion).not.toContain('forged');
    expect(assertion.split('.')).toHaveLength(3);
  });
});

describe('limits and failures answer in the shared error shape', () => {
  it('413 for a declared body over the route limit, before the upstream is asked; the limit itself passes', async () => {
    const over = await gw.app.inject({ method: 'POST', url: '/apps/hr/upload', payload: 'x'.repeat(17), headers: alice });
    expect(over.statusCode).toBe(413);
    expect(over.json<ErrorBody>()).toEqual({
      error: { code: 'HALONG_GATEWAY_PAYLOAD_TOO_LARGE', message: 'The request body is larger than the 16 bytes this route accepts.', requestId: over.headers['x-request-id'] },
    });
    expect(over.headers.connection).toBe('close');
    expect(upstream.seen).toHaveLength(0);
    const exact = await gw.app.inject({ method: 'POST', url: '/apps/hr/upload', payload: 'x'.repeat(16), headers: alice });
    expect(exact.statusCode).toBe(200);
  });

  it('502 when the upstream cannot be reached, without telling the caller why', async () => {
    const { app } = await testGateway(hrRoutes(`http://127.0.0.1:${await closedPort()}`));
    const res = await app.inject({ method: 'GET', url: '/apps/hr/x', headers: alice });
    expect(res.statusCode).toBe(502);
    expect(res.json<ErrorBody>().error).toEqual({ code: 'HALONG_GATEWAY_UPSTREAM_UNREACHABLE', message: 'The upstream application cannot be reached.', requestId: res.headers['x-request-id'] });
    await app.close();
  });

  describe('with a fake clock for the route timeout', () => {
    // Only timers are faked: the gateway and the upstream still talk over real sockets, whose
    // callbacks come through nextTick and setImmediate.
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate'] }));
    afterEach(() => jest.useRealTimers());

    it('504 when the upstream does not answer within the route timeout, and not a millisecond before', async () => {
      let settled = false;
      const answer = gw.app.inject({ method: 'GET', url: '/apps/hr/slow', headers: alice }).finally(() => (settled = true));
      // The deadline runs from the moment the request is sent; the upstream has it once its headers arrived.
      while (!upstream.seen.some((s) => s.url === '/slow')) await new Promise((resolve) => setImmediate(resolve));
      await jest.advanceTimersByTimeAsync(299);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      const res = await answer;
      expect(res.statusCode).toBe(504);
      expect(res.json<ErrorBody>().error).toMatchObject({ code: 'HALONG_GATEWAY_UPSTREAM_TIMEOUT', message: 'The upstream application did not answer within 300 ms.' });
      expect(upstream.seen.map((s) => s.url)).toEqual(['/slow']);
    });
  });

  it('400 for a path the router matched under another spelling of the prefix', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/apps/%68r/x', headers: alice });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.code).toBe('HALONG_GATEWAY_BAD_PATH');
    expect(upstream.seen).toHaveLength(0);
  });

  it('404 for paths under no route, and the gateway’s own routes stay its own', async () => {
    expect((await gw.app.inject({ method: 'GET', url: '/apps/hrx', headers: alice })).statusCode).toBe(404);
    expect((await gw.app.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ status: 'ok', service: 'gateway' });
    expect((await gw.app.inject({ method: 'TRACE', url: '/apps/hr/x', headers: alice })).statusCode).toBe(404);
    expect(upstream.seen).toHaveLength(0);
  });
});

describe('over a real socket', () => {
  let port: number;
  let streaming: Upstream;
  let app: HalongServer;
  let release: () => void = () => undefined;
  const firstChunk: { seen?: () => void } = {};

  beforeAll(async () => {
    streaming = await startUpstream(echo, (req, res) => {
      if (req.url === '/drip') {
        // Sends the first half, then waits for the test to have received it.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first half;');
        release = () => res.end('second half');
        return true;
      }
      if (req.url === '/trickle') {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          firstChunk.seen?.();
        });
        req.on('end', () => res.end(Buffer.concat(chunks)));
        return true;
      }
      return false;
    });
    ({ app } = await testGateway(hrRoutes(streaming.url, '  maxBodyBytes: 32\n')));
    port = await listen(app);
  });

  afterAll(async () => {
    await app.close();
    await streaming.close();
  });

  it('streams the request body: the upstream gets the first chunk before the caller sends the second', async () => {
    const arrived = new Promise<void>((resolve) => (firstChunk.seen = resolve));
    const res = await rawRequest(port, { method: 'POST', path: '/apps/hr/trickle', headers: alice }, (req) => {
      req.write('chunk-1;');
      void arrived.then(() => req.end('chunk-2'));
    });
    expect(await readAll(res)).toMatchObject({ status: 200, body: 'chunk-1;chunk-2' });
    expect(streaming.seen.at(-1)!.headers['transfer-encoding']).toBe('chunked');
  });

  it('streams the response: the caller reads the first half while the upstream still holds the second', async () => {
    const res = await rawRequest(port, { path: '/apps/hr/drip', headers: alice });
    expect(res.statusCode).toBe(200);
    const first = await new Promise<string>((resolve) => res.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(first).toBe('first half;');
    release();
    expect((await readAll(res)).body).toBe('second half');
  });

  it('413 for a chunked body that grows past the limit; the upstream never gets it whole', async () => {
    const before = streaming.seen.length;
    const res = await rawRequest(port, { method: 'POST', path: '/apps/hr/upload', headers: alice }, (req) => {
      req.on('error', () => undefined); // the gateway may close while the rest is still being sent
      req.write('x'.repeat(20));
      setTimeout(() => req.end('y'.repeat(20)), 50);
    });
    const answer = await readAll(res);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'HALONG_GATEWAY_PAYLOAD_TOO_LARGE' } });
    expect(streaming.seen.slice(before).filter((s) => s.complete)).toHaveLength(0);
  });

  it('400 for dot segments, plain or percent-encoded, before the upstream is asked', async () => {
    const before = streaming.seen.length;
    for (const path of ['/apps/hr/../secret', '/apps/hr/a/%2e%2e/%2E%2E/secret', '/apps/hr/..%2fsecret', '/apps/hr/%5c..%5csecret']) {
      const answer = await readAll(await rawRequest(port, { path, headers: alice }));
      expect([path, answer.status]).toEqual([path, 400]);
      expect(JSON.parse(answer.body).error.code).toBe('HALONG_GATEWAY_BAD_PATH');
    }
    expect(streaming.seen).toHaveLength(before);
  });

  it('serves the assertion keys to anyone', async () => {
    const answer = await readAll(await rawRequest(port, { path: GATEWAY_JWKS_PATH }));
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('public, max-age=300');
    const { keys } = JSON.parse(answer.body) as { keys: Record<string, unknown>[] };
    expect(keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })]);
    expect(keys[0]!['d']).toBeUndefined();
  });
});
