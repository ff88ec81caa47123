import { decodeProtectedHeader, SignJWT } from 'jose';
import type { JSONWebKeySet } from 'jose';
import type { Principal } from '@halong/core/node';
import { createIdentityAssertionSigner } from '../../src/gateway/identity-signer';
import type { IdentityAssertionSigner } from '../../src/gateway/identity-signer';
import { principalClaims } from '../../src/gateway/identity-claims';
import { verifyIdentityAssertion } from '../../src/gateway/verify-identity-assertion';
import { createSigningKeyRing } from '../../src/tokens/key-ring';
import { generateSigningKey } from '../../src/tokens/signing-key';
import type { SigningKey } from '../../src/tokens/signing-key';
import { hrRoutes, ISSUER, NOW_MS, signingKey, testGateway } from './support/gateway';
import { startUpstream } from './support/upstream';

const alice: Principal = { type: 'user', id: 'alice', properties: { roles: ['hr-staff', 'viewer'], groups: 'so-noi-vu', site: 'hue', email: 'alice@hue.gov.vn' } };
const collector: Principal = { type: 'collector', id: 'spiffe://halong.local/collector/hue/syslog-1', properties: { name: 'syslog-1' } };
const verify = (token: string, jwks: JSONWebKeySet, overrides: Partial<Parameters<typeof verifyIdentityAssertion>[2]> = {}) =>
  verifyIdentityAssertion(token, jwks, { audience: 'hr', issuer: ISSUER, clock: () => NOW_MS, ...overrides });

let key: SigningKey;
let signer: IdentityAssertionSigner;

beforeAll(async () => {
  key = await signingKey();
  signer = createIdentityAssertionSigner({ issuer: ISSUER, keys: key, clock: () => NOW_MS });
});

describe('an identity assertion', () => {
  it('is an ES256 compact JWS typed halong-identity+jwt, naming its key', async () => {
    const token = await signer.sign({ audience: 'hr', principal: alice });
    expect(token.split('.')).toHaveLength(3);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'halong-identity+jwt', kid: key.kid });
  });

  it('carries who is calling, for which application, for 60 s, and only the properties upstreams decide on', async () => {
    const identity = await verify(await signer.sign({ audience: 'hr', principal: alice }), signer.jwks());
    expect(identity).toMatchObject({ subject: 'alice', kind: 'user', roles: ['hr-staff', 'viewer'], groups: ['so-noi-vu'], site: 'hue' });
    expect(identity.certificateThumbprint).toBeUndefined();
    expect(identity.claims).toEqual({
      iss: ISSUER,
      aud: 'hr',
      sub: 'alice',
      kind: 'user',
      roles: ['hr-staff', 'viewer'],
      groups: ['so-noi-vu'],
      site: 'hue',
      iat: NOW_MS / 1000,
      exp: NOW_MS / 1000 + 60,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('binds the client certificate (cnf x5t#S256) and names a workload by its SPIFFE id and site', async () => {
    const thumbprint = 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg';
    const identity = await verify(await signer.sign({ audience: 'hr', principal: collector, certificateThumbprint: thumbprint }), signer.jwks());
    expect(identity).toMatchObject({ subject: collector.id, kind: 'collector', site: 'hue', spiffeId: collector.id, certificateThumbprint: thumbprint, roles: [], groups: [] });
    expect(identity.claims.cnf).toEqual({ 'x5t#S256': thumbprint });
  });

  it('has a new jti every time', async () => {
    const ids = await Promise.all([1, 2, 3].map(async () => (await verify(await signer.sign({ audience: 'hr', principal: alice }), signer.jwks())).claims.jti));
    expect(new Set(ids).size).toBe(3);
  });
});

describe('verifyIdentityAssertion refuses', () => {
  let token: string;
  beforeAll(async () => {
    token = await signer.sign({ audience: 'hr', principal: alice });
  });
  const refused = (promise: Promise<unknown>, reason: RegExp) =>
    expect(promise).rejects.toThrow(expect.objectContaining({ code: 'HALONG_GATEWAY_ASSERTION_INVALID', message: expect.stringMatching(reason) }));

  it('an assertion for another application or from another issuer', async () => {
    await refused(verify(token, signer.jwks(), { audience: 'finance' }), /aud/);
    await refused(verify(token, signer.jwks(), { issuer: 'spiffe://halong.local/service/core/other' }), /iss/);
  });

  it('an expired one, past the clock tolerance, and one issued in the future', async () => {
    await expect(verify(token, signer.jwks(), { clock: () => NOW_MS + 64_000 })).resolves.toMatchObject({ subject: 'alice' });
    await refused(verify(token, signer.jwks(), { clock: () => NOW_MS + 66_000 }), /exp/);
    await refused(verify(token, signer.jwks(), { clock: () => NOW_MS - 10_000 }), /iat|future/);
  });

  it('a tampered payload and a key the gateway does not publish', async () => {
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    await refused(verify(`${header}.${forged}.${signature}`, signer.jwks()), /signature/);
    const other = createIdentityAssertionSigner({ issuer: ISSUER, keys: await generateSigningKey('ES256'), clock: () => NOW_MS });
    await refused(verify(await other.sign({ audience: 'hr', principal: alice }), signer.jwks()), /key|JWKS/i);
  });

  it('a token of another type signed by the same key, and one that lives too long', async () => {
    const claims = { sub: 'alice', kind: 'user', jti: 'j1' };
    const accessToken = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }).setIssuer(ISSUER).setAudience('hr').setIssuedAt(NOW_MS / 1000).setExpirationTime(NOW_MS / 1000 + 60).sign(key.privateKey);
    await refused(verify(accessToken, signer.jwks()), /typ/);
    const longLived = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'halong-identity+jwt', kid: key.kid }).setIssuer(ISSUER).setAudience('hr').setIssuedAt(NOW_MS / 1000).setExpirationTime(NOW_MS / 1000 + 3600).sign(key.privateKey);
    await refused(verify(longLived, signer.jwks()), /lifetime 3600 s/);
    const badKind = await new SignJWT({ ...claims, kind: 'admin' }).setProtectedHeader({ alg: 'ES256', typ: 'halong-identity+jwt', kid: key.kid }).setIssuer(ISSUER).setAudience('hr').setIssuedAt(NOW_MS / 1000).setExpirationTime(NOW_MS / 1000 + 60).sign(key.privateKey);
    await refused(verify(badKind, signer.jwks()), /"kind"/);
  });
});

