// The PDP against 1,000 generated policies: indexed decisions must equal a naive linear scan.
import { compileCondition, isConditionProblem } from '../../src/pdp/condition';
import type { DecisionRequest } from '../../src/pdp/decision-types';
import { parsePolicies } from '../../src/pdp/parse-policies';
import { createPdp } from '../../src/pdp/pdp';
import type { PolicyDefinition } from '../../src/pdp/policy-types';
import { generatePolicyYaml, generateRequests, SITES } from './generate-policies';
import { T0 } from './helpers';

// Independent, deliberately simple matching rules (no index, no precompiled sets).
const regexes = new Map<string, RegExp>();
function glob(pattern: string, value: string): boolean {
  if (pattern === '*' || pattern === '**') return true;
  let re = regexes.get(pattern);
  if (!re) {
    const src = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').split('**').map((part) => part.replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('.*');
    regexes.set(pattern, (re = new RegExp(`^${src}$`)));
  }
  return re.test(value);
}
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)]);

function naiveDecide(policies: PolicyDefinition[], q: DecisionRequest): { decision: boolean; matched: string[] } {
  const props = q.subject.properties ?? {};
  const site = (props['site'] as string | undefined) ?? q.subject.id.split('/')[4] ?? '';
  const rsite = (q.resource.properties?.['site'] as string | undefined) ?? '';
  const input = {
    subject: { type: q.subject.type, id: q.subject.id, properties: props },
    resource: { type: q.resource.type, id: q.resource.id, properties: q.resource.properties ?? {} },
    action: { name: q.action.name, properties: {} },
    context: { ...q.context, now: new Date(T0), risk: q.context?.['risk'] ?? 0, resource_risk: 0, resource_quarantined: false },
  };
  const allows: string[] = [];
  const denies: string[] = [];
  for (const p of policies) {
    const subject = p.subjects.some(
      (m) =>
        (!m.kind || m.kind.includes(q.subject.type)) &&
        (!m.id || m.id.some((g) => glob(g, q.subject.id))) &&
        (!m.roles || strings(props['roles']).some((r) => m.roles!.includes(r))) &&
        (!m.groups || strings(props['groups']).some((g) => m.groups!.includes(g))) &&
        (!m.site || m.site.some((g) => glob(g, site))) &&
        Object.entries(m.claims ?? {}).every(([k, vs]) => strings(props[k]).some((v) => vs.includes(v))),
    );
    const resource = p.resources.some(
      (m) =>
        (m.type.includes('*') || m.type.includes(q.resource.type)) &&
        (!m.id || m.id.some((g) => glob(g, q.resource.id))) &&
        (!m.site || m.site.some((g) => glob(g, rsite))),
    );
    if (!subject || !resource || !(p.actions.includes('*') || p.actions.includes(q.action.name))) continue;
    let holds = true;
    if (p.condition) {
      const c = compileCondition(p.condition);
      if (isConditionProblem(c)) throw new Error(c.message);
      try {
        holds = c.evaluate(input);
      } catch {
        holds = p.effect === 'deny'; // fail closed
      }
    }
    if (holds) (p.effect === 'deny' ? denies : allows).push(p.id);
  }
  return denies.length ? { decision: false, matched: denies } : { decision: allows.length > 0, matched: allows };
}

describe('PDP with 1,000 generated policies', () => {
  const { policies, errors } = parsePolicies(generatePolicyYaml(1000), 'generated.yaml');
  const pdp = createPdp(policies, { version: 'gen', clock: () => T0 });

  it('generates 1,000 valid, realistic policies', () => {
    expect(errors).toEqual([]);
    expect(policies).toHaveLength(1000);
    expect(policies.filter((p) => p.effect === 'deny').length).toBeGreaterThan(40);
    expect(policies.filter((p) => p.condition).length).toBeGreaterThan(200);
  });

  it('decides 2,000 varied requests exactly like a naive scan of every policy', () => {
    const requests = generateRequests(2000);
    const outcomes = { allow: 0, deny: 0 };
    for (const q of requests) {
      const want = naiveDecide(policies, q);
      const got = pdp.decide(q);
      const matched = got.reasons.filter((r) => r.kind === 'policy').map((r) => r.policy_id);
      expect({ id: q.resource.id, decision: got.decision, matched: matched.sort() }).toEqual({ id: q.resource.id, decision: want.decision, matched: want.matched.sort() });
      outcomes[got.decision ? 'allow' : 'deny']++;
    }
    expect(outcomes.allow).toBeGreaterThan(200);
    expect(outcomes.deny).toBeGreaterThan(200);
  });

  it('gets the typical cases right', () => {
    const site = SITES[4]!;
    const collector = pdp.decide({ subject: { type: 'collector', id: `spiffe://halong.local/collector/${site}/syslog-1` }, resource: { type: 'event', id: 'e' }, action: { name: 'write' } });
    expect(collector.reasons.map((r) => r.policy_id)).toEqual([`${site}-collectors-write-events`]);
    const risky = pdp.decide({ subject: { type: 'user', id: 'u', properties: { roles: ['admin'] } }, resource: { type: 'alert', id: 'a' }, action: { name: 'read' }, context: { ip: '10.20.0.1', risk: 95 } });
    expect(risky.reasons[0]).toMatchObject({ policy_id: 'deny-high-risk', effect: 'deny' });
    expect(risky.reasons.some((r) => r.policy_id === 'admins-everything-from-soc' && r.kind === 'overridden')).toBe(true);
    const admin = pdp.decide({ subject: { type: 'user', id: 'u', properties: { roles: ['admin'] } }, resource: { type: 'policy', id: 'p' }, action: { name: 'delete' }, context: { ip: '10.20.0.1', risk: 5 } });
    expect(admin).toMatchObject({ decision: true, obligations: [{ id: 'step_up_mfa' }], policy_version: 'gen' });
    const outside = pdp.decide({ subject: { type: 'user', id: 'u', properties: { roles: ['admin'] } }, resource: { type: 'policy', id: 'p' }, action: { name: 'delete' }, context: { ip: '203.0.113.9', risk: 5 } });
    expect(outside.decision).toBe(false);
    expect(outside.reasons[0]!.candidates![0]).toMatchObject({ policy_id: 'admins-everything-from-soc', missed: ['condition'] });
  });
});
