import { createPdp } from '../../src/pdp/pdp';
import { fixedClock, load, policy, userRequest } from './helpers';

describe('PDP reasons', () => {
  it('says which subject matcher, resource matcher, action and condition matched', () => {
    const pdp = createPdp(
      load(`
- id: analysts-alerts
  description: analysts read alerts
  effect: allow
  priority: 3
  subjects: [{kind: collector}, {kind: user, roles: [soc-lead, analyst]}]
  resources: [{type: case}, {type: alert, id: "alerts/*"}]
  actions: [read, list]
  condition: context.risk < 50
`, 'team.yaml'),
      { clock: fixedClock },
    );
    const [reason] = pdp.decide(userRequest({ resourceId: 'alerts/7' })).reasons;
    expect(reason!.match).toEqual({
      subject: 'user "alice" matched subjects[1] (kind user, roles ∋ analyst)',
      resource: 'alert "alerts/7" matched resources[1] (type alert, id "alerts/7" ~ "alerts/*")',
      action: '"read" matched [read, list]',
      condition: 'true: context.risk < 50',
    });
    expect(reason!.reason_admin).toMatch(/^policy "analysts-alerts" \(team\.yaml:2, priority 3\) allows: /);
    expect(reason!.reason_user).toBeUndefined();
  });

  it('gives denies a safe reason_user and keeps the details in reason_admin', () => {
    const pdp = createPdp(
      [policy({ id: 'open' }), policy({ id: 'no-tor', effect: 'deny', condition: 'ipInCidr(context.ip, "198.51.100.0/24")' })],
      { clock: fixedClock },
    );
    const [reason] = pdp.decide(userRequest({ context: { ip: '198.51.100.7' } })).reasons;
    expect(reason).toMatchObject({ policy_id: 'no-tor', reason_user: 'Access denied by policy.' });
    expect(reason!.reason_admin).toContain('198.51.100.0/24');
    expect(reason!.reason_user).not.toContain('198.51');
  });

  it('lists the closest candidates of a default deny, most relevant first', () => {
    const pdp = createPdp(
      [
        policy({ id: 'other-role', subjects: [{ roles: ['soc-lead'] }] }),
        policy({ id: 'wrong-id', resources: [{ type: ['alert'], id: ['cases/*'] }], priority: 1 }),
        policy({ id: 'other-type', resources: [{ type: ['case'] }] }),
        policy({ id: 'condition-false', condition: 'context.risk < 10' }),
        policy({ id: 'other-action', actions: ['delete'] }),
        policy({ id: 'a-deny', effect: 'deny', condition: 'false' }),
      ],
      { clock: fixedClock, nearMisses: 5 },
    );
    const d = pdp.decide(userRequest({ context: { risk: 30 } }));
    expect(d.decision).toBe(false);
    const [deny] = d.reasons;
    expect(deny!.candidates!.map((c) => [c.policy_id, c.missed.join('+')])).toEqual([
      ['condition-false', 'condition'],
      ['wrong-id', 'resource'],
      ['other-type', 'resource.type'],
      ['other-role', 'subject'],
    ]);
    // other-action names another action, a-deny is a deny: neither is a candidate.
    expect(deny!.candidates![0]!.detail).toBe('condition was false: context.risk < 10');
    expect(deny!.reason_admin).toContain('no policy allows user "alice" to read alert "alerts/1" (default deny');
    expect(deny!.reason_admin).toContain('closest: "condition-false"');
    expect(deny!.reason_user).toBe('You do not have access to this resource.');
  });

  it('falls back to policies for other subjects when nothing closer exists', () => {
    const pdp = createPdp([policy({ id: 'leads-only', subjects: [{ roles: ['soc-lead'] }] })], { clock: fixedClock });
    const [deny] = pdp.decide(userRequest()).reasons;
    expect(deny!.candidates).toEqual([
      { policy_id: 'leads-only', matched: ['resource', 'action'], missed: ['subject'], detail: 'subject is not {"roles":["soc-lead"]}' },
    ]);
  });

  it('says so when no allow policy is anywhere near', () => {
    const pdp = createPdp([policy({ id: 'x', actions: ['write'] })], { clock: fixedClock });
    const [deny] = pdp.decide(userRequest()).reasons;
    expect(deny!.candidates).toEqual([]);
    expect(deny!.reason_admin).toContain('no allow policy names action "read" for this subject');
  });
});