describe('createIdentityAssertionSigner', () => {
  it('signs with the current key of a ring and still publishes the one rotated out', async () => {
    const next = await generateSigningKey('ES256');
    const ring = createSigningKeyRing({ current: key, retentionSeconds: 300, clock: () => NOW_MS });
    const rotating = createIdentityAssertionSigner({ issuer: ISSUER, keys: ring, clock: () => NOW_MS });
    const before = await rotating.sign({ audience: 'hr', principal: alice });
    ring.rotate(next);
    const after = await rotating.sign({ audience: 'hr', principal: alice });
    expect(decodeProtectedHeader(after).kid).toBe(next.kid);
    expect(rotating.jwks().keys.map((k) => k.kid)).toEqual([next.kid, key.kid]);
    await expect(verify(before, rotating.jwks())).resolves.toMatchObject({ subject: 'alice' });
    await expect(verify(after, rotating.jwks())).resolves.toMatchObject({ subject: 'alice' });
  });

  it('refuses EdDSA keys, lifetimes over 300 s and an empty issuer', async () => {
    const ed = await generateSigningKey('EdDSA');
    expect(() => createIdentityAssertionSigner({ issuer: ISSUER, keys: ed })).toThrow(expect.objectContaining({ code: 'HALONG_GATEWAY_INVALID_OPTION' }));
    expect(() => createIdentityAssertionSigner({ issuer: ISSUER, keys: key, ttlSeconds: 301 })).toThrow(/ttlSeconds/);
    expect(() => createIdentityAssertionSigner({ issuer: ' ', keys: key })).toThrow(/issuer/);
  });
});

describe('principalClaims', () => {
  it('takes roles, groups, site and SPIFFE id only, ignoring malformed values', () => {
    expect(principalClaims({ type: 'service', id: 'svc', properties: { roles: ['a', 3, ''], groups: 7, site: '', spiffe_id: 'spiffe://halong.local/service/core/api', secret: 'x' } })).toEqual({
      sub: 'svc',
      kind: 'service',
      roles: ['a'],
      spiffe_id: 'spiffe://halong.local/service/core/api',
      site: 'core',
    });
  });
});

describe('through the gateway', () => {
  it('the upstream verifies the assertion with the JWKS the gateway serves, for its own route only', async () => {
    const upstream = await startUpstream();
    const { app } = await testGateway(hrRoutes(upstream.url));
    const jwks = (await app.inject({ method: 'GET', url: '/.well-known/halong-gateway-jwks.json' })).json<JSONWebKeySet>();
    await app.inject({ method: 'GET', url: '/apps/hr/me', headers: { authorization: 'Bearer alice' } });
    const token = String(upstream.seen[0]!.headers['x-halong-identity']);
    await expect(verify(token, jwks)).resolves.toMatchObject({ subject: 'alice', kind: 'user', roles: ['hr-staff'], groups: ['so-noi-vu'], site: 'hue' });
    await expect(verify(token, jwks, { audience: 'land-registry' })).rejects.toThrow(/aud/);
    expect(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString())).not.toHaveProperty('email');
    await app.close();
    await upstream.close();
  });
});
