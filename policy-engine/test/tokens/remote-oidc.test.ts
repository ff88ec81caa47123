// The remote OIDC key source against a real HTTP server on 127.0.0.1: discovery, JWKS fetch,
// caching, rotation after jose's cooldown, and failures that must deny rather than throw.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONWebKeySet } from 'jose';
import type { FetchLike } from '../../src/tokens/key-source';
import { TokenConfigError } from '../../src/tokens/errors';
import { createTokenVerifier } from '../../src/tokens/verifier';
import type { TokenVerifierOptions } from '../../src/tokens/verifier-options';
import { AUDIENCE, NOW_MS, claims, expectDenied, headerFor, jwksOf, makeKey, signCompact, testClock } from './fixtures';

const keyA = makeKey('ES256', 'remote-a');
const keyB = makeKey('RS256', 'remote-b');

interface ServerState {
  jwks: JSONWebKeySet;
  discoveryStatus: number;
  jwksStatus: number;
  advertisedIssuer?: string;
}

let server: Server;
let issuer: string;
let state: ServerState;
let requests: string[];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      if (state.discoveryStatus === 302) {
        res.writeHead(302, { location: 'https://evil.example/.well-known/openid-configuration' });
        res.end();
        return;
      }
      json(state.discoveryStatus, { issuer: state.advertisedIssuer ?? issuer, jwks_uri: `${issuer}/keys` });
    } else if (req.url === '/keys') {
      json(state.jwksStatus, state.jwks);
    } else {
      json(404, {});
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

beforeEach(() => {
  state = { jwks: jwksOf(keyA), discoveryStatus: 200, jwksStatus: 200 };
  requests = [];
});

const fetched: string[] = [];
const countingFetch: FetchLike = (url, init) => {
  fetched.push(url);
  return fetch(url, init);
};

function remoteVerifier(extra: Partial<TokenVerifierOptions> = {}, oidc: Record<string, unknown> = {}) {
  return createTokenVerifier({
    issuer,
    audience: AUDIENCE,
    keys: { kind: 'oidc', allowHttp: true, fetch: countingFetch, ...oidc },
    clock: testClock().clock,
    cache: false,
    ...extra,
  });
}

const tokenFor = (key = keyA, extra: Record<string, unknown> = {}) => signCompact(headerFor(key), claims({ iss: issuer, ...extra }), key);

describe('remote OIDC issuer', () => {
  it('discovers jwks_uri, fetches the JWKS once through the injected fetch and verifies', async () => {
    fetched.length = 0;
    const v = remoteVerifier();
    expect(await v.verify(tokenFor())).toMatchObject({ ok: true, subject: 'local:lan' });
    expect(await v.verify(tokenFor(keyA, { jti: 'second' }))).toMatchObject({ ok: true, jti: 'second' });
    expect(requests).toEqual(['/.well-known/openid-configuration', '/keys']);
    expect(fetched).toEqual([`${issuer}/.well-known/openid-configuration`, `${issuer}/keys`]);
  });

  it('refuses an http issuer unless allowHttp is set', () => {
    expect(() => createTokenVerifier({ issuer, audience: AUDIENCE, keys: { kind: 'oidc' } })).toThrow(TokenConfigError);
    expect(() => createTokenVerifier({ issuer, audience: AUDIENCE, keys: { kind: 'oidc' } })).toThrow(/must use https/);
  });

  describe('key rotation and jose cooldown (jose reads Date; only Date is faked)', () => {
    beforeEach(() => {
      jest.useFakeTimers({
        now: NOW_MS,
        doNotFake: [
          'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame',
          'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval',
          'setTimeout', 'clearTimeout',
        ],
      });
    });
    afterEach(() => jest.useRealTimers());

    it('an unknown kid within the cooldown is denied without refetching; after it the new key is fetched', async () => {
      const v = remoteVerifier();
      expect((await v.verify(tokenFor())).ok).toBe(true);
      state.jwks = jwksOf(keyA, keyB);
      jest.setSystemTime(NOW_MS + 29_000);
      expectDenied(await v.verify(tokenFor(keyB)), 'HALONG_TOKEN_UNKNOWN_KID');
      expect(requests.filter((r) => r === '/keys')).toHaveLength(1);
      jest.setSystemTime(NOW_MS + 31_000);
      expect((await v.verify(tokenFor(keyB))).ok).toBe(true);
      expect(requests.filter((r) => r === '/keys')).toHaveLength(2);
      expect((await v.verify(tokenFor())).ok).toBe(true);
    });

    it('a retired key stops verifying once the cached JWKS is older than cacheMaxAgeMs', async () => {
      const v = remoteVerifier({}, { cacheMaxAgeMs: 60_000 });
      expect((await v.verify(tokenFor())).ok).toBe(true);
      state.jwks = jwksOf(keyB);
      jest.setSystemTime(NOW_MS + 59_000);
      expect((await v.verify(tokenFor())).ok).toBe(true);
      jest.setSystemTime(NOW_MS + 61_000);
      expectDenied(await v.verify(tokenFor()), 'HALONG_TOKEN_UNKNOWN_KID');
      expect((await v.verify(tokenFor(keyB))).ok).toBe(true);
    });
  });

  it('with cooldownMs 0 a rotated key is picked up on the first unknown kid', async () => {
    const v = remoteVerifier({}, { cooldownMs: 0 });
    expect((await v.verify(tokenFor())).ok).toBe(true);
    state.jwks = jwksOf(keyB);
    expect((await v.verify(tokenFor(keyB))).ok).toBe(true);
    expect(requests.filter((r) => r === '/keys')).toHaveLength(2);
  });

  it('denies when the discovery document names another issuer', async () => {
    state.advertisedIssuer = 'https://impostor.example';
    const reason = expectDenied(await remoteVerifier().verify(tokenFor()), 'HALONG_TOKEN_KEYS_UNAVAILABLE');
    expect(reason).toContain('impostor.example');
    expect(requests).not.toContain('/keys');
  });

  it('does not follow a redirect of the discovery document', async () => {
    state.discoveryStatus = 302;
    expect(expectDenied(await remoteVerifier().verify(tokenFor()), 'HALONG_TOKEN_KEYS_UNAVAILABLE')).toContain('302');
  });

  it('denies while the JWKS cannot be fetched', async () => {
    state.jwksStatus = 500;
    expectDenied(await remoteVerifier().verify(tokenFor()), 'HALONG_TOKEN_KEYS_UNAVAILABLE');
  });

  it('retries a failed discovery after 5 s of the injected clock, not on every request', async () => {
    const time = testClock();
    const v = remoteVerifier({ clock: time.clock, clockToleranceSeconds: 300 });
    state.discoveryStatus = 503;
    expectDenied(await v.verify(tokenFor()), 'HALONG_TOKEN_KEYS_UNAVAILABLE');
    state.discoveryStatus = 200;
    time.advanceSeconds(4);
    expectDenied(await v.verify(tokenFor()), 'HALONG_TOKEN_KEYS_UNAVAILABLE');
    expect(requests).toEqual(['/.well-known/openid-configuration']);
    time.advanceSeconds(1);
    expect((await v.verify(tokenFor())).ok).toBe(true);
    expect(requests).toEqual(['/.well-known/openid-configuration', '/.well-known/openid-configuration', '/keys']);
  });

  it('denies when the issuer is unreachable', async () => {
    const v = createTokenVerifier({
      issuer: 'http://127.0.0.1:1',
      audience: AUDIENCE,
      keys: { kind: 'oidc', allowHttp: true, timeoutMs: 2000 },
      clock: testClock().clock,
    });
    expectDenied(await v.verify(signCompact(headerFor(keyA), claims({ iss: 'http://127.0.0.1:1' }), keyA)), 'HALONG_TOKEN_KEYS_UNAVAILABLE');
  });

  it('never fetches a jku named by the token', async () => {
    const token = signCompact(headerFor(keyA, { jku: `${issuer}/attacker-jwks` }), claims({ iss: issuer }), keyA);
    expectDenied(await remoteVerifier().verify(token), 'HALONG_TOKEN_FORBIDDEN_HEADER');
    expect(requests).toEqual([]);
  });

  it('denies a token of another issuer even if signed by the remote key', async () => {
    expectDenied(await remoteVerifier().verify(tokenFor(keyA, { iss: 'https://halong.test' })), 'HALONG_TOKEN_ISSUER');
  });
});
