// Correlations over history as aggregations: per referenced rule, one composite aggregation
// whose buckets are (group-by values, time window), with what the correlation type needs per
// bucket. Windows are fixed (tumbling) and aligned on the hunt's start: a burst straddling two
// windows is not seen, where the streaming engine (sliding windows) would fire.
import type { SigmaCorrelation, SigmaProblem } from '../sigma/types';
import type { Dsl } from './dsl';
import { and } from './dsl';
import { Unsupported, toProblem } from './errors';
import type { FieldCatalog } from './field-catalog';
import { templateCatalog } from './field-catalog';
import type { TimeBound } from './hunt';
import { timeRange, toMillis } from './hunt';
import { kindOf } from './typed-clauses';

/** One rule a correlation references, with its query. */
export interface CorrelationRuleInput {
  /** The reference as written in `correlation.rules`. */
  ref: string;
  /** Other names of the rule (its id, its `name`) that `aliases` may use. */
  names?: string[];
  /** The rule's query (ruleToQuery). */
  query: Dsl;
  /** ECS paths of a Sigma field in that rule's events (its LogsourceMapping.field). */
  field(sigmaField: string): string[];
}

/** How a value field is aggregated: a histogram of values (exact, bounded) or sum + count. */
export type ValueAgg = 'none' | 'histogram' | 'sum';

/** The aggregation request of one referenced rule. */
export interface RuleAggregation {
  ref: string;
  /** Per group-by entry, the path whose value keys the group. */
  groupPaths: string[];
  valuePath?: string;
  valueAgg: ValueAgg;
  /** Search body without the composite `after` key. */
  body: Dsl;
}

/** Everything needed to evaluate a correlation over history. */
export interface CorrelationPlan {
  correlation: SigmaCorrelation;
  windowMs: number;
  /** Start of the first window. */
  origin: number;
  percentile?: number;
  ops: { op: 'gt' | 'gte' | 'lt' | 'lte' | 'eq' | 'neq'; value: number }[];
  rules: RuleAggregation[];
}

/** Time range and limits of a correlation hunt. */
export interface CorrelationPlanOptions {
  since: TimeBound;
  until?: TimeBound;
  catalog?: FieldCatalog;
  /** Composite buckets per page (default 1000). */
  pageSize?: number;
  /** Distinct values kept per bucket for value_count/percentile/median and keyword sums (default 10000). */
  maxValues?: number;
}

const VALUE_TYPES = new Set(['value_count', 'value_sum', 'value_avg', 'value_percentile', 'value_median']);
const TEXT = new Set(['text', 'match_only_text']);

/** The path to aggregate on: a text field's keyword sub-field; one type across the indices. */
function aggPath(path: string, catalog: FieldCatalog): { path: string; kind: ReturnType<typeof kindOf> } {
  const variants = catalog.variants(path);
  const resolved = variants.map((v) => (TEXT.has(v.type) ? (v.exact ? { path: v.exact.path, type: v.exact.type } : undefined) : { path, type: v.type }));
  if (resolved.some((r) => r === undefined)) throw new Unsupported(`${path} is a text field without a keyword sub-field: it cannot be aggregated`);
  const kinds = new Set(resolved.map((r) => kindOf(r!.type)));
  if (kinds.size > 1) throw new Unsupported(`${path} has different types in the searched indices (${[...kinds].join(', ')}): it cannot be aggregated`);
  return { path: resolved[0]!.path, kind: [...kinds][0]! };
}

function fieldFor(corr: SigmaCorrelation, input: CorrelationRuleInput, name: string): string {
  const alias = corr.correlation.aliases[name];
  if (!alias) return name;
  for (const key of [input.ref, ...(input.names ?? [])]) if (alias[key] !== undefined) return alias[key]!;
  throw new Unsupported(`alias ${name} names no field for rule ${input.ref}`, 'HALONG_SIGMA_REFERENCE');
}

function firstPath(corr: SigmaCorrelation, input: CorrelationRuleInput, name: string): string {
  const field = fieldFor(corr, input, name);
  const paths = input.field(field);
  if (paths.length === 0) throw new Unsupported(`field "${field}" has no ECS path for rule ${input.ref}`, 'HALONG_SIGMA_MAPPING');
  return paths[0]!;
}

