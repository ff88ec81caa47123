// Every correlation type of the spec (and pySigma's value_median) fires exactly when its
// condition is met, and not before. Event time is the only clock.
import { CorrelationEngine, compileCorrelations, ruleKey } from '../../src/correlation';
import type { CorrelationEngineOptions } from '../../src/correlation';
import type { SigmaCorrelation } from '../../src/sigma/types';
import { HOUR, MINUTE, SPEC, T0, correlation, fromYaml, hit, rule } from './support';

const FAILED = '5638f7c0-ac70-491d-8465-2a65075e0d86';

function setup(corr: SigmaCorrelation, rules: { id: string; name?: string }[], options?: CorrelationEngineOptions) {
  const { index, problems } = compileCorrelations([...rules.map((r) => rule(r.id, r.name ? { name: r.name } : {})), corr]);
  expect(problems).toEqual([]);
  return { engine: new CorrelationEngine(index, options), id: ruleKey(corr) };
}

describe('event_count (spec: 100 failed logins per ComputerName in 1h)', () => {
  const ws1 = { ComputerName: 'ws-01' };

  it('fires on the 100th hit of one group and not on the 99th', () => {
    const { engine, id } = setup(fromYaml(SPEC.event_count), [{ id: FAILED }]);
    for (let i = 0; i < 99; i++) {
      expect(engine.ingest(hit(FAILED, T0 + i * 10_000, ws1))).toEqual([]);
      expect(engine.ingest(hit(FAILED, T0 + i * 10_000, { ComputerName: 'ws-02' }))).toEqual([]);
    }
    const [m, ...rest] = engine.ingest(hit(FAILED, T0 + 99 * 10_000, ws1));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ correlationId: id, type: 'event_count', groupKey: 'ComputerName=ws-01', value: 100, hitCount: 100 });
    expect(m?.windowStart).toBe(T0);
    expect(m?.windowEnd).toBe(T0 + 990_000);
    expect(m?.hits).toHaveLength(50);
    expect(m?.groupValues).toEqual(ws1);
  });

  it('slides: 100 hits across an hour boundary match, 100 hits spread over more than an hour do not', () => {
    const { engine } = setup(fromYaml(SPEC.event_count), [{ id: FAILED }]);
    const start = Date.parse('2026-03-01T10:30:00Z');
    const matches = Array.from({ length: 100 }, (_, i) => engine.ingest(hit(FAILED, start + i * 30_000, ws1))).flat();
    expect(matches).toHaveLength(1);

    const spread = setup(fromYaml(SPEC.event_count), [{ id: FAILED }]).engine;
    const late = Array.from({ length: 100 }, (_, i) => spread.ingest(hit(FAILED, T0 + i * 40_000, ws1))).flat();
    expect(late).toEqual([]);
  });

  it('counts a hit exactly one timespan before the closing hit as inside the window', () => {
    const corr = correlation({ id: 'c', type: 'event_count', rules: [FAILED], groupBy: ['ComputerName'], timespanMs: HOUR, condition: { ops: [{ op: 'gte', value: 2 }] } });
    const { engine } = setup(corr, [{ id: FAILED }]);
    expect(engine.ingest(hit(FAILED, T0, ws1))).toEqual([]);
    expect(engine.ingest(hit(FAILED, T0 + HOUR, ws1))).toHaveLength(1);
  });

  it('resets after a match: the next match needs the condition again from scratch', () => {
    const { engine } = setup(fromYaml(SPEC.event_count), [{ id: FAILED }]);
    const all = Array.from({ length: 250 }, (_, i) => engine.ingest(hit(FAILED, T0 + i * 1000, ws1))).flat();
    expect(all.map((m) => m.windowEnd)).toEqual([T0 + 99_000, T0 + 199_000]);
  });
});

