import { CorrelationEngine, CorrelationError, compileCorrelations } from '../../src/correlation';
import type { CorrelationEngineOptions, CorrelationMatch } from '../../src/correlation';
import type { RuleHit } from '../../src/engine/types';
import type { SigmaDocument } from '../../src/sigma/types';
import { HOUR, MINUTE, T0, correlation, hit, rule } from './support';

const countOf = (n: number, spanMs = 5 * MINUTE) =>
  correlation({ id: 'burst', type: 'event_count', rules: ['r'], groupBy: ['host.name'], timespanMs: spanMs, condition: { ops: [{ op: 'gte', value: n }] } });

function engineFor(docs: SigmaDocument[], options?: CorrelationEngineOptions): CorrelationEngine {
  const { index, problems } = compileCorrelations(docs, {});
  expect(problems).toEqual([]);
  return new CorrelationEngine(index, options);
}

const on = (host: string, t: number, eventId?: string) => hit('r', t, { 'host.name': host }, eventId);

describe('watermark and allowed lateness', () => {
  it('drops and counts hits older than watermark − lateness', () => {
    const engine = engineFor([rule('r'), countOf(2)], { allowedLatenessMs: MINUTE });
    engine.ingest(on('a', T0 + 10 * MINUTE));
    expect(engine.currentWatermark()).toBe(T0 + 10 * MINUTE);
    expect(engine.ingest(on('a', T0 + 8 * MINUTE))).toEqual([]);
    expect(engine.counters()).toMatchObject({ lateDropped: 1, accepted: 1 });
    // Inside the bound it counts.
    expect(engine.ingest(on('a', T0 + 9.5 * MINUTE))).toHaveLength(1);
  });

  it('a late hit completes the window of a later hit', () => {
    const engine = engineFor([rule('r'), countOf(3)], { allowedLatenessMs: 5 * MINUTE });
    engine.ingest(on('a', T0));
    engine.ingest(on('a', T0 + 4 * MINUTE));
    // The late hit's own window (T0, T0+1m) holds 2; the window ending at T0+4m now holds 3.
    const [m] = engine.ingest(on('a', T0 + MINUTE));
    expect(m).toMatchObject({ value: 3, windowStart: T0, windowEnd: T0 + 4 * MINUTE });
  });

  it('with a clock, drops hits stamped too far in the future (they would make everything late)', () => {
    const engine = engineFor([rule('r'), countOf(2)], { clock: { now: () => T0 }, maxFutureMs: MINUTE });
    engine.ingest(on('a', T0 + HOUR));
    expect(engine.counters().futureDropped).toBe(1);
    expect(engine.currentWatermark()).toBeUndefined();
  });
});

describe('de-duplication by event id', () => {
  it('a redelivered hit never counts twice', () => {
    const engine = engineFor([rule('r'), countOf(3)]);
    engine.ingest(on('a', T0, 'e1'));
    expect(engine.ingest(on('a', T0, 'e1'))).toEqual([]);
    expect(engine.ingest(on('a', T0 + 1, 'e2'))).toEqual([]);
    expect(engine.counters().duplicates).toBe(1);
    expect(engine.ingest(on('a', T0 + 2, 'e3'))).toHaveLength(1);
  });

  it('replaying a burst that already matched gives no second match', () => {
    const engine = engineFor([rule('r'), countOf(3)]);
    const burst = [on('a', T0, 'e1'), on('a', T0 + 1, 'e2'), on('a', T0 + 2, 'e3')];
    expect(burst.flatMap((h) => engine.ingest(h))).toHaveLength(1);
    expect(burst.flatMap((h) => engine.ingest(h))).toEqual([]);
    expect(engine.counters().duplicates).toBe(3);
  });
});

describe('bounded state', () => {
  it('caps groups per correlation, evicting the least recently fed group', () => {
    const engine = engineFor([rule('r'), countOf(3)], { maxGroupsPerCorrelation: 2 });
    engine.ingest(on('a', T0));
    engine.ingest(on('b', T0 + 1));
    engine.ingest(on('a', T0 + 2));
    expect(engine.counters().groupsEvicted).toBe(0);
    // 'a' was created first but fed last: 'b' is the one to go.
    engine.ingest(on('c', T0 + 3));
    expect(engine.counters().groupsEvicted).toBe(1);
    expect(engine.groupCount()).toBe(2);
    expect(engine.ingest(on('a', T0 + 4))).toHaveLength(1);
    expect(engine.ingest(on('b', T0 + 5))).toEqual([]);
  });

  it('an evicted group starts again from nothing', () => {
    const engine = engineFor([rule('r'), countOf(2)], { maxGroupsPerCorrelation: 2 });
    engine.ingest(on('a', T0));
    engine.ingest(on('b', T0 + 1));
    engine.ingest(on('c', T0 + 2));
    expect(engine.ingest(on('a', T0 + 3))).toEqual([]);
    expect(engine.ingest(on('a', T0 + 4))).toHaveLength(1);
  });

  it('caps hits per group, oldest out, counted', () => {
    const engine = engineFor([rule('r'), countOf(4)], { maxEventsPerGroup: 3 });
    const matches = Array.from({ length: 6 }, (_, i) => engine.ingest(on('a', T0 + i))).flat();
    expect(matches).toEqual([]);
    expect(engine.counters().eventsEvicted).toBe(3);
  });

  it('expires groups once their window and the lateness bound have passed', () => {
    const engine = engineFor([rule('r'), countOf(5)], { allowedLatenessMs: MINUTE, sweepIntervalMs: 0 });
    engine.ingest(on('a', T0));
    engine.ingest(on('b', T0));
    expect(engine.groupCount()).toBe(2);
    engine.advanceWatermark(T0 + 6 * MINUTE);
    expect(engine.groupCount()).toBe(2);
    engine.advanceWatermark(T0 + 6 * MINUTE + 1);
    expect(engine.groupCount()).toBe(0);
    expect(engine.counters().groupsExpired).toBe(2);
  });
});

