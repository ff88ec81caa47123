import { SilenceWatch } from '../../src/fleet/silence-watch';
import { SILENT_SOURCE_RULE_ID, silentSourceAlert } from '../../src/fleet/silent-source-alert';
import { FLEET_DATASET, heartbeatEvent } from '../../src/fleet/heartbeat';

const T = Date.parse('2026-11-24T02:00:00.000Z');
const MIN = 60_000;

describe('SilenceWatch', () => {
  it('learns a cadence and reports a source silent for longer than its allowance, once per silence', () => {
    const w = new SilenceWatch({ factor: 5, minSilenceMs: 10 * MIN, warmup: 3 });
    for (let k = 0; k < 10; k += 1) w.seen('host:fw-01', T + k * 5 * MIN); // every 5 minutes
    const last = T + 45 * MIN;
    expect(w.check(last + 20 * MIN)).toEqual([]); // 4 cadences: still fine
    expect(w.check(last + 26 * MIN)).toEqual([{ key: 'host:fw-01', lastSeen: last, cadenceMs: 5 * MIN, silentForMs: 26 * MIN }]);
    expect(w.check(last + 60 * MIN)).toEqual([]);
    // It speaks again: re-armed.
    w.seen('host:fw-01', last + 61 * MIN);
    expect(w.check(last + 61 * MIN + 200 * MIN)).toHaveLength(1);
  });

  it('never raises for less than the minimum silence, nor for sources it barely knows', () => {
    const w = new SilenceWatch({ factor: 5, minSilenceMs: 10 * MIN, warmup: 3 });
    for (let k = 0; k < 10; k += 1) w.seen('host:chatty', T + k * 1_000);
    w.seen('host:new', T);
    expect(w.check(T + 9 * MIN)).toEqual([]);
    expect(w.check(T + 11 * MIN).map((s) => s.key)).toEqual(['host:chatty']);
  });

  it('stays bounded, forgetting the longest-silent source', () => {
    const w = new SilenceWatch({ maxSources: 2 });
    w.seen('a', T);
    w.seen('b', T + 1);
    w.seen('c', T + 2);
    expect(w.size).toBe(2);
    w.seen('a', T + MIN);
    expect(w.size).toBe(2);
  });
});

describe('silentSourceAlert', () => {
  it('is an alert of the contract shape with an id that is the same for the same silence', () => {
    const s = { key: 'host:fw-01', lastSeen: T, cadenceMs: 5 * MIN, silentForMs: 26 * MIN };
    const a = silentSourceAlert(s, T + 26 * MIN);
    expect(a).toMatchObject({ rule: { id: SILENT_SOURCE_RULE_ID, level: 'medium' }, group_key: 'host:fw-01', entities: { host: ['fw-01'] }, first_seen: new Date(T).toISOString(), status: 'open', count: 1 });
    expect(silentSourceAlert(s, T + 30 * MIN).id).toBe(a.id);
    expect(silentSourceAlert({ ...s, lastSeen: T + 1 }, T + 30 * MIN).id).not.toBe(a.id);
  });
});

describe('heartbeatEvent', () => {
  it('says who the collector is, what it runs and how it is doing', () => {
    const e = heartbeatEvent({ id: 'spiffe://halong.local/collector/phu-hoi/edge-01', name: 'edge-01', site: 'phu-hoi', version: '0.1.0', role: 'edge', inputs: { tcp: 5514 }, eventsPerSecond: 12.34, spool: { records: 3, bytes: 900 }, counters: { messages: 7 } }, T);
    expect(e).toMatchObject({ '@timestamp': '2026-11-24T02:00:00.000Z', event: { kind: 'state', dataset: FLEET_DATASET }, labels: { site: 'phu-hoi' }, collector: { role: 'edge', events_per_second: 12.3, spool: { records: 3 }, last_seen: '2026-11-24T02:00:00.000Z' } });
    expect(e.event.id).toMatch(/^[0-9a-f]{32}$/);
    expect(heartbeatEvent({ id: 'x', version: '0', role: 'central', inputs: {}, eventsPerSecond: 0, spool: { records: 0, bytes: 0 }, counters: {} }, T + 1).event.id).not.toBe(e.event.id);
  });
});
