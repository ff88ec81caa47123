import type { Alert } from '@halong/core';
import { createRiskScores } from '../../src/pdp/risk-scores';
import { RISK_BY_LEVEL, alertEntities, createRiskResponder, entityOfControlId } from '../../src/service/risk-from-alerts';
import { createMemoryControl } from '../support/memory-control';

const NOW = new Date('2026-11-23T08:00:00.000Z');

function alert(level: Alert['rule']['level'], entities: Alert['entities']): Alert {
  return {
    id: 'al-1',
    '@timestamp': NOW.toISOString(),
    rule: { id: 'r-ransom', title: 'Shadow copies deleted', level, attack: { tactics: ['impact'], techniques: ['T1490'] } },
    group_key: 'web-01',
    entities,
    events: [],
    first_seen: NOW.toISOString(),
    last_seen: NOW.toISOString(),
    count: 1,
    status: 'open',
    status_history: [],
  };
}

function setup() {
  const control = createMemoryControl(() => NOW);
  const risks = createRiskScores({ halfLifeMs: 3_600_000, clock: () => NOW.getTime() });
  const responder = createRiskResponder({ risks, control, clock: () => NOW, quarantineScore: 80, quarantineTtlMs: 3_600_000 });
  return { control, risks, responder };
}

describe('risk from alerts', () => {
  it('reads host, user, ip and SPIFFE entities and skips malformed ones', () => {
    expect(alertEntities(alert('low', { host: ['web-01', ''], user: ['lan'], ip: ['10.0.0.5', 7 as unknown as string], spiffe_id: ['spiffe://halong.local/collector/hue/c1'] }))).toEqual([
      { kind: 'host', id: 'web-01' },
      { kind: 'user', id: 'lan' },
      { kind: 'ip', id: '10.0.0.5' },
      { kind: 'spiffe', id: 'spiffe://halong.local/collector/hue/c1' },
    ]);
    expect(alertEntities(null)).toEqual([]);
    expect(alertEntities({ entities: 'x' })).toEqual([]);
    expect(alertEntities(alert('low', { host: Array.from({ length: 500 }, (_, i) => `h${i}`) }))).toHaveLength(50);
  });

  it('raises risk by level without quarantining below the threshold', async () => {
    const { control, risks, responder } = setup();
    const out = await responder.handle(alert('high', { host: ['web-01'] }));
    expect(out).toEqual([{ entity: { kind: 'host', id: 'web-01' }, score: RISK_BY_LEVEL.high, quarantined: false }]);
    expect(risks.reasonsOf({ kind: 'host', id: 'web-01' })[0]!.reason).toContain('Shadow copies deleted');
    expect(control.sets).toHaveLength(0);
  });

  it('quarantines an entity whose risk crosses the threshold, once, with a TTL and the reason', async () => {
    const { control, responder } = setup();
    await responder.handle(alert('high', { host: ['web-01'] }));
    const out = await responder.handle(alert('medium', { host: ['web-01'] }));
    expect(out[0]).toMatchObject({ quarantined: true, score: 95 });
    expect(control.sets).toHaveLength(1);
    expect(control.sets[0]).toMatchObject({
      kind: 'quarantine',
      id: 'host:web-01',
      by: 'halong-risk',
      until: new Date(NOW.getTime() + 3_600_000).toISOString(),
      data: { entity: { kind: 'host', id: 'web-01' }, reason: expect.stringMatching(/^risk 95 reached 80 after alert "Shadow copies deleted"/) },
    });
    await responder.handle(alert('critical', { host: ['web-01'] }));
    expect(control.sets).toHaveLength(1);
  });

  it('a replayed alert raises risk as of its time and quarantines nothing', async () => {
    const { control, risks, responder } = setup();
    const hourAgo = NOW.getTime() - 3_600_000;
    // Critical, an hour (one half-life) ago: 90 then, 45 now, and no second quarantine.
    expect(await responder.handle(alert('critical', { host: ['web-01'] }), { at: hourAgo, replay: true })).toEqual([{ entity: { kind: 'host', id: 'web-01' }, score: 45, quarantined: false }]);
    expect(risks.reasonsOf({ kind: 'host', id: 'web-01' })[0]!.at).toBe(hourAgo);
    expect(control.sets).toHaveLength(0);
    // Read live, the same level crosses the threshold and quarantines.
    expect(await responder.handle(alert('high', { host: ['web-01'] }), { at: NOW.getTime() })).toEqual([{ entity: { kind: 'host', id: 'web-01' }, score: 100, quarantined: true }]);
    expect(control.sets).toHaveLength(1);
  });

  it('alerts from before an entity\'s lift raise nothing, live or replayed; later ones count', async () => {
    const { control, risks, responder } = setup();
    const entity = { kind: 'host' as const, id: 'web-01' };
    const lift = NOW.getTime() - 60_000;
    await control.set({ kind: 'risk_cleared', id: 'host:web-01', data: { entity }, at: new Date(lift).toISOString(), by: 'admin' });
    expect(await responder.handle(alert('high', { host: ['web-01'], user: ['lan'] }), { at: lift - 1, replay: true })).toEqual([{ entity: { kind: 'user', id: 'lan' }, score: expect.closeTo(60 * 0.5 ** (60_001 / 3_600_000), 9), quarantined: false }]);
    expect(await responder.handle(alert('high', { host: ['web-01'] }), { at: lift })).toEqual([]);
    expect(risks.scoreOf(entity)).toBe(0);
    expect(await responder.handle(alert('low', { host: ['web-01'] }), { at: lift + 1 })).toEqual([{ entity, score: 15, quarantined: false }]);
  });

  it('ignores alerts without a known level', async () => {
    const { responder } = setup();
    expect(await responder.handle({ rule: { level: 'apocalyptic' }, entities: { host: ['x'] } })).toEqual([]);
    expect(await responder.handle('nonsense')).toEqual([]);
  });

  it('maps control ids back to entities', () => {
    expect(entityOfControlId('host:web-01')).toEqual({ kind: 'host', id: 'web-01' });
    expect(entityOfControlId('spiffe:spiffe://halong.local/device/a/b')).toEqual({ kind: 'spiffe', id: 'spiffe://halong.local/device/a/b' });
    expect(entityOfControlId('planet:earth')).toBeUndefined();
    expect(entityOfControlId('nocolon')).toBeUndefined();
  });
});
