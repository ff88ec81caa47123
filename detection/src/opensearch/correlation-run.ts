// Running a correlation plan: page through each rule's composite aggregation, merge the rules'
// buckets per (group, window), evaluate the condition. temporal_ordered over three rules or more
// is decided in code from the events themselves (one tiny sorted query per rule and window):
// first/last times per rule only settle the order of two.
import type { Client } from '@opensearch-project/opensearch';
import type { SigmaCorrelation } from '../sigma/types';
import type { CorrelationPlan, CorrelationPlanOptions, CorrelationRuleInput, RuleAggregation } from './correlation-plan';
import { correlationPlan } from './correlation-plan';
import type { RuleBucket } from './correlation-eval';
import { conditionHolds, orderedFromBounds, windowValue } from './correlation-eval';
import type { Dsl } from './dsl';
import { and, or, term } from './dsl';
import { HuntError, isProblem } from './errors';
import type { HuntHit, HuntOptions } from './hunt';
import { call, checkShards, searchAll, timeRange } from './hunt';

/** One window in which a correlation holds. */
export interface HistoricalCorrelationMatch {
  /** group-by name (as written in the correlation) → value. */
  group: Record<string, unknown>;
  /** The window, [windowStart, windowEnd) in epoch milliseconds. */
  windowStart: number;
  windowEnd: number;
  /** The aggregate the condition held on. */
  value: number;
  /** Events per referenced rule in the window. */
  counts: Record<string, number>;
}

/** Options of huntCorrelation. */
export interface CorrelationHuntOptions extends CorrelationPlanOptions {
  /** Concrete indices or a pattern. */
  indexPattern: string;
}

interface Bucket {
  keys: unknown[];
  window: number;
  perRule: Map<string, RuleBucket>;
}

type Composite = { after_key?: Record<string, unknown>; buckets: (Record<string, unknown> & { key: Record<string, unknown>; doc_count: number })[] };

function ruleBucket(raw: Record<string, unknown> & { doc_count: number }): RuleBucket {
  const values = raw.values as { buckets: { key: unknown; doc_count: number }[]; sum_other_doc_count: number } | undefined;
  const num = (name: string) => (raw[name] as { value: number | null } | undefined)?.value ?? undefined;
  return {
    count: raw.doc_count,
    ...(values ? { values: values.buckets.map((b) => ({ key: b.key, count: b.doc_count })), truncated: values.sum_other_doc_count > 0 } : {}),
    ...(raw.sum ? { sum: num('sum') ?? 0, valueCount: num('count') ?? 0 } : {}),
    ...(raw.first ? { first: num('first'), last: num('last') } : {}),
  };
}

async function* compositePages(client: Client, index: string, rule: RuleAggregation, groups: number): AsyncGenerator<Bucket[]> {
  let after: Record<string, unknown> | undefined;
  for (;;) {
    const body = structuredClone(rule.body) as { aggs: { buckets: { composite: Record<string, unknown> } } };
    if (after) body.aggs.buckets.composite.after = after;
    const res = await call('a correlation aggregation', () => client.search({ index, body: body as never, ignore_unavailable: true, allow_no_indices: true }));
    checkShards(res.body as never);
    const comp = (res.body.aggregations as unknown as { buckets?: Composite } | undefined)?.buckets;
    if (!comp || comp.buckets.length === 0) return;
    const page: Bucket[] = [];
    for (const b of comp.buckets) {
      const keys = Array.from({ length: groups }, (_, i) => b.key[`g${i}`]);
      // The stream puts a hit whose group field is missing or "" in no group.
      if (keys.some((k) => k === '' || k === null || k === undefined)) continue;
      page.push({ keys, window: b.key.window as number, perRule: new Map([[rule.ref, ruleBucket(b)]]) });
    }
    yield page;
    if (!comp.after_key) return;
    after = comp.after_key;
  }
}