function ruleAggregation(plan: Omit<CorrelationPlan, 'rules'>, input: CorrelationRuleInput, catalog: FieldCatalog, options: CorrelationPlanOptions): RuleAggregation {
  const corr = plan.correlation;
  const type = corr.correlation.type;
  const groupPaths = corr.correlation.groupBy.map((g) => aggPath(firstPath(corr, input, g), catalog).path);
  const maxValues = options.maxValues ?? 10_000;
  let valuePath: string | undefined;
  let valueAgg: ValueAgg = 'none';
  const aggs: Dsl = {};
  if (VALUE_TYPES.has(type)) {
    const field = corr.correlation.condition?.field;
    if (!field) throw new Unsupported(`${type} needs condition.field`, 'HALONG_SIGMA_SCHEMA');
    const target = aggPath(firstPath(corr, input, field), catalog);
    valuePath = target.path;
    const numeric = target.kind === 'integer' || target.kind === 'float';
    valueAgg = (type === 'value_sum' || type === 'value_avg') && numeric ? 'sum' : 'histogram';
    if (valueAgg === 'sum') Object.assign(aggs, { sum: { sum: { field: valuePath } }, count: { value_count: { field: valuePath } } });
    else aggs.values = { terms: { field: valuePath, size: maxValues } };
  }
  if (type === 'temporal_ordered') Object.assign(aggs, { first: { min: { field: '@timestamp' } }, last: { max: { field: '@timestamp' } } });
  const sources = [
    ...groupPaths.map((path, i) => ({ [`g${i}`]: { terms: { field: path } } })),
    // Windows start at the hunt's start: buckets are k × windowMs + offset from the epoch.
    { window: { date_histogram: { field: '@timestamp', fixed_interval: `${plan.windowMs}ms`, offset: `+${((plan.origin % plan.windowMs) + plan.windowMs) % plan.windowMs}ms` } } },
  ];
  const body: Dsl = {
    size: 0,
    track_total_hits: false,
    query: and([timeRange(options.since, options.until), input.query]),
    aggs: { buckets: { composite: { size: options.pageSize ?? 1000, sources }, ...(Object.keys(aggs).length ? { aggs } : {}) } },
  };
  return { ref: input.ref, groupPaths, ...(valuePath ? { valuePath } : {}), valueAgg, body };
}

/**
 * The aggregations evaluating a correlation over [since, until). A SigmaProblem when it cannot
 * be evaluated exactly (text fields, fields typed differently across indices, value_percentile
 * without `percentile`).
 */
export function correlationPlan(corr: SigmaCorrelation, inputs: CorrelationRuleInput[], options: CorrelationPlanOptions): CorrelationPlan | SigmaProblem {
  try {
    const c = corr.correlation;
    if (!(c.timespanMs > 0)) throw new Unsupported('the correlation has no timespan', 'HALONG_SIGMA_SCHEMA');
    const missing = c.rules.filter((r) => !inputs.some((i) => i.ref === r));
    if (missing.length) throw new Unsupported(`no query for referenced rule(s) ${missing.join(', ')}`, 'HALONG_SIGMA_REFERENCE');
    const raw = (corr.raw.correlation as { condition?: { percentile?: unknown } } | undefined)?.condition?.percentile;
    const percentile = c.type === 'value_median' ? 50 : typeof raw === 'number' ? raw : undefined;
    if (c.type === 'value_percentile' && (percentile === undefined || percentile < 0 || percentile > 100)) {
      throw new Unsupported('value_percentile without condition.percentile (0-100) compares the closing hit to its sliding window: not evaluable on fixed windows');
    }
    const ordered = c.type === 'temporal' || c.type === 'temporal_ordered';
    const ops = c.condition?.ops.length ? c.condition.ops : ordered ? [{ op: 'gte' as const, value: c.rules.length }] : [];
    if (ops.length === 0) throw new Unsupported(`${c.type} needs a condition`, 'HALONG_SIGMA_SCHEMA');
    const since = toMillis(options.since);
    const base = { correlation: corr, windowMs: c.timespanMs, origin: since, ops, ...(percentile === undefined ? {} : { percentile }) };
    const catalog = options.catalog ?? templateCatalog();
    const rules = c.rules.map((ref) => ruleAggregation(base, inputs.find((i) => i.ref === ref)!, catalog, options));
    return { ...base, rules };
  } catch (err) {
    return toProblem(err, corr.source, corr.id);
  }
}
