// The value of one correlation window from its aggregation buckets, with the streaming
// engine's definitions (correlation/aggregate.ts, fields.ts): values missing or "" do not
// count, value_count counts distinct string forms, sums and percentiles read numbers and
// numeric strings, percentiles interpolate linearly between closest ranks.
import { HuntError } from './errors';
import type { CorrelationPlan, ValueAgg } from './correlation-plan';

/** What one referenced rule contributes to one (group, window) bucket. */
export interface RuleBucket {
  count: number;
  /** Value histogram (value → number of events), for histogram aggregations. */
  values?: { key: unknown; count: number }[];
  /** The histogram was cut at `maxValues`. */
  truncated?: boolean;
  sum?: number;
  valueCount?: number;
  first?: number;
  last?: number;
}

/** The engine's number reading: numbers, and non-blank strings Number() accepts. */
export function numericValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

const text = (v: unknown) => (typeof v === 'string' ? v : String(v));

/** Linear interpolation between closest ranks over values with multiplicities. */
export function weightedPercentile(values: { value: number; count: number }[], p: number): number {
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((n, v) => n + v.count, 0);
  const rank = (p / 100) * (total - 1);
  const at = (i: number) => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.count;
      if (i < seen) return v.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  const lo = at(Math.floor(rank));
  return lo + (at(Math.ceil(rank)) - lo) * (rank - Math.floor(rank));
}

function numbers(buckets: RuleBucket[], agg: ValueAgg): { value: number; count: number }[] {
  if (agg !== 'histogram') return [];
  const out: { value: number; count: number }[] = [];
  for (const b of buckets) {
    if (b.truncated) throw new HuntError('HALONG_HUNT_TOO_MANY_VALUES', 'a window holds more distinct values than maxValues: raise it to evaluate exactly');
    for (const v of b.values ?? []) {
      const n = numericValue(v.key);
      if (n !== undefined) out.push({ value: n, count: v.count });
    }
  }
  return out;
}

/**
 * The aggregate of one window; undefined when there is nothing to aggregate. temporal_ordered
 * is left to the caller (it may need the events themselves).
 */
export function windowValue(plan: CorrelationPlan, perRule: Map<string, RuleBucket>): number | undefined {
  const refs = plan.rules.map((r) => r.ref);
  const buckets = refs.flatMap((r) => (perRule.has(r) ? [perRule.get(r)!] : []));
  const agg = plan.rules[0]?.valueAgg ?? 'none';
  const type = plan.correlation.correlation.type;
  switch (type) {
    case 'event_count':
      return buckets.reduce((n, b) => n + b.count, 0);
    case 'temporal':
      return refs.filter((r) => (perRule.get(r)?.count ?? 0) > 0).length;
    case 'value_count': {
      const distinct = new Set<string>();
      for (const b of buckets) for (const v of b.values ?? []) if (v.key !== '' && v.key !== null) distinct.add(text(v.key));
      if (buckets.some((b) => b.truncated) && plan.ops.some((o) => o.value >= distinct.size)) {
        throw new HuntError('HALONG_HUNT_TOO_MANY_VALUES', `more than ${distinct.size} distinct values in a window: raise maxValues to evaluate the condition`);
      }
      return distinct.size;
    }
    case 'value_sum':
    case 'value_avg': {
      const sums = plan.rules.map((r) => {
        const b = perRule.get(r.ref);
        if (!b) return { sum: 0, n: 0 };
        if (r.valueAgg === 'sum') return { sum: b.sum ?? 0, n: b.valueCount ?? 0 };
        const xs = numbers([b], 'histogram');
        return { sum: xs.reduce((s, x) => s + x.value * x.count, 0), n: xs.reduce((s, x) => s + x.count, 0) };
      });
      const n = sums.reduce((a, s) => a + s.n, 0);
      const sum = sums.reduce((a, s) => a + s.sum, 0);
      if (n === 0) return undefined;
      return type === 'value_sum' ? sum : sum / n;
    }
    case 'value_median':
    case 'value_percentile': {
      const xs = numbers(buckets, agg);
      return xs.length === 0 ? undefined : weightedPercentile(xs, plan.percentile ?? 50);
    }
    case 'temporal_ordered':
      return undefined;
  }
}

/** temporal_ordered from first/last times, exact for one or two rules: how many rules occur in order. */
export function orderedFromBounds(refs: string[], perRule: Map<string, RuleBucket>): number | undefined {
  if (refs.length > 2) return undefined;
  const a = perRule.get(refs[0]!);
  if (!a || a.count === 0) return 0;
  if (refs.length === 1) return 1;
  const b = perRule.get(refs[1]!);
  // Equal times may be taken in either order, as in the stream.
  return b && b.count > 0 && b.last! >= a.first! ? 2 : 1;
}

type Op = CorrelationPlan['ops'][number];

/** Every operator holds (AND). */
export function conditionHolds(ops: Op[], value: number): boolean {
  return ops.every(({ op, value: bound }) =>
    op === 'gt' ? value > bound : op === 'gte' ? value >= bound : op === 'lt' ? value < bound : op === 'lte' ? value <= bound : op === 'eq' ? value === bound : value !== bound,
  );
}