/** How many referenced rules occur in order in a window (greedy earliest, equal times in any order). */
async function orderedCount(client: Client, index: string, plan: CorrelationPlan, inputs: CorrelationRuleInput[], b: Bucket): Promise<number> {
  let from = b.window;
  let k = 0;
  for (const rule of plan.rules) {
    const input = inputs.find((i) => i.ref === rule.ref)!;
    const groupFilter = rule.groupPaths.map((p, i) => term(p, b.keys[i] as string | number | boolean));
    const query = and([timeRange(from, b.window + plan.windowMs), input.query, ...groupFilter]);
    const body = { size: 1, query, sort: [{ '@timestamp': 'asc' }], _source: false, track_total_hits: false };
    const res = await call('ordering a window', () => client.search({ index, body: body as never, ignore_unavailable: true, allow_no_indices: true }));
    checkShards(res.body as never);
    const hit = res.body.hits.hits[0] as { sort?: unknown[] } | undefined;
    if (!hit?.sort) return k;
    from = Number(hit.sort[0]);
    k++;
  }
  return k;
}

async function evaluate(client: Client, index: string, plan: CorrelationPlan, inputs: CorrelationRuleInput[], b: Bucket): Promise<HistoricalCorrelationMatch | undefined> {
  const refs = plan.rules.map((r) => r.ref);
  let value: number | undefined;
  if (plan.correlation.correlation.type === 'temporal_ordered') {
    value = orderedFromBounds(refs, b.perRule);
    // Only windows where every rule occurs in first/last order can reach more than two.
    if (value === undefined) value = refs.every((r) => (b.perRule.get(r)?.count ?? 0) > 0) ? await orderedCount(client, index, plan, inputs, b) : 0;
  } else value = windowValue(plan, b.perRule);
  if (value === undefined || !conditionHolds(plan.ops, value)) return undefined;
  const names = plan.correlation.correlation.groupBy;
  return {
    group: Object.fromEntries(names.map((n, i) => [n, b.keys[i]])),
    windowStart: b.window,
    windowEnd: b.window + plan.windowMs,
    value,
    counts: Object.fromEntries(refs.map((r) => [r, b.perRule.get(r)?.count ?? 0])),
  };
}

/**
 * The windows of [since, until) in which a correlation holds, on fixed windows of `timespan`
 * starting at `since`. One rule streams page by page; several rules are merged in memory
 * (one entry per group and window that any rule has).
 */
export async function* huntCorrelation(client: Client, corr: SigmaCorrelation, inputs: CorrelationRuleInput[], options: CorrelationHuntOptions): AsyncGenerator<HistoricalCorrelationMatch> {
  const plan = correlationPlan(corr, inputs, options);
  if (isProblem(plan)) throw new HuntError('HALONG_HUNT_UNSUPPORTED', plan.message, { problem: plan });
  const groups = corr.correlation.groupBy.length;
  const index = options.indexPattern;
  if (plan.rules.length === 1) {
    for await (const page of compositePages(client, index, plan.rules[0]!, groups)) {
      for (const b of page) {
        const match = await evaluate(client, index, plan, inputs, b);
        if (match) yield match;
      }
    }
    return;
  }
  const merged = new Map<string, Bucket>();
  for (const rule of plan.rules) {
    for await (const page of compositePages(client, index, rule, groups)) {
      for (const b of page) {
        const id = JSON.stringify([...b.keys.map(String), b.window]);
        const known = merged.get(id);
        if (known) known.perRule.set(rule.ref, b.perRule.get(rule.ref)!);
        else merged.set(id, b);
      }
    }
  }
  const ordered = [...merged.values()].sort((a, b) => a.window - b.window);
  for (const b of ordered) {
    const match = await evaluate(client, index, plan, inputs, b);
    if (match) yield match;
  }
}

/**
 * The events of several rules in time order, each with the references of the rules it matched:
 * the input to replay history through the streaming correlation engine (sliding windows).
 */
export async function* correlationHits(
  client: Client,
  inputs: Pick<CorrelationRuleInput, 'ref' | 'query'>[],
  options: Omit<HuntOptions, 'size'> & { indices?: string[] },
): AsyncGenerator<{ refs: string[]; hit: HuntHit }> {
  const named = inputs.map((i): Dsl => ({ bool: { filter: [i.query], _name: i.ref } }));
  const query = and([timeRange(options.since, options.until), or(named)]);
  const indices = options.indices ?? [options.indexPattern];
  for await (const hit of searchAll(client, indices, query, options)) yield { refs: hit.matched_queries ?? [], hit };
}
