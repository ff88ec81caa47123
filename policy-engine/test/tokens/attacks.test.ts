// The attack suite of issue 3: every forged, stale or misdirected token is denied with the right
// stable code and a human reason. Tokens are crafted by hand (node:crypto), not with jose.
import { createHash } from 'node:crypto';
import { createMemoryRevocationStore } from '../../src/tokens/revocation-store';
import {
  AUDIENCE, NOW, b64url, claims, expectDenied, headerFor, makeKey, signCompact, signInput, testClock, verifierFor, without,
} from './fixtures';

const es = makeKey('ES256', 'es-1');
const rs = makeKey('RS256', 'rs-1');
const ed = makeKey('EdDSA', 'ed-1');
const attacker = makeKey('ES256', 'es-1');
const verifier = verifierFor([es, rs, ed]);

describe('attack suite: the JWT verifier denies', () => {
  it('accepts the genuine token the attacks start from (control case)', async () => {
    const result = await verifier.verify(signCompact(headerFor(es), claims(), es));
    expect(result).toMatchObject({ ok: true, subject: 'local:lan', roles: ['soc-analyst'] });
  });

  it('alg "none" with an empty signature', async () => {
    const token = `${b64url(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: 'es-1' }))}.${b64url(JSON.stringify(claims()))}.`;
    expect(expectDenied(await verifier.verify(token), 'HALONG_TOKEN_ALG_NOT_ALLOWED')).toMatch(/none/);
  });

  it.each(['None', 'NONE', 'nOnE'])('alg "%s" (case variants of none)', async (alg) => {
    const token = `${b64url(JSON.stringify({ alg, typ: 'at+jwt', kid: 'es-1' }))}.${b64url(JSON.stringify(claims()))}.`;
    expectDenied(await verifier.verify(token), 'HALONG_TOKEN_ALG_NOT_ALLOWED');
  });

  describe('key confusion: HS256 signed with the public key as the HMAC secret', () => {
    const forms: [string, () => Uint8Array][] = [
      ['RS256 public key, SPKI PEM', () => Buffer.from(rs.publicKey.export({ format: 'pem', type: 'spki' }) as string)],
      ['RS256 public key, SPKI DER', () => rs.publicKey.export({ format: 'der', type: 'spki' })],
      ['RS256 public key, JWK JSON', () => Buffer.from(JSON.stringify(rs.publicJwk))],
      ['ES256 public key, SPKI PEM', () => Buffer.from(es.publicKey.export({ format: 'pem', type: 'spki' }) as string)],
      ['ES256 public key, JWK JSON', () => Buffer.from(JSON.stringify(es.publicJwk))],
    ];
    it.each(forms)('%s', async (_form, secret) => {
      for (const kid of ['rs-1', 'es-1']) {
        const token = signCompact({ alg: 'HS256', kid, typ: 'at+jwt' }, claims(), { hmacSecret: secret() });
        expect(expectDenied(await verifier.verify(token), 'HALONG_TOKEN_ALG_NOT_ALLOWED')).toMatch(/HS256/);
      }
    });
  });

  it('an expired token (exp beyond the 30 s clock tolerance)', async () => {
    const token = signCompact(headerFor(es), claims({ iat: NOW - 700, exp: NOW - 31 }), es);
    expect(expectDenied(await verifier.verify(token), 'HALONG_TOKEN_EXPIRED')).toMatch(/expired at 2025-06-01T07:59:29/);
  });

  it('a token not yet valid (nbf in the future)', async () => {
    const token = signCompact(headerFor(es), claims({ nbf: NOW + 120 }), es);
    expectDenied(await verifier.verify(token), 'HALONG_TOKEN_NOT_YET_VALID');
  });

  it('a token issued in the future (iat beyond the tolerance)', async () => {
    const token = signCompact(headerFor(es), claims({ iat: NOW + 120, exp: NOW + 600 }), es);
    expectDenied(await verifier.verify(token), 'HALONG_TOKEN_NOT_YET_VALID');
  });

  it('a wrong issuer', async () => {
    const token = signCompact(headerFor(es), claims({ iss: 'https://evil.example' }), es);
    expect(expectDenied(await verifier.verify(token), 'HALONG_TOKEN_ISSUER')).toMatch(/evil\.example/);
  });

  it('a wrong audience', async () => {
    const token = signCompact(headerFor(es), claims({ aud: ['other-api'] }), es);
    expect(expectDenied(await verifier.verify(token), 'HALONG_TOKEN_AUDIENCE')).toContain(AUDIENCE);
  });

  it.each(['exp', 'iat', 'iss', 'aud', 'sub', 'jti'])('a token without "%s"', async (claim) => {
    const token = signCompact(headerFor(es), without(claims(), claim), es);
    expect(expectDenied(await verifier.verify(token), 'HALONG_TOKEN_MISSING_CLAIM')).toContain(`"${claim}"`);
  });

  it('a tampered payload (a role added, the signature kept)', async () => {
    const genuine = signCompact(headerFor(es), claims(), es);
    const [header, , signature] = genuine.split('.');
    const forged = `${header}.${b64url(JSON.stringify(claims({ roles: ['admin'] })))}.${signature}`;
    expectDenied(await verifier.verify(forged), 'HALONG_TOKEN_SIGNATURE');
  });

  it.each([['es-1', es], ['rs-1', rs], ['ed-1', ed]] as const)('a tampered payload under %s', async (_kid, key) => {
    const [header, , signature] = signCompact(headerFor(key), claims(), key).split('.');
    const forged = `${header}.${b64url(JSON.stringify(claims({ sub: 'local:admin' })))}.${signature}`;
    expectDenied(await verifier.verify(forged), 'HALONG_TOKEN_SIGNATURE');
  });

  it('an unknown kid', async () => {
    const stranger = makeKey('ES256', 'es-unknown');
    expect(expectDenied(await verifier.verify(signCompact(headerFor(stranger), claims(), stranger)), 'HALONG_TOKEN_UNKNOWN_KID')).toContain('es-unknown');
  });

  it('a token without kid', async () => {
    expectDenied(await verifier.verify(signCompact({ alg: 'ES256', typ: 'at+jwt' }, claims(), es)), 'HALONG_TOKEN_UNKNOWN_KID');
  });

  it('a token signed by a key not in the JWKS but carrying a known kid', async () => {
    expectDenied(await verifier.verify(signCompact(headerFor(attacker), claims(), attacker)), 'HALONG_TOKEN_SIGNATURE');
  });

  describe('headers that name a key for the verifier to fetch or trust', () => {
    const attackerJwk = { ...attacker.publicJwk };
    const certDer = b64url(createHash('sha256').update('not a certificate').digest());
    it.each([
      ['jku', 'https://evil.example/jwks.json'],
      ['x5u', 'https://evil.example/cert.pem'],
      ['jwk', attackerJwk],
      ['x5c', [certDer]],
    ])('%s', async (name, value) => {
      const token = signCompact(headerFor(attacker, { [name]: value }), claims(), attacker);
      expect(expectDenied(await verifier.verify(token), 'HALONG_TOKEN_FORBIDDEN_HEADER')).toContain(`"${name}"`);
    });

    it('even when the token is otherwise genuine', async () => {
      const token = signCompact(headerFor(es, { jku: 'https://halong.test/jwks.json' }), claims(), es);
      expectDenied(await verifier.verify(token), 'HALONG_TOKEN_FORBIDDEN_HEADER');
    });
  });

  it('an unknown crit header extension', async () => {
    const token = signCompact(headerFor(es, { crit: ['x-halong-magic'], 'x-halong-magic': true }), claims(), es);
    expect(expectDenied(await verifier.verify(token), 'HALONG_TOKEN_CRIT')).toContain('x-halong-magic');
  });

  it.each([[[]], ['exp'], [['b64', 'b64']], [[42]]])('a malformed crit %j', async (crit) => {
    const token = signCompact(headerFor(es, { crit, b64: true }), claims(), es);
    expectDenied(await verifier.verify(token), 'HALONG_TOKEN_CRIT');
  });

  it('a revoked jti, on first use and on a cached verification', async () => {
    const revocations = createMemoryRevocationStore({ clock: testClock().clock });
    const v = verifierFor([es], { revocations });
    const token = signCompact(headerFor(es), claims({ jti: 'stolen-1' }), es);
    expect((await v.verify(token)).ok).toBe(true);
    revocations.revoke('stolen-1', NOW + 540);
    expect(expectDenied(await v.verify(token), 'HALONG_TOKEN_REVOKED')).toContain('stolen-1');
    const fresh = verifierFor([es], { revocations });
    expectDenied(await fresh.verify(token), 'HALONG_TOKEN_REVOKED');
  });

  describe('a certificate-bound token (RFC 8705)', () => {
    const bound = createHash('sha256').update('client certificate DER').digest('base64url');
    const other = createHash('sha256').update('another certificate DER').digest('base64url');
    const token = signCompact(headerFor(es), claims({ cnf: { 'x5t#S256': bound } }), es);

    it('presented without a certificate', async () => {
      expect(expectDenied(await verifier.verify(token), 'HALONG_TOKEN_CERT_BINDING')).toMatch(/none was presented/);
    });

    it('presented with another certificate', async () => {
      expectDenied(await verifier.verify(token, { certificateThumbprint: other }), 'HALONG_TOKEN_CERT_BINDING');
    });

    it('presented with another certificate after a cached success', async () => {
      expect((await verifier.verify(token, { certificateThumbprint: bound })).ok).toBe(true);
      expectDenied(await verifier.verify(token, { certificateThumbprint: other }), 'HALONG_TOKEN_CERT_BINDING');
      expectDenied(await verifier.verify(token), 'HALONG_TOKEN_CERT_BINDING');
    });

    it('bound by a confirmation method Halong cannot enforce (DPoP jkt)', async () => {
      const dpop = signCompact(headerFor(es), claims({ cnf: { jkt: bound } }), es);
      expectDenied(await verifier.verify(dpop, { certificateThumbprint: bound }), 'HALONG_TOKEN_CERT_BINDING');
    });

    it('unbound, where the verifier requires binding', async () => {
      const strict = verifierFor([es], { requireCertificateBinding: true });
      expectDenied(await strict.verify(signCompact(headerFor(es), claims(), es), { certificateThumbprint: bound }), 'HALONG_TOKEN_CERT_BINDING');
    });
  });

  it.each([['JWT'], ['id+jwt'], ['at+jwt+evil']])('a wrong typ "%s"', async (typ) => {
    expectDenied(await verifier.verify(signCompact(headerFor(es, { typ }), claims(), es)), 'HALONG_TOKEN_TYPE');
  });

  it('a missing typ', async () => {
    expectDenied(await verifier.verify(signCompact({ alg: 'ES256', kid: 'es-1' }, claims(), es)), 'HALONG_TOKEN_TYPE');
  });

  it('an algorithm outside the allow-list (RS256 token, ES256-only verifier)', async () => {
    const esOnly = verifierFor([es, rs], { algorithms: ['ES256'] });
    expectDenied(await esOnly.verify(signCompact(headerFor(rs), claims(), rs)), 'HALONG_TOKEN_ALG_NOT_ALLOWED');
  });

  it('an ES256 kid used with RS256 (alg/key mismatch)', async () => {
    expectDenied(await verifier.verify(signCompact({ alg: 'RS256', kid: 'es-1', typ: 'at+jwt' }, claims(), rs)), 'HALONG_TOKEN_UNKNOWN_KID');
  });

  it.each([
    ['an empty string', ''],
    ['two parts', 'abc.def'],
    ['four parts', 'a.b.c.d'],
    ['a header that is not JSON', `${b64url('{not json')}.${b64url('{}')}.sig`],
    ['a header that is an array', `${b64url('[1]')}.${b64url('{}')}.sig`],
    ['a signed payload that is not JSON', signInput(`${b64url(JSON.stringify(headerFor(es)))}.${b64url('nope')}`, es)],
    ['a signed payload that is a JSON array', signInput(`${b64url(JSON.stringify(headerFor(es)))}.${b64url('[1]')}`, es)],
    ['characters outside base64url', 'a+b.c/d.e=f'],
    ['a token of 9000 characters', `${'a'.repeat(4500)}.${'b'.repeat(4498)}.c`],
  ])('garbage: %s', async (_what, token) => {
    expectDenied(await verifier.verify(token), 'HALONG_TOKEN_MALFORMED');
  });

  it('claims of the wrong type (roles as a string, numeric sub)', async () => {
    expectDenied(await verifier.verify(signCompact(headerFor(es), claims({ roles: 'admin' }), es)), 'HALONG_TOKEN_INVALID_CLAIM');
    expectDenied(await verifier.verify(signCompact(headerFor(es), claims({ sub: 42 }), es)), 'HALONG_TOKEN_INVALID_CLAIM');
    expectDenied(await verifier.verify(signCompact(headerFor(es), claims({ exp: String(NOW + 60) }), es)), 'HALONG_TOKEN_INVALID_CLAIM');
  });
});
