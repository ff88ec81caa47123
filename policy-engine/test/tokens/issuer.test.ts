import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { TokenIssuer } from '../../src/tokens/issuer';
import type { SigningKey } from '../../src/tokens/signing-key';
import { TokenConfigError } from '../../src/tokens/errors';
import { createTokenIssuer } from '../../src/tokens/issuer';
import { exportSigningKey, generateSigningKey, importSigningKey } from '../../src/tokens/signing-key';
import { createTokenVerifier } from '../../src/tokens/verifier';
import { AUDIENCE, ISSUER, NOW, expectDenied, testClock } from './fixtures';
import type { TestClock } from './fixtures';

let es: SigningKey;
let ed: SigningKey;

beforeAll(async () => {
  es = await generateSigningKey('ES256');
  ed = await generateSigningKey('EdDSA');
});

function setup(signingKey: SigningKey = es, ttl?: number): { issuer: TokenIssuer; time: TestClock; verify: (token: string, thumbprint?: string) => ReturnType<ReturnType<typeof createTokenVerifier>['verify']> } {
  const time = testClock();
  const issuer = createTokenIssuer({ issuer: ISSUER, audience: AUDIENCE, signingKey, clock: time.clock, ...(ttl === undefined ? {} : { accessTokenTtlSeconds: ttl }) });
  const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { kind: 'jwks', jwks: () => issuer.jwks() }, clock: time.clock, cache: false });
  return { issuer, time, verify: (token, thumbprint) => verifier.verify(token, thumbprint === undefined ? {} : { certificateThumbprint: thumbprint }) };
}

describe('createTokenIssuer', () => {
  it('issues an at+jwt access token that Halong\'s verifier accepts', async () => {
    const { issuer, verify } = setup();
    const issued = await issuer.issueAccessToken({ subject: 'local:lan', roles: ['soc-analyst'], groups: ['soc'], site: 'hanoi' });
    expect(decodeProtectedHeader(issued.token)).toEqual({ alg: 'ES256', kid: es.kid, typ: 'at+jwt' });
    expect(decodeJwt(issued.token)).toEqual({
      iss: ISSUER, aud: AUDIENCE, sub: 'local:lan', client_id: 'halong-console', iat: NOW, exp: NOW + 600, jti: issued.jti,
      roles: ['soc-analyst'], groups: ['soc'], site: 'hanoi',
    });
    expect(issued.expiresAt).toBe(NOW + 600);
    expect(await verify(issued.token)).toMatchObject({ ok: true, subject: 'local:lan', roles: ['soc-analyst'], site: 'hanoi', jti: issued.jti });
  });

  it('uses a random 128-bit jti per token', async () => {
    const { issuer } = setup();
    const jtis = await Promise.all(Array.from({ length: 20 }, () => issuer.issueAccessToken({ subject: 's' }).then((t) => t.jti)));
    expect(new Set(jtis).size).toBe(20);
    for (const jti of jtis) expect(Buffer.from(jti, 'base64url')).toHaveLength(16);
  });

  it('issues tokens that expire after the configured lifetime', async () => {
    const { issuer, time, verify } = setup(es, 300);
    const { token } = await issuer.issueAccessToken({ subject: 's' });
    time.advanceSeconds(300 + 29);
    expect((await verify(token)).ok).toBe(true);
    time.advanceSeconds(1);
    expectDenied(await verify(token), 'HALONG_TOKEN_EXPIRED');
  });

  it('signs with EdDSA', async () => {
    const { issuer, verify } = setup(ed);
    const { token } = await issuer.issueAccessToken({ subject: 's' });
    expect(decodeProtectedHeader(token).alg).toBe('EdDSA');
    expect((await verify(token)).ok).toBe(true);
  });

  it('binds a token to a client certificate with cnf x5t#S256', async () => {
    const { issuer, verify } = setup();
    const thumbprint = createHash('sha256').update('console client certificate').digest('base64url');
    const { token } = await issuer.issueAccessToken({ subject: 's', certificateThumbprint: thumbprint });
    expect(decodeJwt(token).cnf).toEqual({ 'x5t#S256': thumbprint });
    expect((await verify(token, thumbprint)).ok).toBe(true);
    expectDenied(await verify(token), 'HALONG_TOKEN_CERT_BINDING');
  });

  it('publishes public keys only', () => {
    const { issuer } = setup();
    expect(issuer.jwks()).toEqual({ keys: [{ ...es.publicJwk }] });
    expect(JSON.stringify(issuer.jwks())).not.toMatch(/"d"/);
    expect(issuer.jwks().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: es.kid, alg: 'ES256', use: 'sig' });
  });

  it.each([
    ['a lifetime under a minute', { accessTokenTtlSeconds: 30 }],
    ['a lifetime over an hour', { accessTokenTtlSeconds: 3601 }],
    ['no issuer', { issuer: '' }],
    ['no audience', { audience: [] }],
  ])('refuses %s', (_what, extra) => {
    expect(() => createTokenIssuer({ issuer: ISSUER, audience: AUDIENCE, signingKey: es, ...extra })).toThrow(TokenConfigError);
  });

  it.each([
    ['no subject', { subject: '' }],
    ['roles that are not strings', { subject: 's', roles: [1] as unknown as string[] }],
    ['a malformed thumbprint', { subject: 's', certificateThumbprint: 'abc' }],
  ])('refuses to issue with %s', async (_what, request) => {
    await expect(setup().issuer.issueAccessToken(request)).rejects.toThrow(TypeError);
  });
});

