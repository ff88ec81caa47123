// The token attack suite once more, end to end: through the PEP of a running policy engine
// (not only the verifier), each attack is a 401 with its code, and the PEP logs the reason.
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { KEYGEN_TIMEOUT_MS, makeCa } from '../pki/support/fixtures';
import type { Harness } from '../support/service-harness';
import { startHarness } from '../support/service-harness';

const NOW = new Date('2026-11-23T08:00:00.000Z');
let ca: NewCertificateAuthority;
let h: Harness;
let genuine: string;
const logs: string[] = [];

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const parts = (t: string) => t.split('.') as [string, string, string];
const header = () => JSON.parse(Buffer.from(parts(genuine)[0], 'base64url').toString()) as Record<string, unknown>;
const payload = () => JSON.parse(Buffer.from(parts(genuine)[1], 'base64url').toString()) as Record<string, unknown>;
/** A token with a changed header or payload and the genuine signature (what an attacker can forge). */
const forge = (h2: Record<string, unknown>, p2: Record<string, unknown>) => `${b64(h2)}.${b64(p2)}.${parts(genuine)[2]}`;

beforeAll(async () => {
  ca = await makeCa('halong.local', new Date(NOW.getTime() - 86_400_000));
  h = await startHarness(ca, NOW, logs);
  genuine = await h.signIn('lan');
}, KEYGEN_TIMEOUT_MS);
afterAll(() => h.close());

const attacks: [string, () => string, string][] = [
  ['alg none', () => `${b64({ ...header(), alg: 'none' })}.${parts(genuine)[1]}.`, 'HALONG_TOKEN_ALG_NOT_ALLOWED'],
  ['alg switched to HS256 (the HMAC-with-public-key attack is in test/tokens/attacks)', () => forge({ ...header(), alg: 'HS256' }, payload()), 'HALONG_TOKEN_ALG_NOT_ALLOWED'],
  ['tampered payload (admin role added)', () => forge(header(), { ...payload(), roles: ['admin'] }), 'HALONG_TOKEN_SIGNATURE'],
  ['unknown kid', () => forge({ ...header(), kid: 'nope' }, payload()), 'HALONG_TOKEN_UNKNOWN_KID'],
  ['jku header', () => forge({ ...header(), jku: 'https://evil.example/jwks' }, payload()), 'HALONG_TOKEN_FORBIDDEN_HEADER'],
  ['x5u header', () => forge({ ...header(), x5u: 'https://evil.example/cert' }, payload()), 'HALONG_TOKEN_FORBIDDEN_HEADER'],
  ['embedded jwk', () => forge({ ...header(), jwk: { kty: 'EC' } }, payload()), 'HALONG_TOKEN_FORBIDDEN_HEADER'],
  ['unknown crit', () => forge({ ...header(), crit: ['exp-ext'], 'exp-ext': 1 }, payload()), 'HALONG_TOKEN_CRIT'],
  ['another issuer', () => forge(header(), { ...payload(), iss: 'https://evil.example' }), 'HALONG_TOKEN_ISSUER'],
  ['garbage', () => 'a.b', 'HALONG_TOKEN_ISSUER'],
];

describe('token attacks through the PEP', () => {
  it('the genuine token passes (control case)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/admin/v1/decisions', headers: { authorization: `Bearer ${genuine}` } });
    expect(res.statusCode).toBe(200); // analysts may search decisions under the default policies
  });

  it.each(attacks)('%s → 401 with its code and a logged reason', async (_name, token, code) => {
    logs.length = 0;
    const res = await h.app.inject({ method: 'GET', url: '/admin/v1/decisions', headers: { authorization: `Bearer ${token()}` } });
    expect(res.statusCode).toBe(401);
    const body = res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    const denied = logs.map((l) => JSON.parse(l) as { msg: string; reason?: string }).find((l) => l.msg === 'access denied');
    expect(denied?.reason).toBe(body.error.message);
  });

  it('expired and revoked tokens are refused on the next request', async () => {
    const lan = await h.signIn('lan');
    const { jti, exp } = JSON.parse(Buffer.from(parts(lan)[1], 'base64url').toString()) as { jti: string; exp: number };
    const admin = await h.signIn('admin');
    await h.app.inject({ method: 'POST', url: '/admin/v1/token-revocations', headers: { authorization: `Bearer ${admin}` }, payload: { jti, expires_at: exp } });
    expect((await h.app.inject({ method: 'GET', url: '/admin/v1/decisions', headers: { authorization: `Bearer ${lan}` } })).json()).toMatchObject({ error: { code: 'HALONG_TOKEN_REVOKED' } });
    h.clock.advance(3_600_000);
    expect((await h.app.inject({ method: 'GET', url: '/admin/v1/decisions', headers: { authorization: `Bearer ${admin}` } })).json()).toMatchObject({ error: { code: 'HALONG_TOKEN_EXPIRED' } });
  });
});
