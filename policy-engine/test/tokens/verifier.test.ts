import type { JSONWebKeySet } from 'jose';
import { TokenConfigError } from '../../src/tokens/errors';
import { createTokenVerifier } from '../../src/tokens/verifier';
import {
  AUDIENCE, ISSUER, NOW, claims, expectDenied, headerFor, jwksOf, makeKey, signCompact, testClock, verifierFor,
} from './fixtures';

const es = makeKey('ES256', 'es-1');
const rs = makeKey('RS256', 'rs-1');
const ed = makeKey('EdDSA', 'ed-1');

describe('createTokenVerifier: valid tokens', () => {
  it.each([['ES256', es], ['RS256', rs], ['EdDSA', ed]] as const)('accepts %s and returns the identity', async (_alg, key) => {
    const result = await verifierFor([es, rs, ed]).verify(signCompact(headerFor(key), claims(), key));
    expect(result).toEqual({
      ok: true,
      claims: claims(),
      subject: 'local:lan',
      roles: ['soc-analyst'],
      groups: ['soc-hanoi'],
      site: 'hanoi',
      jti: 'jti-0001',
      expiresAt: NOW + 540,
    });
  });

  it('returns frozen claims, roles and groups', async () => {
    const result = await verifierFor([es]).verify(signCompact(headerFor(es), claims(), es));
    if (!result.ok) throw new Error(result.reason);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.claims)).toBe(true);
    expect(Object.isFrozen(result.roles)).toBe(true);
    expect(() => (result.roles as string[]).push('admin')).toThrow(TypeError);
  });

  it('defaults roles and groups to empty lists and site to undefined', async () => {
    const result = await verifierFor([es]).verify(signCompact(headerFor(es), { ...claims(), roles: undefined, groups: undefined, site: undefined }, es));
    expect(result).toMatchObject({ ok: true, roles: [], groups: [], site: undefined });
  });

  it('reads roles, groups and site from configured claim names', async () => {
    const v = verifierFor([es], { claimNames: { roles: 'halong_roles', site: 'tinh' } });
    const result = await v.verify(signCompact(headerFor(es), claims({ halong_roles: ['admin'], tinh: 'quang-ninh' }), es));
    expect(result).toMatchObject({ ok: true, roles: ['admin'], site: 'quang-ninh', groups: ['soc-hanoi'] });
  });

  it('accepts an audience list containing one of the configured audiences', async () => {
    const v = verifierFor([es], { audience: ['console', AUDIENCE] });
    expect((await v.verify(signCompact(headerFor(es), claims({ aud: ['x', AUDIENCE] }), es))).ok).toBe(true);
  });

  it.each(['at+jwt', 'AT+JWT', 'application/at+jwt'])('compares typ "%s" case-insensitively without application/', async (typ) => {
    expect((await verifierFor([es]).verify(signCompact(headerFor(es, { typ }), claims(), es))).ok).toBe(true);
  });

  it('accepts another configured typ', async () => {
    const v = verifierFor([es], { typ: ['JWT'] });
    expect((await v.verify(signCompact(headerFor(es, { typ: 'JWT' }), claims(), es))).ok).toBe(true);
    expectDenied(await v.verify(signCompact(headerFor(es), claims(), es)), 'HALONG_TOKEN_TYPE');
  });

  it('accepts a crit extension the deployment declared understood', async () => {
    const v = verifierFor([es], { criticalHeaders: ['x-halong-site'] });
    expect((await v.verify(signCompact(headerFor(es, { crit: ['x-halong-site'], 'x-halong-site': 'hanoi' }), claims(), es))).ok).toBe(true);
    expectDenied(await v.verify(signCompact(headerFor(es, { crit: ['x-halong-site'] }), claims(), es)), 'HALONG_TOKEN_CRIT');
  });

  it('accepts tokens without jti only when requireJti is false', async () => {
    const token = signCompact(headerFor(es), { ...claims(), jti: undefined }, es);
    expectDenied(await verifierFor([es]).verify(token), 'HALONG_TOKEN_MISSING_CLAIM');
    expect(await verifierFor([es], { requireJti: false }).verify(token)).toMatchObject({ ok: true, jti: undefined });
  });

  it('requires configured extra claims', async () => {
    const v = verifierFor([es], { requiredClaims: ['client_id'] });
    expectDenied(await v.verify(signCompact(headerFor(es), claims(), es)), 'HALONG_TOKEN_MISSING_CLAIM');
    expect((await v.verify(signCompact(headerFor(es), claims({ client_id: 'console' }), es))).ok).toBe(true);
  });

  it('bounds the token lifetime when maxLifetimeSeconds is set', async () => {
    const v = verifierFor([es], { maxLifetimeSeconds: 900 });
    expect((await v.verify(signCompact(headerFor(es), claims({ iat: NOW, exp: NOW + 900 }), es))).ok).toBe(true);
    expectDenied(await v.verify(signCompact(headerFor(es), claims({ iat: NOW, exp: NOW + 901 }), es)), 'HALONG_TOKEN_INVALID_CLAIM');
  });

  it('denies exp not after iat', async () => {
    expectDenied(await verifierFor([es]).verify(signCompact(headerFor(es), claims({ iat: NOW, exp: NOW }), es)), 'HALONG_TOKEN_INVALID_CLAIM');
    expectDenied(await verifierFor([es]).verify(signCompact(headerFor(es), claims({ iat: NOW + 10, exp: NOW + 5 }), es)), 'HALONG_TOKEN_INVALID_CLAIM');
  });
});

