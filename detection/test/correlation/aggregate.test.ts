import { conditionHolds, isMonotone, orderedPrefix, percentile } from '../../src/correlation/aggregate';
import type { Entry } from '../../src/correlation/types';

const entry = (ref: string, timestamp: number): Entry => ({ ref, hit: { ruleId: ref, eventId: `${ref}${timestamp}`, timestamp, fields: {} } });

describe('conditionHolds', () => {
  it('tests each operator and ANDs them', () => {
    expect(conditionHolds([{ op: 'gt', value: 1 }], 2)).toBe(true);
    expect(conditionHolds([{ op: 'gt', value: 2 }], 2)).toBe(false);
    expect(conditionHolds([{ op: 'gte', value: 2 }], 2)).toBe(true);
    expect(conditionHolds([{ op: 'lt', value: 2 }], 2)).toBe(false);
    expect(conditionHolds([{ op: 'lte', value: 2 }], 2)).toBe(true);
    expect(conditionHolds([{ op: 'eq', value: 2 }], 2)).toBe(true);
    expect(conditionHolds([{ op: 'neq', value: 2 }], 2)).toBe(false);
    const range = [{ op: 'gt' as const, value: 100 }, { op: 'lte' as const, value: 200 }];
    expect([100, 101, 200, 201].map((v) => conditionHolds(range, v))).toEqual([false, true, true, false]);
  });
});

describe('isMonotone', () => {
  it('only growing aggregates tested with gt/gte may fire before the window is final', () => {
    expect(isMonotone('event_count', [{ op: 'gte', value: 1 }])).toBe(true);
    expect(isMonotone('temporal_ordered', [{ op: 'gt', value: 1 }])).toBe(true);
    expect(isMonotone('event_count', [{ op: 'gte', value: 1 }, { op: 'lte', value: 5 }])).toBe(false);
    expect(isMonotone('value_sum', [{ op: 'gt', value: 1 }])).toBe(false);
    expect(isMonotone('value_avg', [{ op: 'gt', value: 1 }])).toBe(false);
  });
});

describe('percentile', () => {
  it('interpolates linearly between closest ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([5], 90)).toBe(5);
    expect(percentile([30, 10, 20], 0)).toBe(10);
    expect(percentile([30, 10, 20], 100)).toBe(30);
    expect(percentile([0, 100], 25)).toBe(25);
  });
});

describe('orderedPrefix', () => {
  it('counts how much of the sequence appears in order', () => {
    expect(orderedPrefix(['a', 'b', 'c'], [entry('b', 1), entry('a', 2), entry('c', 3)])).toBe(1);
    expect(orderedPrefix(['a', 'b', 'c'], [entry('a', 1), entry('c', 2), entry('b', 3), entry('c', 4)])).toBe(3);
    expect(orderedPrefix(['a', 'a'], [entry('a', 1)])).toBe(1);
  });

  it('takes hits with the same timestamp in either order', () => {
    expect(orderedPrefix(['a', 'b'], [entry('b', 5), entry('a', 5)])).toBe(2);
    expect(orderedPrefix(['a', 'b', 'a'], [entry('b', 5), entry('a', 5)])).toBe(2);
  });
});
