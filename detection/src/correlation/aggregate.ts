// The aggregate of one window for each correlation type, and the condition test on it.
import type { CorrelationCondition, CorrelationType } from '../sigma/types';
import type { CompiledCorrelation, Entry } from './types';

type Op = CorrelationCondition['ops'][number];

/** Every operator holds (the spec combines several with AND, e.g. gt + lte for a range). */
export function conditionHolds(ops: readonly Op[], value: number): boolean {
  return ops.every(({ op, value: bound }) => {
    switch (op) {
      case 'gt':
        return value > bound;
      case 'gte':
        return value >= bound;
      case 'lt':
        return value < bound;
      case 'lte':
        return value <= bound;
      case 'eq':
        return value === bound;
      case 'neq':
        return value !== bound;
    }
  });
}

const GROWING: ReadonlySet<CorrelationType> = new Set(['event_count', 'value_count', 'temporal', 'temporal_ordered']);

/**
 * True when adding hits to a window can only keep the condition true: a growing aggregate
 * tested with gt/gte. Such a correlation fires as soon as it holds; any other waits until no
 * late hit can still enter the window. value_sum is not growing: values may be negative.
 */
export function isMonotone(type: CorrelationType, ops: readonly Op[]): boolean {
  return GROWING.has(type) && ops.every(({ op }) => op === 'gt' || op === 'gte');
}

/** The aggregate of a window ending at `end`, or undefined when the window has nothing to aggregate. */
export function aggregate(c: CompiledCorrelation, window: readonly Entry[], end: Entry): number | undefined {
  switch (c.type) {
    case 'event_count':
      return window.length;
    case 'value_count':
      return new Set(window.flatMap((e) => (e.v === undefined ? [] : [e.v]))).size;
    case 'temporal':
      return new Set(window.map((e) => e.ref)).size;
    case 'temporal_ordered':
      return orderedPrefix(c.refs, window);
    case 'value_sum':
      return nonEmpty(numbers(window), (xs) => xs.reduce((a, b) => a + b, 0));
    case 'value_avg':
      return nonEmpty(numbers(window), (xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
    case 'value_median':
      return nonEmpty(numbers(window), (xs) => percentile(xs, 50));
    case 'value_percentile':
      if (c.percentile !== undefined) {
        const p = c.percentile;
        return nonEmpty(numbers(window), (xs) => percentile(xs, p));
      }
      return share(window, end);
  }
}

function numbers(window: readonly Entry[]): number[] {
  return window.flatMap((e) => (typeof e.v === 'number' ? [e.v] : []));
}

function nonEmpty(xs: number[], f: (xs: number[]) => number): number | undefined {
  return xs.length === 0 ? undefined : f(xs);
}

/** Linear interpolation between closest ranks (SQL PERCENTILE_CONT, what pySigma's backends emit). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = sorted[lo] as number;
  return low + ((sorted[hi] as number) - low) * (rank - lo);
}

/**
 * The spec's value_percentile example (`field: Image, lte: 1`: a process name seen in at most
 * 1% of the group's processes): the closing hit's value, as a percentage of the window's hits
 * that have a value.
 */
function share(window: readonly Entry[], end: Entry): number | undefined {
  if (end.v === undefined) return undefined;
  const valued = window.filter((e) => e.v !== undefined);
  return (100 * valued.filter((e) => e.v === end.v).length) / valued.length;
}

/**
 * How many of `refs` appear in order in the window. Hits with the same timestamp may be taken
 * in any order (event time has millisecond resolution; equal stamps say nothing about order).
 * Greedy earliest matching is optimal for an in-order subsequence.
 */
export function orderedPrefix(refs: readonly string[], window: readonly Entry[]): number {
  let k = 0;
  let i = 0;
  while (i < window.length && k < refs.length) {
    const t = (window[i] as Entry).hit.timestamp;
    const sameTime: string[] = [];
    while (i < window.length && (window[i] as Entry).hit.timestamp === t) sameTime.push((window[i++] as Entry).ref);
    for (let at = sameTime.indexOf(refs[k] as string); at >= 0 && k < refs.length; at = sameTime.indexOf(refs[k] as string)) {
      sameTime.splice(at, 1);
      k++;
    }
  }
  return k;
}