describe('createTokenVerifier: clock tolerance', () => {
  const at = (extra: Record<string, unknown>, tolerance?: number) =>
    verifierFor([es], tolerance === undefined ? {} : { clockToleranceSeconds: tolerance }).verify(signCompact(headerFor(es), claims(extra), es));

  it('accepts exp up to 30 s in the past by default, not 31 s', async () => {
    expect((await at({ iat: NOW - 600, exp: NOW - 29 })).ok).toBe(true);
    expectDenied(await at({ iat: NOW - 600, exp: NOW - 30 }), 'HALONG_TOKEN_EXPIRED');
  });

  it('accepts nbf and iat up to 30 s in the future by default', async () => {
    expect((await at({ nbf: NOW + 30, iat: NOW + 30 })).ok).toBe(true);
    expectDenied(await at({ nbf: NOW + 31 }), 'HALONG_TOKEN_NOT_YET_VALID');
    expectDenied(await at({ iat: NOW + 31 }), 'HALONG_TOKEN_NOT_YET_VALID');
  });

  it('uses a configured tolerance', async () => {
    expectDenied(await at({ nbf: NOW + 1 }, 0), 'HALONG_TOKEN_NOT_YET_VALID');
    expect((await at({ iat: NOW - 900, exp: NOW - 100 }, 120)).ok).toBe(true);
  });

  it.each([-1, 301, 1.5, Number.NaN])('refuses tolerance %p', (tolerance) => {
    expect(() => verifierFor([es], { clockToleranceSeconds: tolerance })).toThrow(TokenConfigError);
  });
});

describe('createTokenVerifier: configuration', () => {
  const base = { issuer: ISSUER, audience: AUDIENCE, keys: { kind: 'jwks' as const, jwks: jwksOf(es) } };

  it.each([
    ['alg none', { algorithms: ['none'] }, /never allowed/],
    ['HS256 with a JWKS', { algorithms: ['ES256', 'HS256'] }, /shared secret/],
    ['an unknown algorithm', { algorithms: ['ES257'] }, /not a supported/],
    ['an empty allow-list', { algorithms: [] }, /empty/],
    ['no audience', { audience: [] }, /audience/],
    ['no issuer', { issuer: '' }, /issuer/],
    ['b64 declared understood', { criticalHeaders: ['b64'] }, /criticalHeaders/],
    ['jku declared understood', { criticalHeaders: ['jku'] }, /criticalHeaders/],
    ['an empty typ list', { typ: [] }, /typ/],
  ])('refuses %s', (_what, extra, message) => {
    expect(() => createTokenVerifier({ ...base, ...extra })).toThrow(message);
  });

  it.each([
    ['a symmetric key', { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'hs' }] }, /kty "oct"/],
    ['a private key', { keys: [{ ...es.privateKey.export({ format: 'jwk' }), kid: 'leak' }] }, /private member "d"/],
    ['an encryption key', { keys: [{ ...es.publicJwk, use: 'enc' }] }, /signature key/],
    ['no keys array', {}, /keys/],
  ])('refuses a JWKS with %s', (_what, jwks, message) => {
    expect(() => createTokenVerifier({ ...base, keys: { kind: 'jwks', jwks: jwks as JSONWebKeySet } })).toThrow(message);
  });

  it('refuses a short shared secret and asymmetric algorithms with a secret', () => {
    expect(() => createTokenVerifier({ ...base, keys: { kind: 'secret', secret: new Uint8Array(16) } })).toThrow(/32 bytes/);
    expect(() => createTokenVerifier({ ...base, keys: { kind: 'secret', secret: new Uint8Array(32) }, algorithms: ['RS256'] })).toThrow(/shared secret/);
  });

  it('accepts HS256 only from a verifier configured with a secret, and denies public-key tokens there', async () => {
    const secret = new Uint8Array(32).fill(7);
    const v = createTokenVerifier({ ...base, keys: { kind: 'secret', secret }, clock: testClock().clock });
    expect((await v.verify(signCompact({ alg: 'HS256', typ: 'at+jwt' }, claims(), { hmacSecret: secret }))).ok).toBe(true);
    expectDenied(await v.verify(signCompact({ alg: 'HS256', typ: 'at+jwt' }, claims(), { hmacSecret: new Uint8Array(32) })), 'HALONG_TOKEN_SIGNATURE');
    expectDenied(await v.verify(signCompact(headerFor(es), claims(), es)), 'HALONG_TOKEN_ALG_NOT_ALLOWED');
  });

  it('reads a JWKS provider again when it returns a new object', async () => {
    let jwks = jwksOf(es);
    const v = verifierFor([], { keys: { kind: 'jwks', jwks: () => jwks } });
    expect((await v.verify(signCompact(headerFor(es), claims(), es))).ok).toBe(true);
    expectDenied(await v.verify(signCompact(headerFor(rs), claims(), rs)), 'HALONG_TOKEN_UNKNOWN_KID');
    jwks = jwksOf(es, rs);
    expect((await v.verify(signCompact(headerFor(rs), claims(), rs))).ok).toBe(true);
  });

  it('turns an invalid JWKS from a provider into a keys-unavailable deny', async () => {
    const v = verifierFor([], { keys: { kind: 'jwks', jwks: () => ({ keys: [{ kty: 'oct', k: 'AA' }] }) as JSONWebKeySet } });
    expectDenied(await v.verify(signCompact(headerFor(es), claims(), es)), 'HALONG_TOKEN_KEYS_UNAVAILABLE');
  });
});
