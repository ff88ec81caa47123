import { toAuthzenResponse } from '../../src/authzen';
import type { DecisionRequest } from '../../src/pdp';
import { createPdp, createQuarantineList } from '../../src/pdp';
import { fixedClock, policy, userRequest } from '../pdp/helpers';
import { analystRead, socPdp, T0 } from './helpers';

describe('toAuthzenResponse', () => {
  it('maps an allow to decision true with the id, both reasons, the structured reasons and the policy version', () => {
    const d = socPdp().decide(analystRead as DecisionRequest);
    const response = toAuthzenResponse(d, 'd-1');
    expect(response).toEqual({
      decision: true,
      context: {
        id: 'd-1',
        reason_admin: { en: d.reasons[0]!.reason_admin },
        reason_user: { en: 'You can read the alerts of your site.' },
        reasons: d.reasons,
        policy_version: 'v7',
      },
    });
    expect(response.context!.reason_admin!['en']).toMatch(/^policy "soc-analysts-read-alerts" \(soc-policies\.yaml:4, priority 10\) allows/);
    expect(response.context).not.toHaveProperty('obligations');
  });

  it('passes obligations on and falls back to a neutral user text when the allow policy has none', () => {
    const d = socPdp().decide({
      subject: { type: 'user', id: 'lan', properties: { roles: ['soc-lead'] } },
      resource: { type: 'case', id: 'case-9' },
      action: { name: 'close' },
    });
    expect(toAuthzenResponse(d, 'd-2')).toMatchObject({
      decision: true,
      context: { obligations: [{ id: 'step_up_mfa', max_age_seconds: 300 }], reason_user: { en: 'Access allowed.' } },
    });
  });

  it('explains a deny with the deny only: the overridden allow stays in the structured reasons', () => {
    const pdp = createPdp(
      [policy({ id: 'allow-high', priority: 1000 }), policy({ id: 'deny-low', effect: 'deny', priority: -5, reason_user: 'Not today.' })],
      { clock: fixedClock },
    );
    const response = toAuthzenResponse(pdp.decide(userRequest()), 'd-3');
    expect(response.decision).toBe(false);
    expect(response.context!.reason_admin!['en']).toMatch(/^policy "deny-low" .* denies: /);
    expect(response.context!.reason_admin!['en']).not.toContain('allow-high');
    expect(response.context!.reason_user).toEqual({ en: 'Not today.' });
    expect((response.context!['reasons'] as { policy_id: string; kind: string }[]).map((r) => [r.policy_id, r.kind])).toEqual([
      ['deny-low', 'policy'],
      ['allow-high', 'overridden'],
    ]);
    expect(response.context).not.toHaveProperty('policy_version');
  });

  it('tells the caller only the safe default-deny text, and the admin the closest policies and failed conditions', () => {
    const pdp = createPdp([policy({ id: 'managed-devices-only', condition: 'context.device.managed == true' })], { clock: fixedClock });
    const response = toAuthzenResponse(pdp.decide(userRequest()), 'd-4');
    expect(response.decision).toBe(false);
    expect(response.context!.reason_user).toEqual({ en: 'You do not have access to this resource.' });
    const admin = response.context!.reason_admin!['en']!;
    expect(admin).toMatch(/^no policy allows user "alice" to read alert "alerts\/1" \(default deny/);
    expect(admin).toContain('closest: "managed-devices-only" (condition failed: No such key: device)');
    expect(admin).toContain('policy "managed-devices-only" (managed-devices-only) did not apply: its condition failed (fail closed): No such key: device');
    expect(response.context!.reason_user!['en']).not.toContain('managed-devices-only');
  });

  it('keeps the quarantine reason for admins and gives the caller the neutral suspension text', () => {
    const quarantine = createQuarantineList({ clock: fixedClock });
    quarantine.set({ kind: 'user', id: 'alice' }, 'alert 77: impossible travel', T0 + 60_000);
    const pdp = createPdp([policy({ id: 'analysts-read' })], { clock: fixedClock, provider: { riskOf: () => 0, quarantine: quarantine.quarantine } });
    const response = toAuthzenResponse(pdp.decide(userRequest()), 'd-5');
    expect(response).toMatchObject({ decision: false, context: { id: 'd-5', reason_user: { en: 'Your access is suspended while the security team reviews an alert.' } } });
    expect(response.context!.reason_admin!['en']).toContain('alert 77: impossible travel');
    expect(response.context!.reason_user!['en']).not.toContain('impossible travel');
  });
});
