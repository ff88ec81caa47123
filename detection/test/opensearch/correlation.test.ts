import type { CorrelationPlan, CorrelationRuleInput } from '../../src/opensearch';
import { catalogFromFieldCaps, correlationPlan, isProblem, weightedPercentile } from '../../src/opensearch';
import { conditionHolds, numericValue, orderedFromBounds, windowValue } from '../../src/opensearch/correlation-eval';
import type { RuleBucket } from '../../src/opensearch/correlation-eval';
import type { SigmaProblem } from '../../src/sigma/types';
import { T0, WINDOW, correlation } from './fixtures/correlation';

const inputFor = (ref: string, fields: Record<string, string[]> = { User: ['user.name'], Bytes: ['network.bytes'], Msg: ['message'] }): CorrelationRuleInput => ({
  ref,
  query: { term: { 'event.outcome': ref } },
  field: (f) => fields[f] ?? [],
});
const catalog = catalogFromFieldCaps(
  {
    'user.name': { keyword: { type: 'keyword', searchable: true, aggregatable: true } },
    'network.bytes': { long: { type: 'long', searchable: true, aggregatable: true } },
    message: { match_only_text: { type: 'match_only_text', searchable: true, aggregatable: false } },
    mixed: { keyword: { type: 'keyword', searchable: true, aggregatable: true, indices: ['a'] }, long: { type: 'long', searchable: true, aggregatable: true, indices: ['b'] } },
  },
  false,
);
const plan = (c: ReturnType<typeof correlation>, inputs = c.correlation.rules.map((r) => inputFor(r))) => correlationPlan(c, inputs, { since: T0 + 1234, catalog });

describe('correlationPlan', () => {
  it('builds one composite aggregation per rule: group keys, then fixed windows starting at `since`', () => {
    const p = plan(correlation('value_sum', ['failure'], ['User'], { ops: [{ op: 'gt', value: 1 }], field: 'Bytes' })) as CorrelationPlan;
    expect(p.rules[0]).toMatchObject({ ref: 'failure', groupPaths: ['user.name'], valuePath: 'network.bytes', valueAgg: 'sum' });
    const body = p.rules[0]!.body as { query: unknown; aggs: { buckets: { composite: { sources: unknown[] }; aggs: unknown } } };
    expect(body.aggs.buckets.composite.sources).toEqual([
      { g0: { terms: { field: 'user.name' } } },
      { window: { date_histogram: { field: '@timestamp', fixed_interval: `${WINDOW}ms`, offset: `+${(T0 + 1234) % WINDOW}ms` } } },
    ]);
    expect(body.aggs.buckets.aggs).toEqual({ sum: { sum: { field: 'network.bytes' } }, count: { value_count: { field: 'network.bytes' } } });
    expect(body.query).toEqual({ bool: { filter: [{ range: { '@timestamp': { gte: T0 + 1234, format: 'epoch_millis' } } }, { term: { 'event.outcome': 'failure' } }] } });
  });

  it('uses a value histogram where the stream reads values one by one, and first/last times for ordering', () => {
    const count = plan(correlation('value_count', ['a'], ['User'], { ops: [{ op: 'gt', value: 1 }], field: 'User' })) as CorrelationPlan;
    expect(count.rules[0]!.valueAgg).toBe('histogram');
    const ordered = plan(correlation('temporal_ordered', ['a', 'b'], ['User'])) as CorrelationPlan;
    expect(ordered.ops).toEqual([{ op: 'gte', value: 2 }]);
    expect((ordered.rules[1]!.body as { aggs: { buckets: { aggs: unknown } } }).aggs.buckets.aggs).toEqual({ first: { min: { field: '@timestamp' } }, last: { max: { field: '@timestamp' } } });
  });

  it.each([
    ['a rule without a query', correlation('event_count', ['a', 'zz'], ['User'], { ops: [{ op: 'gt', value: 1 }] }), /no query for referenced rule/],
    ['an alias naming no field for a rule', correlation('temporal', ['a'], ['ip'], undefined, { aliases: { ip: { other: 'User' } } }), /alias ip/],
    ['a text group field', correlation('event_count', ['a'], ['Msg'], { ops: [{ op: 'gt', value: 1 }] }), /text field/],
    ['an unmapped group field', correlation('event_count', ['a'], ['Nope'], { ops: [{ op: 'gt', value: 1 }] }), /no ECS path/],
    ['value_percentile without percentile', correlation('value_percentile', ['a'], ['User'], { ops: [{ op: 'lte', value: 1 }], field: 'User' }), /percentile/],
  ])('refuses %s', (_what, corr, reason) => {
    const inputs = ['a'].map((r) => inputFor(r));
    const out = correlationPlan(corr, inputs, { since: T0, catalog }) as SigmaProblem;
    expect(isProblem(out)).toBe(true);
    expect(out.message).toMatch(reason);
  });

  it('refuses a field typed differently across indices', () => {
    const out = plan(correlation('event_count', ['a'], ['Mixed'], { ops: [{ op: 'gt', value: 1 }] }), [inputFor('a', { Mixed: ['mixed'] })]) as SigmaProblem;
    expect(out.message).toMatch(/different types/);
  });
});