describe('event_count with ECS group-by (spec: dns.question.name)', () => {
  it('groups nested and dotted field forms together', () => {
    const { engine } = setup(fromYaml(SPEC.event_count_ecs), [{ id: FAILED }]);
    for (let i = 0; i < 99; i++) {
      const fields = i % 2 ? { dns: { question: { name: 'evil.example' } } } : { 'dns.question.name': 'evil.example' };
      expect(engine.ingest(hit(FAILED, T0 + i, fields))).toEqual([]);
    }
    const [m] = engine.ingest(hit(FAILED, T0 + 100, { dns: { question: { name: 'evil.example' } } }));
    expect(m?.groupKey).toBe('dns.question.name=evil.example');
  });
});

describe('value_count (spec: 100 distinct Users per ComputerName and WorkstationName in 1d)', () => {
  it('fires on the 100th distinct value, repeats do not count', () => {
    const { engine } = setup(fromYaml(SPEC.value_count), [{ id: FAILED }]);
    const at = (i: number, user: string) => hit(FAILED, T0 + i * MINUTE, { ComputerName: 'dc-01', WorkstationName: 'ws-9', User: user });
    for (let i = 0; i < 99; i++) {
      expect(engine.ingest(at(2 * i, `user${i}`))).toEqual([]);
      expect(engine.ingest(at(2 * i + 1, 'user0'))).toEqual([]);
    }
    expect(engine.ingest(at(500, 'user1'))).toEqual([]);
    const [m] = engine.ingest(at(501, 'user99'));
    expect(m).toMatchObject({ value: 100, groupKey: 'ComputerName=dc-01&WorkstationName=ws-9' });
  });
});

describe('temporal and temporal_ordered (spec: recon commands a, b, c within 5m by one user on one host)', () => {
  const refs = [
    { id: 'id-a', name: 'recon_cmd_a' },
    { id: 'id-b', name: 'recon_cmd_b' },
    { id: 'id-c', name: 'recon_cmd_c' },
  ];
  const who = { ComputerName: 'ws-01', User: 'alice' };

  it('temporal fires once all three rules hit within the timespan, in any order', () => {
    const { engine } = setup(fromYaml(SPEC.temporal), refs);
    expect(engine.ingest(hit('id-c', T0, who))).toEqual([]);
    expect(engine.ingest(hit('id-a', T0 + MINUTE, who))).toEqual([]);
    expect(engine.ingest(hit('id-b', T0 + MINUTE, { ...who, User: 'bob' }))).toEqual([]);
    const [m] = engine.ingest(hit('id-b', T0 + 2 * MINUTE, who));
    expect(m).toMatchObject({ value: 3, groupKey: 'ComputerName=ws-01&User=alice', windowStart: T0 });
  });

  it('temporal does not fire when the hits span more than the timespan', () => {
    const { engine } = setup(fromYaml(SPEC.temporal), refs);
    expect(engine.ingest(hit('id-a', T0, who))).toEqual([]);
    expect(engine.ingest(hit('id-b', T0 + MINUTE, who))).toEqual([]);
    expect(engine.ingest(hit('id-c', T0 + 6 * MINUTE, who))).toEqual([]);
    expect(engine.ingest(hit('id-a', T0 + 7 * MINUTE, who))).toEqual([]);
    // b again: c (6m), a (7m), b (8m) are within 5m of each other.
    expect(engine.ingest(hit('id-b', T0 + 8 * MINUTE, who))).toHaveLength(1);
  });

  it('temporal_ordered needs a, then b, then c', () => {
    const { engine } = setup(fromYaml(SPEC.temporal_ordered), refs);
    expect(engine.ingest(hit('id-b', T0, who))).toEqual([]);
    expect(engine.ingest(hit('id-a', T0 + MINUTE, who))).toEqual([]);
    expect(engine.ingest(hit('id-c', T0 + 2 * MINUTE, who))).toEqual([]);
    expect(engine.ingest(hit('id-b', T0 + 3 * MINUTE, who))).toEqual([]);
    const [m] = engine.ingest(hit('id-c', T0 + 4 * MINUTE, who));
    expect(m).toMatchObject({ type: 'temporal_ordered', value: 3, windowEnd: T0 + 4 * MINUTE });
  });
});

