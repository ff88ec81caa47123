import type { Decision } from '@halong/core';
import { PolicyRequestInvalidError, PolicySetInvalidError } from '../../src/pdp/errors';
import { createPdp } from '../../src/pdp/pdp';
import { fixedClock, fixture, load, policy, T0, userRequest } from './helpers';

const socPolicies = load(fixture('soc-policies.yaml'), 'soc-policies.yaml');
const soc = createPdp(socPolicies, { version: 'v7', clock: fixedClock });
const analystOnSite = userRequest({
  props: { site: 'qn-01' },
  resourceId: 'alerts/qn-01/42',
  resourceProps: { site: 'qn-01' },
  context: { ip: '10.20.1.9' },
});

describe('PDP decisions', () => {
  it('allows when an allow policy matches, with reasons, obligations and the policy version', () => {
    const d = soc.decide(analystOnSite);
    expect(d).toMatchObject({ decision: true, policy_version: 'v7', obligations: [] });
    expect(d.reasons).toEqual([expect.objectContaining({ policy_id: 'soc-analysts-read-alerts', effect: 'allow', kind: 'policy' })]);
    expect(d.context).toMatchObject({ ip: '10.20.1.9', now: new Date(T0).toISOString(), risk: 0 });
    // The decision can be logged as @halong/core's Decision once the caller adds id and timestamp.
    const logged: Decision = { id: 'd-1', '@timestamp': new Date(T0).toISOString(), ...d };
    expect(logged.reasons[0]!.reason_user).toBe('You can read the alerts of your site.');
  });

  it('denies by default when nothing matches', () => {
    const d = soc.decide(userRequest({ roles: ['viewer'], context: { ip: '10.20.1.9' } }));
    expect(d.decision).toBe(false);
    expect(d.reasons[0]).toMatchObject({ policy_id: 'halong:default-deny', effect: 'deny', kind: 'default-deny' });
    expect(d.obligations).toEqual([]);
  });

  it('lets a deny override a matching allow, whatever the priorities', () => {
    const pdp = createPdp(
      [
        policy({ id: 'allow-high', priority: 1000 }),
        policy({ id: 'deny-low', effect: 'deny', priority: -5, subjects: [{ roles: ['analyst'] }] }),
      ],
      { clock: fixedClock },
    );
    const d = pdp.decide(userRequest());
    expect(d.decision).toBe(false);
    expect(d.reasons.map((r) => [r.policy_id, r.kind])).toEqual([
      ['deny-low', 'policy'],
      ['allow-high', 'overridden'],
    ]);
    expect(d.reasons[1]!.reason_admin).toContain('would allow, but a deny overrides it');
  });

  it('returns the obligations of every matching allow, once each', () => {
    const pdp = createPdp(
      [
        policy({ id: 'a', obligations: [{ id: 'step_up_mfa', max_age_seconds: 300 }] }),
        policy({ id: 'b', priority: 5, obligations: [{ id: 'watermark' }, { id: 'step_up_mfa' }] }),
      ],
      { clock: fixedClock },
    );
    const d = pdp.decide(userRequest());
    expect(d.decision).toBe(true);
    expect(d.reasons.map((r) => r.policy_id)).toEqual(['b', 'a']);
    expect(d.obligations).toEqual([{ id: 'watermark' }, { id: 'step_up_mfa' }]);
  });

  it('fails closed: an erroring allow condition does not allow, an erroring deny condition denies', () => {
    const allowOnly = createPdp([policy({ id: 'needs-ip', condition: 'ipInCidr(context.ip, "10.0.0.0/8")' })], { clock: fixedClock });
    const noIp = allowOnly.decide(userRequest());
    expect(noIp.decision).toBe(false);
    expect(noIp.reasons.map((r) => [r.policy_id, r.kind])).toEqual([
      ['halong:default-deny', 'default-deny'],
      ['needs-ip', 'condition-error'],
    ]);
    expect(noIp.reasons[1]!.error).toMatch(/No such key: ip/);

    const withDeny = createPdp(
      [policy({ id: 'open' }), policy({ id: 'deny-bad-device', effect: 'deny', condition: 'context.device.managed == false' })],
      { clock: fixedClock },
    );
    const d = withDeny.decide(userRequest());
    expect(d.decision).toBe(false);
    expect(d.reasons[0]).toMatchObject({ policy_id: 'deny-bad-device', kind: 'policy', error: expect.stringMatching(/No such key: device/) });
    expect(d.reasons[0]!.reason_admin).toContain('fail closed');
    expect(withDeny.decide(userRequest({ context: { device: { managed: true } } })).decision).toBe(true);
  });

  it('matches SPIFFE ids with globs and derives the site from the SPIFFE id', () => {
    const pdp = createPdp(
      [
        policy({ id: 'site-collectors', subjects: [{ kind: ['collector'], site: ['qn-0*'] }], resources: [{ type: ['events'] }], actions: ['write'] }),
        ...socPolicies,
      ],
      { clock: fixedClock },
    );
    const collector = (id: string) => pdp.decide({ subject: { type: 'collector', id }, resource: { type: 'events', id: 'e' }, action: { name: 'write' } });
    const ok = collector('spiffe://halong.local/collector/qn-03/syslog-1');
    expect(ok.decision).toBe(true);
    expect(ok.reasons.map((r) => r.policy_id).sort()).toEqual(['collectors-ship-events', 'site-collectors']);
    expect(ok.reasons.find((r) => r.policy_id === 'site-collectors')!.reason_admin).toContain('site "qn-03" ~ "qn-0*"');
    // Another trust domain misses the SPIFFE glob; only the site policy still applies.
    expect(collector('spiffe://other.domain/collector/qn-03/syslog-1').reasons.map((r) => r.policy_id)).toEqual(['site-collectors']);
    expect(collector('spiffe://other.domain/collector/qn-13/syslog-1').decision).toBe(false);
    // Too few segments: no site can be derived and the glob needs two segments after the kind.
    expect(collector('spiffe://halong.local/collector/qn-03').decision).toBe(false);
  });

  it('matches roles, groups and other claims any-of, and kinds', () => {
    const pdp = createPdp(
      [
        policy({ id: 'by-group', subjects: [{ groups: ['soc', 'cert'] }], resources: [{ type: ['case'] }] }),
        policy({ id: 'by-claim', subjects: [{ claims: { department: ['finance'], level: ['3'] } }], resources: [{ type: ['report'] }] }),
        policy({ id: 'services-only', subjects: [{ kind: ['service'] }], resources: [{ type: ['metrics'] }] }),
      ],
      { clock: fixedClock },
    );
    expect(pdp.decide(userRequest({ type: 'case', props: { groups: ['cert'] } })).decision).toBe(true);
    expect(pdp.decide(userRequest({ type: 'case', props: { groups: ['it'] } })).decision).toBe(false);
    expect(pdp.decide(userRequest({ type: 'report', props: { department: 'finance', level: 3 } })).decision).toBe(true);
    expect(pdp.decide(userRequest({ type: 'report', props: { department: ['hr', 'finance'], level: 2 } })).decision).toBe(false);
    expect(pdp.decide(userRequest({ type: 'metrics' })).decision).toBe(false);
    const svc = pdp.decide({ subject: { type: 'service', id: 'spiffe://halong.local/service/core/x' }, resource: { type: 'metrics', id: 'm' }, action: { name: 'read' } });
    expect(svc.decision).toBe(true);
  });

  it('honours wildcard types and actions, resource id globs and resource sites', () => {
    const pdp = createPdp(
      [
        policy({ id: 'any-read', subjects: [{ roles: ['auditor'] }], resources: [{ type: ['*'] }], actions: ['read'] }),
        policy({ id: 'all-actions', subjects: [{ roles: ['admin'] }], resources: [{ type: ['host'], id: ['web-*'], site: ['qn-01'] }], actions: ['*'] }),
      ],
      { clock: fixedClock },
    );
    expect(pdp.decide(userRequest({ roles: ['auditor'], type: 'anything-new' })).decision).toBe(true);
    expect(pdp.decide(userRequest({ roles: ['auditor'], type: 'alert', action: 'delete' })).decision).toBe(false);
    const host = (id: string, site: string, action: string) =>
      pdp.decide(userRequest({ roles: ['admin'], type: 'host', resourceId: id, resourceProps: { site }, action })).decision;
    expect(host('web-1', 'qn-01', 'reboot')).toBe(true);
    expect(host('db-1', 'qn-01', 'reboot')).toBe(false);
    expect(host('web-1', 'qn-02', 'reboot')).toBe(false);
  });

  it('evaluates time-of-day conditions against the injected clock', () => {
    const contractor = userRequest({ roles: ['analyst'], props: { groups: ['contractors'], site: 'qn-01' }, resourceId: 'alerts/x', resourceProps: { site: 'qn-01' }, context: { ip: '10.20.0.1' } });
    const at = (iso: string) => createPdp(socPolicies, { clock: () => Date.parse(iso) }).decide(contractor);
    expect(at('2025-03-03T03:00:00Z').decision).toBe(true); // 10:00 in Hanoi
    const night = at('2025-03-03T13:30:00Z'); // 20:30 in Hanoi
    expect(night.decision).toBe(false);
    expect(night.reasons[0]).toMatchObject({ policy_id: 'office-hours-for-contractors', reason_user: 'Contractors have access from 08:00 to 18:00 only.' });
  });

  it('refuses malformed requests with a coded error', () => {
    const bad = [
      null,
      {},
      { subject: { type: 'robot', id: 'r' }, resource: { type: 'a', id: 'b' }, action: { name: 'x' } },
      { subject: { type: 'user', id: '' }, resource: { type: 'a', id: 'b' }, action: { name: 'x' } },
      { subject: { type: 'user', id: 'u' }, resource: { type: 'a', id: 'b' }, action: {} },
      { subject: { type: 'user', id: 'u', properties: [] }, resource: { type: 'a', id: 'b' }, action: { name: 'x' } },
      { subject: { type: 'user', id: 'u' }, resource: { type: 'a', id: 'b' }, action: { name: 'x' }, context: 'zone-a' },
    ];
    for (const request of bad) {
      expect(() => soc.decide(request as never)).toThrow(PolicyRequestInvalidError);
    }
  });

  it('refuses a policy set with duplicate ids', () => {
    expect(() => createPdp([policy({ id: 'x' }), policy({ id: 'x' })])).toThrow(PolicySetInvalidError);
  });
});