describe('chained correlations (spec: many failed logins followed by a successful login)', () => {
  const docs: SigmaDocument[] = [
    correlation({ id: 'b180ead8', title: 'Multiple failed logins followed by success', type: 'temporal_ordered', rules: ['multiple_failed_login', 'successful_login'], groupBy: ['User'], timespanMs: 10 * MINUTE, level: 'high' }),
    correlation({ id: 'a8418a5a', name: 'multiple_failed_login', type: 'event_count', rules: ['failed_login'], groupBy: ['User'], timespanMs: 10 * MINUTE, condition: { ops: [{ op: 'gte', value: 10 }] } }),
    rule('53ba33fd', { name: 'failed_login' }),
    rule('4d0a2c83', { name: 'successful_login' }),
  ];
  const failed = (i: number, user = 'bob') => hit('53ba33fd', T0 + i * 1000, { User: user, 'event.dataset': 'windows.security' });

  it('single process: the inner match is a hit of the outer correlation', () => {
    const engine = engineFor(docs);
    const inner = Array.from({ length: 10 }, (_, i) => engine.ingest(failed(i))).flat();
    expect(inner.map((m) => m.correlationId)).toEqual(['a8418a5a']);
    const [outer] = engine.ingest(hit('4d0a2c83', T0 + 20_000, { User: 'bob' }));
    expect(outer).toMatchObject({ correlationId: 'b180ead8', groupKey: 'User=bob', value: 2, windowStart: T0 + 9000 });
    // The outer match points at the base events: ten failures (via the inner match) and the success.
    expect(outer?.hits.map((h) => h.ruleId)).toEqual([...Array(10).fill('53ba33fd'), '4d0a2c83']);
  });

  it('a success before the burst does not count (order matters)', () => {
    const engine = engineFor(docs);
    engine.ingest(hit('4d0a2c83', T0 - 1000, { User: 'bob' }));
    expect(Array.from({ length: 10 }, (_, i) => engine.ingest(failed(i))).flat().map((m) => m.correlationId)).toEqual(['a8418a5a']);
  });

  it('publish mode: the runtime republishes chained records, keyed by the outer group key', () => {
    const engine = engineFor(docs, { chaining: 'publish' });
    const outputs = Array.from({ length: 10 }, (_, i) => engine.index.records(failed(i)).map((r) => engine.process(r))).flat();
    const chained = outputs.flatMap((o) => o.chained);
    expect(chained).toHaveLength(1);
    expect(chained[0]).toMatchObject({ correlationId: 'b180ead8', groupKey: 'User=bob', hit: { ruleId: 'a8418a5a', timestamp: T0 + 9000 } });
    expect(chained[0]?.origin).toHaveLength(10);
    // Redelivering the chained record does not count it twice.
    engine.process(chained[0]!);
    engine.process(chained[0]!);
    expect(engine.counters().duplicates).toBe(1);
  });

  it('local mode returns no records to publish', () => {
    const engine = engineFor(docs);
    const outputs = Array.from({ length: 10 }, (_, i) => engine.index.records(failed(i)).map((r) => engine.process(r))).flat();
    expect(outputs.flatMap((o) => o.chained)).toEqual([]);
    expect(outputs.flatMap((o) => o.matches).map((m) => m.correlationId)).toEqual(['a8418a5a']);
  });
});