describe('value_sum (spec: more than 1 000 000 bytes_sent per SourceIP and User in 1h)', () => {
  const who = { SourceIP: '10.1.2.3', User: 'bob' };

  it('fires once the window is final (a late negative value could still change a sum)', () => {
    const { engine } = setup(fromYaml(SPEC.value_sum), [{ id: 'site', name: 'website_access' }], { allowedLatenessMs: 2 * MINUTE });
    expect(engine.ingest(hit('site', T0, { ...who, bytes_sent: 600_000 }))).toEqual([]);
    expect(engine.ingest(hit('site', T0 + MINUTE, { ...who, bytes_sent: '500000' }))).toEqual([]);
    // The window ending at T0+1m is final once no hit at or before T0+1m can be accepted.
    expect(engine.advanceWatermark(T0 + 3 * MINUTE).matches).toEqual([]);
    const { matches } = engine.advanceWatermark(T0 + 3 * MINUTE + 1);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ value: 1_100_000, windowEnd: T0 + MINUTE });
  });

  it('does not fire at exactly the threshold (gt)', () => {
    const { engine } = setup(fromYaml(SPEC.value_sum), [{ id: 'site', name: 'website_access' }], { allowedLatenessMs: 0 });
    engine.ingest(hit('site', T0, { ...who, bytes_sent: 400_000 }));
    engine.ingest(hit('site', T0 + 1, { ...who, bytes_sent: 600_000 }));
    expect(engine.advanceWatermark(T0 + HOUR).matches).toEqual([]);
  });
});

describe('value_avg (spec: average BytesOut above 500 per SourceIP and User in 24h)', () => {
  const at = (t: number, bytes: number) => hit('a', t, { SourceIP: '10.1.2.3', User: 'bob', BytesOut: bytes });

  it('fires when the average of the final window is above the bound', () => {
    const { engine } = setup(fromYaml(SPEC.value_avg), [{ id: 'a', name: 'rule_a_id' }], { allowedLatenessMs: MINUTE });
    engine.ingest(at(T0, 400));
    engine.ingest(at(T0 + 10 * MINUTE, 700));
    const { matches } = engine.advanceWatermark(T0 + 12 * MINUTE);
    expect(matches.map((m) => m.value)).toEqual([550]);
  });

  it('a late hit inside the lateness bound is averaged in before the window is judged', () => {
    const { engine } = setup(fromYaml(SPEC.value_avg), [{ id: 'a', name: 'rule_a_id' }], { allowedLatenessMs: MINUTE });
    engine.ingest(at(T0, 400));
    engine.ingest(at(T0 + 10 * MINUTE, 700));
    engine.ingest(at(T0 + 9.5 * MINUTE, 100));
    expect(engine.advanceWatermark(T0 + 12 * MINUTE).matches).toEqual([]);
  });
});

