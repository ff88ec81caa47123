// From parsed Sigma documents to compiled correlations: references resolved, aliases applied,
// conditions completed, broken correlations (and whatever depends on them) left out with a reason.
import type { SigmaCorrelation, SigmaDocument } from '../sigma/types';
import { isMonotone } from './aggregate';
import { CorrelationIndex } from './correlation-index';
import type { CorrelationProblem } from './errors';
import type { CompiledCorrelation, FieldPathResolver } from './types';

const VALUE_TYPES = new Set(['value_count', 'value_sum', 'value_avg', 'value_percentile', 'value_median']);

/** Options for {@link compileCorrelations}. */
export interface CompileCorrelationsOptions {
  /**
   * Where a Sigma field lives in a rule's hits (ECS paths). Default: the name itself, which is
   * right for rules written against the ECS taxonomy and for chained correlations.
   */
  fieldPaths?: FieldPathResolver;
}

/**
 * The canonical key of a rule or correlation: its id, else its name, else its title.
 * `RuleHit.ruleId` must carry this key (or the rule's id or name, which resolve to it).
 */
export function ruleKey(doc: { id?: string; name?: string; title: string }): string {
  return doc.id ?? doc.name ?? doc.title;
}

/** Compile every correlation of a collection; the rules are needed to resolve references. */
export function compileCorrelations(
  documents: readonly SigmaDocument[],
  options: CompileCorrelationsOptions = {},
): { index: CorrelationIndex; problems: CorrelationProblem[] } {
  const fieldPaths = options.fieldPaths ?? ((_rule: string, field: string) => [field]);
  const lookup = new Map<string, string>();
  // Names first so that an id always wins when a name and an id collide.
  for (const doc of documents) if (doc.name !== undefined) lookup.set(doc.name, ruleKey(doc));
  for (const doc of documents) if (doc.id !== undefined) lookup.set(doc.id, ruleKey(doc));
  const problems: CorrelationProblem[] = [];
  const drafts = new Map<string, SigmaCorrelation>();
  const ids = new Set<string>();
  for (const doc of documents) {
    if (doc.type !== 'correlation') continue;
    const id = ruleKey(doc);
    const problem = ids.has(id) ? invalid(`duplicate correlation id ${id}`) : validate(doc, lookup);
    ids.add(id);
    if (problem) problems.push({ ...problem, correlationId: id });
    else drafts.set(id, doc);
  }
  dropBroken(drafts, ids, lookup, problems);
  const depths = new Map<string, number>();
  const depth = (id: string): number => {
    if (!depths.has(id)) {
      const refs = (drafts.get(id)?.correlation.rules ?? []).map((r) => lookup.get(r) as string).filter((r) => drafts.has(r));
      depths.set(id, refs.length === 0 ? 0 : 1 + Math.max(...refs.map(depth)));
    }
    return depths.get(id) as number;
  };
  const compiled = [...drafts].map(([id, doc]) => compile(id, doc, lookup, drafts, fieldPaths, depth(id)));
  return { index: new CorrelationIndex(compiled, lookup), problems };
}

type Problem = Omit<CorrelationProblem, 'correlationId'>;
const invalid = (message: string): Problem => ({ code: 'HALONG_CORRELATION_INVALID', message });

function validate(doc: SigmaCorrelation, lookup: Map<string, string>): Problem | undefined {
  const { type, rules, timespanMs, condition } = doc.correlation;
  if (rules.length === 0) return invalid('the correlation references no rule');
  const unknown = rules.filter((r) => !lookup.has(r));
  if (unknown.length > 0) return { code: 'HALONG_CORRELATION_REFERENCE', message: `unknown rule reference(s): ${unknown.join(', ')}` };
  if (!(Number.isFinite(timespanMs) && timespanMs > 0)) return invalid(`timespan must be a positive duration, got ${timespanMs}`);
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  if (!temporal && (!condition || condition.ops.length === 0)) return invalid(`${type} needs a condition`);
  if (condition?.ops.some((o) => !Number.isFinite(o.value))) return invalid('condition values must be finite numbers');
  if (VALUE_TYPES.has(type) && !condition?.field) return invalid(`${type} needs a condition field`);
  const p = rawPercentile(doc);
  if (p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 100)) return invalid('percentile must be a number from 0 to 100');
  return undefined;
}