describe('window values', () => {
  const base = (type: Parameters<typeof correlation>[0], extra: Partial<CorrelationPlan> = {}): CorrelationPlan => ({
    correlation: correlation(type, ['a', 'b'], ['User']),
    windowMs: WINDOW,
    origin: T0,
    ops: [{ op: 'gte', value: 0 }],
    rules: ['a', 'b'].map((ref) => ({ ref, groupPaths: ['user.name'], valueAgg: 'histogram', body: {} })),
    ...extra,
  });
  const buckets = (a: RuleBucket, b?: RuleBucket) => new Map([['a', a], ...(b ? [['b', b] as const] : [])]);

  it('count, distinct count, temporal', () => {
    const values = (keys: unknown[]) => keys.map((key) => ({ key, count: 1 }));
    expect(windowValue(base('event_count'), buckets({ count: 3 }, { count: 2 }))).toBe(5);
    expect(windowValue(base('value_count'), buckets({ count: 2, values: values(['x', '']) }, { count: 2, values: values(['x', 5, '5']) }))).toBe(2);
    expect(windowValue(base('temporal'), buckets({ count: 1 }))).toBe(1);
  });

  it('sums and averages numbers and numeric strings, skipping the rest', () => {
    const hist: RuleBucket = { count: 4, values: [{ key: '1e2', count: 1 }, { key: ' 300 ', count: 2 }, { key: 'n/a', count: 1 }] };
    expect(windowValue(base('value_sum'), buckets(hist))).toBe(700);
    expect(windowValue(base('value_avg'), buckets(hist))).toBeCloseTo(700 / 3);
    expect(windowValue(base('value_sum'), buckets({ count: 1, values: [{ key: 'x', count: 1 }] }))).toBeUndefined();
  });

  it('interpolates percentiles between closest ranks, with multiplicities', () => {
    expect(weightedPercentile([{ value: 300, count: 1 }, { value: 100, count: 1 }, { value: 200, count: 1 }], 90)).toBeCloseTo(280);
    expect(weightedPercentile([{ value: 1, count: 3 }, { value: 10, count: 1 }], 50)).toBe(1);
    expect(weightedPercentile([{ value: 1, count: 1 }, { value: 10, count: 1 }], 50)).toBe(5.5);
    expect(windowValue(base('value_median', { percentile: 50 }), buckets({ count: 3, values: [{ key: 1, count: 2 }, { key: 7, count: 1 }] }))).toBe(1);
    expect(() => windowValue(base('value_median'), buckets({ count: 3, values: [], truncated: true }))).toThrow(/maxValues/);
  });

  it('orders two rules from first/last times (equal times in either order)', () => {
    expect(orderedFromBounds(['a', 'b'], buckets({ count: 1, first: 5, last: 5 }, { count: 1, first: 5, last: 5 }))).toBe(2);
    expect(orderedFromBounds(['a', 'b'], buckets({ count: 1, first: 6, last: 9 }, { count: 2, first: 1, last: 5 }))).toBe(1);
    expect(orderedFromBounds(['a', 'b'], buckets({ count: 0 }))).toBe(0);
    expect(orderedFromBounds(['a', 'b', 'c'], buckets({ count: 1 }))).toBeUndefined();
  });

  it('reads numbers as the stream does and tests every operator', () => {
    expect([5, '5', ' 5 ', '0x10', '', 'x', Infinity, true].map(numericValue)).toEqual([5, 5, 5, 16, undefined, undefined, undefined, undefined]);
    expect(conditionHolds([{ op: 'gt', value: 1 }, { op: 'lte', value: 3 }], 3)).toBe(true);
    expect(conditionHolds([{ op: 'neq', value: 3 }], 3)).toBe(false);
    expect(conditionHolds([{ op: 'eq', value: 3 }, { op: 'lt', value: 4 }, { op: 'gte', value: 3 }], 3)).toBe(true);
  });
});
