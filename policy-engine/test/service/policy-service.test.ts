import type { Alert } from '@halong/core';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { KEYGEN_TIMEOUT_MS, makeCa, webCsr } from '../pki/support/fixtures';
import type { Harness } from '../support/service-harness';
import { startHarness } from '../support/service-harness';

const NOW = new Date('2026-11-23T08:00:00.000Z');
let ca: NewCertificateAuthority;
let h: Harness;

beforeAll(async () => {
  ca = await makeCa('halong.local', new Date(NOW.getTime() - 86_400_000));
}, KEYGEN_TIMEOUT_MS);
beforeEach(async () => {
  h = await startHarness(ca, NOW);
});
afterEach(() => h.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (url: string, token?: string) => h.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });

function alertOn(host: string, level: Alert['rule']['level']): Alert {
  return {
    id: `al-${host}`,
    '@timestamp': NOW.toISOString(),
    rule: { id: 'r1', title: 'Mimikatz', level, attack: { tactics: ['credential-access'], techniques: ['T1003'] } },
    group_key: host,
    entities: { host: [host] },
    events: [],
    first_seen: NOW.toISOString(),
    last_seen: NOW.toISOString(),
    count: 1,
    status: 'open',
    status_history: [],
  };
}

describe('policy engine service', () => {
  it('admin API: 401 without a credential, 403 with the policy reason for a non-admin, 200 for an admin', async () => {
    expect((await get('/admin/v1/policies')).statusCode).toBe(401);
    const denied = await get('/admin/v1/policies', await h.signIn('minh'));
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: 'HALONG_AUTH_FORBIDDEN' } });
    const ok = await get('/admin/v1/policies', await h.signIn('admin'));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 1, id: 'v1', author: 'halong', sources: [{ file: 'halong-default-policies.yaml' }] });
    const logged = h.decisions.map((d) => [d.subject.id, d.decision]);
    expect(logged).toEqual([
      ['local:minh', false],
      ['local:admin', true],
    ]);
    expect(h.decisions[0]!.reasons[0]).toMatchObject({ policy_id: expect.any(String), effect: 'deny' });
  });

  it('publishes a version (audited), rejects a broken one with line numbers, rolls back', async () => {
    const admin = await h.signIn('admin');
    const broken = await h.app.inject({ method: 'PUT', url: '/admin/v1/policies', headers: bearer(admin), payload: { sources: [{ file: 'x.yaml', text: 'policies:\n  - id: x\n    effect: maybe\n' }] } });
    expect(broken.statusCode).toBe(422);
    const problems = broken.json<{ error: { code: string; details: { problems: { line: number; file: string }[] } } }>().error;
    expect(problems.code).toBe('HALONG_POLICY_SET_INVALID');
    expect(problems.details.problems[0]).toMatchObject({ file: 'x.yaml', line: expect.any(Number) });
    const current = (await get('/admin/v1/policies', admin)).json<{ sources: { file: string; text: string }[] }>();
    const text = current.sources[0]!.text.replace('roles: [analyst, responder, soc-lead]', 'roles: [responder, soc-lead]');
    const published = await h.app.inject({ method: 'PUT', url: '/admin/v1/policies', headers: bearer(admin), payload: { sources: [{ file: 'p.yaml', text }], message: 'analysts out' } });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ version: 2, author: 'local:admin', diff: { changed: ['analysts-read'] } });
    expect(h.audit).toEqual([expect.objectContaining({ actor: 'local:admin', action: 'policy.publish', target: { type: 'policy_set', id: 'v2' }, before: 'v1' })]);
    const back = await h.app.inject({ method: 'POST', url: '/admin/v1/policies/rollback', headers: bearer(admin), payload: { version: 1 } });
    expect(back.json()).toMatchObject({ version: 3 });
    expect((await get('/admin/v1/policies/versions', admin)).json<{ versions: unknown[] }>().versions).toHaveLength(3);
  });

  it('simulates a draft against recorded decisions and lists who would lose access', async () => {
    const analyst = await h.signIn('lan');
    await h.app.inject({ method: 'POST', url: '/access/v1/evaluation', headers: bearer(await h.signIn('admin')), payload: { subject: { type: 'user', id: 'local:lan', properties: { roles: ['analyst'] } }, resource: { type: 'alert', id: 'a1' }, action: { name: 'read' } } });
    expect(analyst).toBeTruthy();
    const admin = await h.signIn('admin');
    const current = (await get('/admin/v1/policies', admin)).json<{ sources: { file: string; text: string }[] }>();
    const draft = current.sources[0]!.text.replace('roles: [analyst, responder, soc-lead]', 'roles: [responder]');
    const res = await h.app.inject({ method: 'POST', url: '/admin/v1/policies/simulate', headers: bearer(admin), payload: { sources: [{ file: 'draft.yaml', text: draft }] } });
    expect(res.statusCode).toBe(200);
    const report = res.json<{ lost: { subject: { id: string }; resource: { id: string } }[]; gained: unknown[] }>();
    expect(report.lost).toEqual([expect.objectContaining({ subject: { type: 'user', id: 'local:lan' }, resource: { type: 'alert', id: 'a1' }, before: true, after: false })]);
    expect(report.gained).toEqual([]);
    expect((await get('/admin/v1/policies', admin)).json()).toMatchObject({ version: 1 });
  });

  it('enrols a workload once per join token, over the public route; the certificate names the identity', async () => {
    const admin = await h.signIn('admin');
    const created = await h.app.inject({ method: 'POST', url: '/admin/v1/join-tokens', headers: bearer(admin), payload: { kind: 'collector', site: 'hue', name: 'syslog-1' } });
    expect(created.statusCode).toBe(201);
    const { token, trust_bundle_sha256: pin } = created.json<{ token: string; trust_bundle_sha256: string }>();
    expect(pin).toMatch(/^[0-9a-f]{64}$/);
    const { csrPem } = await webCsr('ec');
    const enrol = () => h.app.inject({ method: 'POST', url: '/pki/v1/enrol', payload: { join_token: token, csr: csrPem } });
    const first = await enrol();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ spiffe_id: 'spiffe://halong.local/collector/hue/syslog-1', certificate: expect.stringContaining('BEGIN CERTIFICATE') });
    expect(h.issued).toEqual([expect.objectContaining({ spiffeId: 'spiffe://halong.local/collector/hue/syslog-1', enrolledWith: 'join-token' })]);
    const again = await enrol();
    expect(again.statusCode).toBe(401);
    expect(again.json()).toMatchObject({ error: { code: 'HALONG_ENROL_TOKEN_UNKNOWN' } });
    const badCsr = await h.app.inject({ method: 'POST', url: '/pki/v1/enrol', payload: { join_token: token, csr: 'nope' } });
    expect(badCsr.json()).toMatchObject({ error: { code: 'HALONG_PKI_CSR_MALFORMED' } });
    expect(h.audit.map((a) => a.action)).toEqual(['join_token.issue']);
  });

  it('publishes the trust bundle, its JWKS, the CRL and the token JWKS without a credential', async () => {
    expect((await get('/pki/v1/trust-bundle.pem')).body).toContain('BEGIN CERTIFICATE');
    expect((await get('/pki/v1/trust-bundle.jwks')).json<{ keys: unknown[] }>().keys.length).toBeGreaterThan(0);
    const crl = await get('/pki/v1/crl');
    expect(crl.headers['content-type']).toBe('application/pkix-crl');
    expect(crl.rawPayload[0]).toBe(0x30);
    expect((await get('/.well-known/jwks.json')).json<{ keys: { kid: string }[] }>().keys[0]!.kid).toBeTruthy();
    expect((await get('/.well-known/authzen-configuration')).json()).toMatchObject({ access_evaluation_endpoint: 'https://127.0.0.1:8443/access/v1/evaluation' });
  });

  it('a quarantined user is denied on the next request; lifting it restores access (audited)', async () => {
    const admin = await h.signIn('admin');
    const lan = await h.signIn('lan');
    const read = () => h.app.inject({ method: 'POST', url: '/access/v1/evaluation', headers: bearer(admin), payload: { subject: { type: 'user', id: 'local:lan', properties: { roles: ['analyst'] } }, resource: { type: 'alert', id: 'a1' }, action: { name: 'read' } } });
    expect((await read()).json()).toMatchObject({ decision: true });
    const put = await h.app.inject({ method: 'PUT', url: '/admin/v1/quarantine', headers: bearer(admin), payload: { entity: { kind: 'user', id: 'local:lan' }, reason: 'phished', ttl_seconds: 600 } });
    expect(put.statusCode).toBe(200);
    const denied = (await read()).json<{ decision: boolean; context: { reason_user: { en: string } } }>();
    expect(denied.decision).toBe(false);
    expect(JSON.stringify(denied.context)).toContain('phished');
    expect(lan).toBeTruthy();
    expect((await h.app.inject({ method: 'DELETE', url: '/admin/v1/quarantine/user/local:lan', headers: bearer(admin) })).statusCode).toBe(204);
    expect((await read()).json()).toMatchObject({ decision: true });
    expect(h.audit.map((a) => a.action)).toEqual(['quarantine.set', 'quarantine.lift']);
  });

  it('an alert on a host denies that host’s next decision; lifting the quarantine restores it', async () => {
    const admin = await h.signIn('admin');
    const asHost = () =>
      h.app.inject({ method: 'POST', url: '/access/v1/evaluation', headers: bearer(admin), payload: { subject: { type: 'collector', id: 'spiffe://halong.local/collector/hue/web-01', properties: { host: 'web-01' } }, resource: { type: 'events', id: 'e' }, action: { name: 'write' } } });
    expect((await asHost()).json()).toMatchObject({ decision: true });
    const outcome = await h.service.risk.handle(alertOn('web-01', 'critical'));
    expect(outcome).toEqual([{ entity: { kind: 'host', id: 'web-01' }, score: 90, quarantined: true }]);
    expect((await asHost()).json()).toMatchObject({ decision: false });
    expect((await get('/admin/v1/quarantine', admin)).json()).toMatchObject({ quarantine: [{ entity: { kind: 'host', id: 'web-01' }, by: 'halong-risk' }] });
    expect((await h.app.inject({ method: 'DELETE', url: '/admin/v1/quarantine/host/web-01', headers: bearer(admin) })).statusCode).toBe(204);
    expect((await asHost()).json()).toMatchObject({ decision: true });
    expect(h.service.risks.scoreOf({ kind: 'host', id: 'web-01' })).toBe(0);
    // The lift is dated on the control topic: the same alert, read again by a restarted engine, raises nothing.
    expect(await h.service.risk.handle(alertOn('web-01', 'critical'), { at: NOW.getTime() - 1000, replay: true })).toEqual([]);
    expect(h.service.risks.scoreOf({ kind: 'host', id: 'web-01' })).toBe(0);
    expect((await asHost()).json()).toMatchObject({ decision: true });
  });

  it('a revoked token id is refused on the next request', async () => {
    const admin = await h.signIn('admin');
    const lan = await h.signIn('lan');
    const claims = JSON.parse(Buffer.from(lan.split('.')[1]!, 'base64url').toString()) as { jti: string; exp: number };
    const revoke = await h.app.inject({ method: 'POST', url: '/admin/v1/token-revocations', headers: bearer(admin), payload: { jti: claims.jti, expires_at: claims.exp } });
    expect(revoke.statusCode).toBe(201);
    const res = await get('/admin/v1/decisions', lan);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'HALONG_TOKEN_REVOKED' } });
  });

  it('answers bad admin input with 4xx and a message', async () => {
    const admin = await h.signIn('admin');
    const both = await h.app.inject({ method: 'POST', url: '/admin/v1/revocations', headers: bearer(admin), payload: { serial: 'ab', spiffe_id: 'spiffe://halong.local/device/a/b', reason: 'keyCompromise' } });
    expect(both.statusCode).toBe(400);
    const unknown = await h.app.inject({ method: 'POST', url: '/admin/v1/revocations', headers: bearer(admin), payload: { serial: 'abcdef', reason: 'keyCompromise' } });
    expect(unknown.json()).toMatchObject({ error: { code: 'HALONG_PKI_UNKNOWN_SERIAL' } });
    const badKind = await h.app.inject({ method: 'POST', url: '/admin/v1/join-tokens', headers: bearer(admin), payload: { kind: 'satellite', site: 'x', name: 'y' } });
    expect(badKind.statusCode).toBe(400);
    const lift = await h.app.inject({ method: 'DELETE', url: '/admin/v1/quarantine/host/nobody', headers: bearer(admin) });
    expect(lift.statusCode).toBe(404);
  });
});