/** pySigma's `condition.percentile` (not in the IR: read from the rule as written). */
function rawPercentile(doc: SigmaCorrelation): unknown {
  const correlation = doc.raw['correlation'];
  if (!correlation || typeof correlation !== 'object') return undefined;
  const condition = (correlation as Record<string, unknown>)['condition'];
  if (!condition || typeof condition !== 'object') return undefined;
  return (condition as Record<string, unknown>)['percentile'];
}

/** Leave out correlations in a reference loop, then (repeatedly) those that reference a left-out one. */
function dropBroken(drafts: Map<string, SigmaCorrelation>, all: ReadonlySet<string>, lookup: Map<string, string>, problems: CorrelationProblem[]): void {
  const deps = (id: string) => (drafts.get(id)?.correlation.rules ?? []).map((r) => lookup.get(r) as string);
  const state = new Map<string, 'visiting' | 'done'>();
  const inCycle = new Set<string>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'visiting') path.slice(path.indexOf(id)).forEach((c) => inCycle.add(c));
    if (state.has(id)) return;
    state.set(id, 'visiting');
    for (const dep of deps(id)) if (drafts.has(dep)) visit(dep, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of drafts.keys()) visit(id, []);
  for (const id of inCycle) {
    drafts.delete(id);
    problems.push({ code: 'HALONG_CORRELATION_CYCLE', correlationId: id, message: 'the correlation is part of a reference loop' });
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const id of [...drafts.keys()]) {
      const broken = deps(id).find((d) => all.has(d) && !drafts.has(d));
      if (broken === undefined) continue;
      drafts.delete(id);
      problems.push({ code: 'HALONG_CORRELATION_REFERENCE', correlationId: id, message: `references correlation ${broken}, which was left out` });
      changed = true;
    }
  }
}

function compile(
  id: string,
  doc: SigmaCorrelation,
  lookup: Map<string, string>,
  correlations: Map<string, SigmaCorrelation>,
  fieldPaths: FieldPathResolver,
  depth: number,
): CompiledCorrelation {
  const { type, rules, groupBy, timespanMs, condition, aliases, generate } = doc.correlation;
  const refs = rules.map((r) => lookup.get(r) as string);
  // alias → canonical rule key → field, so an alias written with a rule's name matches its id.
  const aliasFields = new Map(Object.entries(aliases).map(([alias, perRule]) => [alias, new Map(Object.entries(perRule).map(([r, f]) => [lookup.get(r) ?? r, f]))]));
  const fieldFor = (ref: string, name: string) => aliasFields.get(name)?.get(ref) ?? name;
  const pathsOf = (ref: string, sigmaField: string) => (correlations.has(ref) ? [sigmaField] : fieldPaths(ref, sigmaField));
  const paths = new Map(
    refs.map((ref) => [
      ref,
      {
        group: groupBy.map((g) => pathsOf(ref, fieldFor(ref, g))),
        value: condition?.field ? pathsOf(ref, fieldFor(ref, condition.field)) : [],
      },
    ]),
  );
  const defaultCount = type === 'temporal' ? new Set(refs).size : refs.length;
  const ops = condition && condition.ops.length > 0 ? condition.ops : [{ op: 'gte' as const, value: defaultCount }];
  const p = rawPercentile(doc);
  return {
    id,
    rule: doc,
    type,
    refs,
    groupBy,
    timespanMs,
    ops,
    ...(type === 'value_percentile' && typeof p === 'number' ? { percentile: p } : {}),
    monotone: isMonotone(type, ops),
    depth,
    generate,
    paths,
  };
}