describe('value_percentile', () => {
  const at = (t: number, image: string) => hit('pc', t, { ComputerName: 'ws-01', Image: image });

  it('spec form (Image, lte 1): fires on a value seen in at most 1% of the group window', () => {
    const { engine } = setup(fromYaml(SPEC.value_percentile), [{ id: 'pc', name: 'process_creation' }], { allowedLatenessMs: 0 });
    for (let i = 0; i < 99; i++) engine.ingest(at(T0 + i * 1000, 'C:\\Windows\\System32\\svchost.exe'));
    engine.ingest(at(T0 + 99_000, 'C:\\Users\\Public\\evil.exe'));
    const { matches } = engine.advanceWatermark(T0 + 100_000);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ value: 1, windowEnd: T0 + 99_000 });
  });

  it('spec form: 1 in 99 (1.01%) is not rare enough', () => {
    const { engine } = setup(fromYaml(SPEC.value_percentile), [{ id: 'pc', name: 'process_creation' }], { allowedLatenessMs: 0 });
    for (let i = 0; i < 98; i++) engine.ingest(at(T0 + i * 1000, 'svchost.exe'));
    engine.ingest(at(T0 + 98_000, 'evil.exe'));
    expect(engine.advanceWatermark(T0 + 100_000).matches).toEqual([]);
  });

  it('pySigma form (percentile: 90): the 90th percentile of a numeric field against the bound', () => {
    const corr = correlation({
      id: 'p90',
      type: 'value_percentile',
      rules: ['api'],
      groupBy: ['service.name'],
      timespanMs: HOUR,
      condition: { ops: [{ op: 'gte', value: 1000 }], field: 'latency' },
      raw: { correlation: { condition: { field: 'latency', gte: 1000, percentile: 90 } } },
    });
    const { engine } = setup(corr, [{ id: 'api' }], { allowedLatenessMs: 0 });
    for (let i = 1; i <= 10; i++) engine.ingest(hit('api', T0 + i, { 'service.name': 'pay', latency: i * 100 }));
    // p90 of 100..1000 is 910.
    expect(engine.advanceWatermark(T0 + 100).matches).toEqual([]);
    engine.ingest(hit('api', T0 + 200, { 'service.name': 'pay', latency: 2000 }));
    const { matches } = engine.advanceWatermark(T0 + 300);
    expect(matches.map((m) => m.value)).toEqual([1000]);
  });
});

describe('value_median (pySigma)', () => {
  it('fires when the median of the window crosses the bound, not before', () => {
    const corr = correlation({ id: 'med', type: 'value_median', rules: ['r'], groupBy: ['host.name'], timespanMs: HOUR, condition: { ops: [{ op: 'gt', value: 100 }], field: 'duration' } });
    const { engine } = setup(corr, [{ id: 'r' }], { allowedLatenessMs: 0 });
    for (const [i, d] of [10, 20, 500].entries()) engine.ingest(hit('r', T0 + i, { 'host.name': 'h', duration: d }));
    expect(engine.advanceWatermark(T0 + 10).matches).toEqual([]);
    engine.ingest(hit('r', T0 + 20, { 'host.name': 'h', duration: 600 }));
    const { matches } = engine.advanceWatermark(T0 + 30);
    expect(matches.map((m) => [m.value, m.windowEnd])).toEqual([[260, T0 + 20]]);
  });
});

describe('condition operators', () => {
  const run = (ops: { op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq'; value: number }[], n: number) => {
    const corr = correlation({ id: 'ops', type: 'event_count', rules: ['r'], groupBy: ['h'], timespanMs: HOUR, condition: { ops } });
    const { engine } = setup(corr, [{ id: 'r' }], { allowedLatenessMs: 0 });
    const matches = Array.from({ length: n }, (_, i) => engine.ingest(hit('r', T0 + i * 1000, { h: 'x' }))).flat();
    matches.push(...engine.advanceWatermark(T0 + HOUR).matches);
    return matches.map((m) => m.value);
  };

  it('a range (gt + lte) fires on the first window inside it', () => {
    expect(run([{ op: 'gt', value: 2 }, { op: 'lte', value: 4 }], 2)).toEqual([]);
    expect(run([{ op: 'gt', value: 2 }, { op: 'lte', value: 4 }], 3)).toEqual([3]);
  });

  it('eq and neq', () => {
    expect(run([{ op: 'eq', value: 3 }], 2)).toEqual([]);
    expect(run([{ op: 'eq', value: 3 }], 5)).toEqual([3]);
    expect(run([{ op: 'neq', value: 1 }], 1)).toEqual([]);
    expect(run([{ op: 'neq', value: 1 }], 2)).toEqual([2]);
  });

  it('lt and gt', () => {
    expect(run([{ op: 'lt', value: 2 }], 1)).toEqual([1]);
    expect(run([{ op: 'gt', value: 2 }], 2)).toEqual([]);
    expect(run([{ op: 'gt', value: 2 }], 3)).toEqual([3]);
  });
});