describe('chains over a correlation that waits for its window to be final', () => {
  const docs: SigmaDocument[] = [
    rule('web'),
    rule('x'),
    correlation({ id: 'exfil', type: 'value_sum', rules: ['web'], groupBy: ['user'], timespanMs: HOUR, condition: { ops: [{ op: 'gt', value: 100 }], field: 'bytes' } }),
    correlation({ id: 'then-x', type: 'temporal_ordered', rules: ['exfil', 'x'], groupBy: ['user'], timespanMs: 10 * MINUTE }),
  ];

  it('local: the inner match still reaches the outer correlation after a quiet period', () => {
    const engine = engineFor(docs, { allowedLatenessMs: 2 * MINUTE });
    expect(engine.ingest(hit('web', T0, { user: 'bob', bytes: 500 }))).toEqual([]);
    expect(engine.ingest(hit('x', T0 + MINUTE, { user: 'bob' }))).toEqual([]);
    // Nothing for an hour, then any hit moves the watermark far past both windows.
    const matches = engine.ingest(hit('x', T0 + HOUR, { user: 'zed' }));
    expect(matches.map((m) => [m.correlationId, m.windowEnd])).toEqual([
      ['exfil', T0],
      ['then-x', T0 + MINUTE],
    ]);
    expect(engine.counters().lateDropped).toBe(0);
  });

  it('publish: an outer correlation accepts hits one more lateness per chain level', () => {
    const options = { allowedLatenessMs: 2 * MINUTE, chaining: 'publish' as const };
    const inner = engineFor(docs, options);
    const outer = engineFor(docs, options);
    inner.ingest(hit('web', T0, { user: 'bob', bytes: 500 }));
    outer.index.records(hit('x', T0 + MINUTE, { user: 'bob' })).forEach((r) => outer.process(r));
    outer.advanceWatermark(T0 + 3.5 * MINUTE);
    const { chained } = inner.advanceWatermark(T0 + 3 * MINUTE);
    expect(chained).toHaveLength(1);
    // T0 is 3.5 minutes behind the outer engine: late for base rules (2m), not for a depth-1 correlation (4m).
    const [m] = chained.flatMap((r) => outer.process(r).matches);
    expect(m).toMatchObject({ correlationId: 'then-x', windowEnd: T0 + MINUTE });
  });
});

describe('checkpoints', () => {
  const docs: SigmaDocument[] = [
    rule('r'),
    rule('s'),
    countOf(3),
    correlation({ id: 'avg', type: 'value_avg', rules: ['s'], groupBy: ['user.name'], timespanMs: 10 * MINUTE, condition: { ops: [{ op: 'gt', value: 50 }], field: 'bytes' } }),
    correlation({ id: 'seq', type: 'temporal_ordered', rules: ['r', 's'], groupBy: ['user.name'], timespanMs: 10 * MINUTE, aliases: {} }),
  ];
  const stream: RuleHit[] = [];
  for (let i = 0; i < 60; i++) {
    const t = T0 + i * 20_000 - (i % 7 === 3 ? 50_000 : 0);
    const user = `u${i % 3}`;
    stream.push(hit(i % 2 ? 'r' : 's', t, { 'host.name': `h${i % 4}`, 'user.name': user, bytes: (i * 37) % 100 }, `ev${i}`));
  }
  const options = { allowedLatenessMs: MINUTE, sweepIntervalMs: 0 };
  const ids = (ms: CorrelationMatch[]) => ms.map((m) => `${m.correlationId}:${m.groupKey}:${m.windowEnd}:${m.value}`);

  it('snapshot → JSON → restore → continue gives the same matches as an uninterrupted run', () => {
    const straight = engineFor(docs, options);
    const expected = [...stream.flatMap((h) => straight.ingest(h)), ...straight.advanceWatermark(T0 + 2 * HOUR).matches];
    expect(expected.length).toBeGreaterThan(5);

    const first = engineFor(docs, options);
    const before = stream.slice(0, 31).flatMap((h) => first.ingest(h));
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as unknown;
    const second = engineFor(docs, options);
    second.restore(saved);
    // A restart re-reads from the last committed offset: the overlap is de-duplicated.
    const after = [...stream.slice(25).flatMap((h) => second.ingest(h)), ...second.advanceWatermark(T0 + 2 * HOUR).matches];
    expect(ids([...before, ...after])).toEqual(ids(expected));
    expect(second.counters().accepted).toBe(straight.counters().accepted);
    expect(second.counters().duplicates).toBeGreaterThan(straight.counters().duplicates);
  });

  it('refuses a snapshot it cannot read, with a code', () => {
    const engine = engineFor(docs, options);
    expect(() => engine.restore({ version: 2 })).toThrow(expect.objectContaining({ code: 'HALONG_CORRELATION_SNAPSHOT' }));
    expect(() => engine.restore({ version: 1, watermark: null, lastSweep: null, stats: {}, groups: [{ key: 1 }] })).toThrow(CorrelationError);
  });

  it('match ids are deterministic across engines', () => {
    const a = engineFor(docs, options);
    const b = engineFor(docs, options);
    const ma = stream.flatMap((h) => a.ingest(h)).map((m) => m.id);
    const mb = stream.flatMap((h) => b.ingest(h)).map((m) => m.id);
    expect(ma.length).toBeGreaterThan(0);
    expect(ma).toEqual(mb);
    expect(ma.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
  });
});

describe('options', () => {
  it('rejects nonsense bounds with a code', () => {
    const { index } = compileCorrelations([rule('r'), countOf(2)]);
    expect(() => new CorrelationEngine(index, { maxEventsPerGroup: 0 })).toThrow(expect.objectContaining({ code: 'HALONG_CORRELATION_INVALID' }));
    expect(() => new CorrelationEngine(index, { allowedLatenessMs: -1 })).toThrow(CorrelationError);
  });
});