describe('key rotation', () => {
  it('keeps verifying tokens of the previous key until it is retired, then denies them', async () => {
    const { issuer, time, verify } = setup();
    const old = await issuer.issueAccessToken({ subject: 's' });
    const next = await generateSigningKey('ES256');
    issuer.rotate(next);
    const fresh = await issuer.issueAccessToken({ subject: 's' });
    expect(decodeProtectedHeader(fresh.token).kid).toBe(next.kid);
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([next.kid, es.kid]);
    expect((await verify(old.token)).ok).toBe(true);
    expect((await verify(fresh.token)).ok).toBe(true);
    // Retired after ttl (600 s) + the largest clock tolerance (300 s).
    time.advanceSeconds(899);
    expect(issuer.jwks().keys).toHaveLength(2);
    time.advanceSeconds(1);
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([next.kid]);
    expectDenied(await verify(old.token), 'HALONG_TOKEN_UNKNOWN_KID');
  });

  it('returns the same JWKS object until the key set changes', async () => {
    const { issuer } = setup();
    const first = issuer.jwks();
    expect(issuer.jwks()).toBe(first);
    issuer.rotate(await generateSigningKey());
    expect(issuer.jwks()).not.toBe(first);
    issuer.rotate(issuer.keyRing.current());
    expect(issuer.keyRing.previous()).toHaveLength(1);
  });

  it('accepts previous keys at construction (after a restart)', async () => {
    const time = testClock();
    const next = await generateSigningKey();
    const issuer = createTokenIssuer({
      issuer: ISSUER, audience: AUDIENCE, signingKey: next, clock: time.clock,
      previousKeys: [{ key: es, retireAt: time.clock() + 60_000 }],
    });
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([next.kid, es.kid]);
    time.advanceSeconds(60);
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([next.kid]);
  });
});

describe('signing key export and import', () => {
  it.each([['ES256', 'pkcs8'], ['ES256', 'jwk'], ['EdDSA', 'pkcs8'], ['EdDSA', 'jwk']] as const)('round-trips %s as %s with the same kid', async (alg, format) => {
    const original = alg === 'ES256' ? es : ed;
    const exported = await exportSigningKey(original, format);
    if ('pkcs8' in exported) expect(exported.pkcs8).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    else expect(exported.jwk).toHaveProperty('d');
    const imported = await importSigningKey(exported);
    expect(imported.kid).toBe(original.kid);
    expect(imported.publicJwk).toEqual(original.publicJwk);
    const { issuer, verify } = setup(imported);
    expect((await verify((await issuer.issueAccessToken({ subject: 's' })).token)).ok).toBe(true);
  });

  it('derives kid as the RFC 7638 thumbprint of the public key', async () => {
    const { kty, crv, x, y } = es.publicJwk;
    const expected = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('base64url');
    expect(es.kid).toBe(expected);
  });

  it('refuses other algorithms and public keys', async () => {
    await expect(generateSigningKey('RS256' as 'ES256')).rejects.toThrow(TokenConfigError);
    await expect(importSigningKey({ alg: 'ES256', jwk: { ...es.publicJwk } })).rejects.toThrow();
  });
});
