import type { Alert } from '@halong/core';
import { AlertAggregator, AlertError, alertId, sourceFromHit, sourceFromMatch } from '../../src/alerts';
import type { AlertAggregatorOptions } from '../../src/alerts';
import { CorrelationEngine, compileCorrelations } from '../../src/correlation';
import { correlation, hit, rule } from '../correlation/support';
import { INDICES, MINUTE, RULE, T0, frozenClock, psHit } from './support';

function setup(extra: Partial<AlertAggregatorOptions> = {}) {
  const clock = frozenClock();
  return { clock, agg: new AlertAggregator({ clock, indices: INDICES, ...extra }) };
}

describe('AlertAggregator', () => {
  it('merges the hits of one rule and group key within a dedup window into one alert', () => {
    const { clock, agg } = setup({ updateIntervalMs: 60_000 });
    const first = agg.add(sourceFromHit(RULE, psHit('e1', T0 + MINUTE)));
    expect(first).toHaveLength(1);
    const id = alertId(RULE.id as string, 'host.name=ws-01', T0);
    expect(first[0]).toMatchObject({ id, count: 1, group_key: 'host.name=ws-01', status: 'open', entities: { host: ['ws-01'], user: ['alice'] } });

    // More hits inside the update interval: merged, not yet re-emitted.
    for (let i = 2; i <= 5; i++) expect(agg.add(sourceFromHit(RULE, psHit(`e${i}`, T0 + i * MINUTE, { 'source.ip': `10.0.0.${i}` })))).toEqual([]);
    clock.advance(60_000);
    const [update] = agg.add(sourceFromHit(RULE, psHit('e6', T0 + 6 * MINUTE)));
    expect(update).toMatchObject({ id, count: 6, first_seen: '2026-03-01T10:01:00.000Z', last_seen: '2026-03-01T10:06:00.000Z' });
    expect(update?.entities.ip).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']);
    expect(update?.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect(update?.events[0]?.index).toBe('halong-events-windows.sysmon-2026.03.01');
    expect(agg.openCount()).toBe(1);
  });

  it('opens a new alert (new id) in the next dedup window, and per group key', () => {
    const { agg } = setup();
    const a = agg.add(sourceFromHit(RULE, psHit('e1', T0 + 14 * MINUTE)));
    const b = agg.add(sourceFromHit(RULE, psHit('e2', T0 + 15 * MINUTE)));
    const c = agg.add(sourceFromHit(RULE, psHit('e3', T0 + 15 * MINUTE, { 'host.name': 'ws-02' })));
    expect(new Set([...a, ...b, ...c].map((x) => x.id)).size).toBe(3);
  });

  it('re-emits pending updates on tick (after the interval) and on flush', () => {
    const { clock, agg } = setup({ updateIntervalMs: 30_000 });
    agg.add(sourceFromHit(RULE, psHit('e1', T0)));
    agg.add(sourceFromHit(RULE, psHit('e2', T0 + 1000)));
    expect(agg.tick()).toEqual([]);
    clock.advance(30_000);
    expect(agg.tick().map((a) => a.count)).toEqual([2]);
    expect(agg.tick()).toEqual([]);
    agg.add(sourceFromHit(RULE, psHit('e3', T0 + 2000)));
    expect(agg.flush().map((a) => a.count)).toEqual([3]);
    expect(agg.flush()).toEqual([]);
  });

  it('never counts a source twice (replay)', () => {
    const { agg } = setup();
    agg.add(sourceFromHit(RULE, psHit('e1', T0)));
    agg.add(sourceFromHit(RULE, psHit('e1', T0)));
    expect(agg.flush()).toEqual([]);
    expect(agg.counters()).toMatchObject({ sources: 1, duplicates: 1 });
  });

  it('closes a window once the watermark passes it plus the lateness, emitting its last changes; later hits for it are dropped', () => {
    const { agg } = setup({ allowedLatenessMs: MINUTE });
    agg.add(sourceFromHit(RULE, psHit('e1', T0)));
    agg.add(sourceFromHit(RULE, psHit('e2', T0 + MINUTE)));
    expect(agg.advanceWatermark(T0 + 16 * MINUTE - 1)).toEqual([]);
    const closed = agg.advanceWatermark(T0 + 16 * MINUTE);
    expect(closed.map((a) => a.count)).toEqual([2]);
    expect(agg.openCount()).toBe(0);
    expect(agg.add(sourceFromHit(RULE, psHit('late', T0 + 2 * MINUTE)))).toEqual([]);
    expect(agg.counters()).toMatchObject({ lateDropped: 1, expired: 1 });
  });

  it('bounds event references and open alerts', () => {
    const { agg } = setup({ maxEventRefs: 3, maxOpenAlerts: 2 });
    for (let i = 0; i < 5; i++) agg.add(sourceFromHit(RULE, psHit(`e${i}`, T0 + i)));
    const [full] = agg.flush();
    expect(full).toMatchObject({ count: 5 });
    expect(full?.events.map((e) => e.id)).toEqual(['e0', 'e1', 'e2']);

    agg.add(sourceFromHit(RULE, psHit('b', T0, { 'host.name': 'ws-02' })));
    agg.add(sourceFromHit(RULE, psHit('a2', T0 + 10)));
    // ws-02 is now the least recently updated: it makes room and is emitted if it has changes.
    const out = agg.add(sourceFromHit(RULE, psHit('c', T0, { 'host.name': 'ws-03' })));
    expect(agg.counters().evicted).toBe(1);
    expect(agg.openCount()).toBe(2);
    expect(out.map((a) => a.group_key)).toEqual(['host.name=ws-03']);
  });

  it('snapshot → JSON → restore continues the same alert (same id, count goes on)', () => {
    const { clock, agg } = setup({ updateIntervalMs: 0 });
    agg.add(sourceFromHit(RULE, psHit('e1', T0)));
    agg.add(sourceFromHit(RULE, psHit('e2', T0 + 1)));
    const saved = JSON.parse(JSON.stringify(agg.snapshot())) as unknown;
    const again = new AlertAggregator({ clock, indices: INDICES, updateIntervalMs: 0 });
    again.restore(saved);
    expect(again.add(sourceFromHit(RULE, psHit('e2', T0 + 1)))).toEqual([]);
    const [next] = again.add(sourceFromHit(RULE, psHit('e3', T0 + 2)));
    expect(next).toMatchObject({ id: alertId(RULE.id as string, 'host.name=ws-01', T0), count: 3, '@timestamp': '2026-03-01T12:00:00.000Z' });
    expect(() => again.restore({ version: 1, watermark: null, stats: {}, alerts: [{ id: 1 }] })).toThrow(expect.objectContaining({ code: 'HALONG_ALERT_SNAPSHOT' }));
  });

  it('refuses nonsense options with a code', () => {
    expect(() => setup({ dedupWindowMs: 0 })).toThrow(AlertError);
    expect(() => setup({ maxEventRefs: 0 })).toThrow(expect.objectContaining({ code: 'HALONG_ALERT_INVALID' }));
  });
});

describe('correlation matches become alerts', () => {
  it('one alert per group and dedup window, counting every event of each match, entities from the events', () => {
    const corr = correlation({
      id: 'brute',
      title: 'Brute force',
      level: 'critical',
      type: 'event_count',
      rules: ['failed'],
      groupBy: ['user.name'],
      timespanMs: 5 * MINUTE,
      condition: { ops: [{ op: 'gte', value: 3 }] },
    });
    const { index } = compileCorrelations([rule('failed'), corr]);
    const engine = new CorrelationEngine(index);
    const { agg } = setup({ updateIntervalMs: 0 });
    const alerts: Alert[] = [];
    for (let i = 0; i < 7; i++) {
      const h = hit('failed', T0 + i * 1000, { 'user.name': 'bob', 'source.ip': `198.51.100.${i}`, 'event.dataset': 'windows.security' }, `f${i}`);
      for (const m of engine.ingest(h)) alerts.push(...agg.add(sourceFromMatch(corr, m)));
    }
    expect(alerts.map((a) => a.count)).toEqual([3, 6]);
    expect(new Set(alerts.map((a) => a.id))).toEqual(new Set([alertId('brute', 'user.name=bob', T0)]));
    expect(alerts[1]).toMatchObject({ group_key: 'user.name=bob', rule: { id: 'brute', level: 'critical', title: 'Brute force' } });
    expect(alerts[1]?.entities).toEqual({ user: ['bob'], ip: ['198.51.100.0', '198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4', '198.51.100.5'] });
    expect(alerts[1]?.events.map((e) => e.index)).toEqual(Array(6).fill('halong-events-windows.security-2026.03.01'));
  });
});
