import type { Entity, EntityStateProvider } from '../../src/pdp/decision-types';
import { entityKey } from '../../src/pdp/entities';
import { createPdp } from '../../src/pdp/pdp';
import { createQuarantineList } from '../../src/pdp/quarantine-list';
import { createRiskScores } from '../../src/pdp/risk-scores';
import { policy, T0, userRequest } from './helpers';

function setup() {
  let now = T0;
  const clock = (): number => now;
  const scores = createRiskScores({ halfLifeMs: 3600_000, clock });
  const quarantine = createQuarantineList({ clock });
  const provider: EntityStateProvider = { riskOf: scores.riskOf, quarantine: quarantine.quarantine };
  const pdp = createPdp(
    [
      policy({ id: 'analysts-read', subjects: [{ roles: ['analyst'] }], resources: [{ type: ['alert', 'host'] }], actions: ['read', 'update'] }),
      policy({ id: 'deny-risky', effect: 'deny', subjects: [{ id: ['**'] }], resources: [{ type: ['*'] }], actions: ['*'], condition: 'context.risk >= 70' }),
      policy({ id: 'hands-off-quarantined-hosts', effect: 'deny', resources: [{ type: ['host'] }], actions: ['update'], condition: 'context.resource_quarantined' }),
    ],
    { clock, provider },
  );
  return { pdp, scores, quarantine, advance: (ms: number) => (now += ms) };
}

describe('risk and quarantine in decisions', () => {
  it('denies a quarantined subject before any policy, with the quarantine reason', () => {
    const { pdp, quarantine, advance } = setup();
    quarantine.set({ kind: 'user', id: 'alice' }, 'alert 123: impossible travel', T0 + 3600_000);
    const d = pdp.decide(userRequest());
    expect(d.decision).toBe(false);
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]).toMatchObject({
      policy_id: 'halong:quarantine',
      kind: 'quarantine',
      quarantine: { entity: { kind: 'user', id: 'alice' }, reason: 'alert 123: impossible travel', until: '2025-03-03T04:00:00.000Z' },
    });
    expect(d.reasons[0]!.reason_admin).toContain('impossible travel');
    expect(d.reasons[0]!.reason_user).not.toContain('impossible travel');
    advance(3600_000); // the quarantine expires exactly now
    expect(pdp.decide(userRequest()).decision).toBe(true);
  });

  it('quarantines by SPIFFE id, host and client IP too, and lifting restores access', () => {
    const { pdp, quarantine } = setup();
    const collector = { subject: { type: 'collector' as const, id: 'spiffe://halong.local/collector/qn-01/c1', properties: { roles: ['analyst'], host: 'edge-7' } }, resource: { type: 'alert', id: 'a' }, action: { name: 'read' }, context: { ip: '::ffff:10.9.8.7' } };
    expect(pdp.decide(collector).decision).toBe(true);
    for (const entity of [{ kind: 'spiffe', id: collector.subject.id }, { kind: 'host', id: 'edge-7' }, { kind: 'ip', id: '10.9.8.7' }] as Entity[]) {
      quarantine.set(entity, `${entity.kind} flagged`);
      const d = pdp.decide(collector);
      expect(d.decision).toBe(false);
      expect(d.reasons[0]!.quarantine!.entity).toEqual(entity.kind === 'ip' ? { kind: 'ip', id: '::ffff:10.9.8.7' } : entity);
      expect(quarantine.lift(entity)).toBe(true);
      expect(pdp.decide(collector).decision).toBe(true);
    }
  });

  it('puts entity risk into the context, the highest of the subject entities and the request', () => {
    const { pdp, scores, advance } = setup();
    scores.raise({ kind: 'ip', id: '10.0.0.5' }, 80, 'alert 9: brute force from this IP');
    const d = pdp.decide(userRequest({ context: { ip: '10.0.0.5' } }));
    expect(d.decision).toBe(false);
    expect(d.reasons[0]!.policy_id).toBe('deny-risky');
    expect(d.context).toMatchObject({ risk: 80 });
    advance(3600_000); // one half-life later: 40
    const later = pdp.decide(userRequest({ context: { ip: '10.0.0.5' } }));
    expect(later.decision).toBe(true);
    expect(later.context!['risk']).toBeCloseTo(40, 6);
    // A caller may raise the risk it sends, never lower it below the provider's.
    expect(pdp.decide(userRequest({ context: { ip: '10.0.0.5', risk: 90 } })).decision).toBe(false);
    expect(pdp.decide(userRequest({ context: { ip: '10.0.0.5', risk: -100 } })).context!['risk']).toBeCloseTo(40, 6);
  });

  it('tells policies when the resource is quarantined', () => {
    const { pdp, quarantine } = setup();
    const update = userRequest({ type: 'host', resourceId: 'web-1', action: 'update' });
    expect(pdp.decide(update).decision).toBe(true);
    quarantine.set({ kind: 'host', id: 'web-1' }, 'ransomware suspected');
    const d = pdp.decide(update);
    expect(d.decision).toBe(false);
    expect(d.reasons[0]!.policy_id).toBe('hands-off-quarantined-hosts');
    expect(d.context).toMatchObject({ resource_quarantined: true });
  });

  it('keys entities so that equal IPs written differently are one entity', () => {
    expect(entityKey({ kind: 'ip', id: '::ffff:10.0.0.1' })).toBe(entityKey({ kind: 'ip', id: '10.0.0.1' }));
    expect(entityKey({ kind: 'user', id: '10.0.0.1' })).not.toBe(entityKey({ kind: 'ip', id: '10.0.0.1' }));
  });
});
