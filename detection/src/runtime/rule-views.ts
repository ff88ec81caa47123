// What the rule API shows: one view per rule or correlation, filters and paging. Pure.
import type { AttackRef } from '@halong/core';
import { attackFromTags } from '../alerts/attack';
import type { SigmaLevel, SigmaLogsource } from '../sigma/types';
import type { RuleCounters } from './live-matcher';
import type { RuleEntry, RuleProblem, RuleSet } from './rule-set';
import type { RuleStateInfo } from './rule-state';

/** A rule's counters as the API shows them. */
export interface RuleStatsView {
  matches: number;
  evaluations: number;
  errors: number;
  /** Mean of the sampled evaluation times, in microseconds; null before any was sampled. */
  meanEvalMicros: number | null;
  /** Switched off by the matcher after too many errors (until the next rebuild). */
  failing: boolean;
}

/** One rule or correlation in a list. */
export interface RuleView {
  id: string;
  kind: 'rule' | 'correlation';
  title: string;
  level: SigmaLevel | null;
  status: string | null;
  tags: string[];
  attack: AttackRef;
  logsource: SigmaLogsource | null;
  /** Compiled (rules) or accepted by the correlation compiler (correlations). */
  loaded: boolean;
  enabled: boolean;
  state: RuleStateInfo;
  stats: RuleStatsView | null;
}

/** What the list can be filtered on. */
export interface RuleQuery {
  level?: SigmaLevel[];
  status?: string;
  kind?: 'rule' | 'correlation';
  product?: string;
  category?: string;
  service?: string;
  enabled?: boolean;
  loaded?: boolean;
  /** Case-insensitive text in the id, title, description, tags or file. */
  q?: string;
  offset: number;
  limit: number;
}

/** Per-key lookups the views need. */
export interface ViewContext {
  state(key: string): RuleStateInfo;
  counters: ReadonlyMap<string, RuleCounters>;
  /** Correlation matches per correlation key. */
  correlationMatches: ReadonlyMap<string, number>;
  /** Compiled rules the matcher left out. */
  excluded: ReadonlySet<string>;
}

export function statsView(c: RuleCounters | undefined): RuleStatsView | null {
  if (!c) return null;
  const mean = c.sampledEvaluations > 0 ? c.sampledNanos / c.sampledEvaluations / 1000 : null;
  return { matches: c.matches, evaluations: c.evaluations, errors: c.errors, meanEvalMicros: mean, failing: c.failing };
}

export function ruleView(e: RuleEntry, ctx: ViewContext): RuleView {
  const state = ctx.state(e.key);
  const matches = ctx.correlationMatches.get(e.key);
  const stats =
    e.kind === 'rule'
      ? statsView(ctx.counters.get(e.key))
      : { matches: matches ?? 0, evaluations: 0, errors: 0, meanEvalMicros: null, failing: false };
  return {
    id: e.key,
    kind: e.kind,
    title: e.doc.title,
    level: e.doc.level ?? null,
    status: e.doc.status ?? null,
    tags: [...e.doc.tags.all],
    attack: attackFromTags(e.doc.tags),
    logsource: e.doc.type === 'rule' ? { ...e.doc.logsource } : null,
    loaded: e.loaded && !ctx.excluded.has(e.key),
    enabled: state.enabled,
    state,
    stats,
  };
}

const has = (value: string | undefined, wanted: string | undefined) => wanted === undefined || value?.toLowerCase() === wanted.toLowerCase();

function matches(e: RuleEntry, view: RuleView, q: RuleQuery): boolean {
  const logsource = e.doc.type === 'rule' ? e.doc.logsource : {};
  if (q.level && !(view.level && q.level.includes(view.level))) return false;
  if (q.kind && e.kind !== q.kind) return false;
  if (!has(e.doc.status, q.status) || !has(logsource.product, q.product) || !has(logsource.category, q.category) || !has(logsource.service, q.service)) return false;
  if (q.enabled !== undefined && view.enabled !== q.enabled) return false;
  if (q.loaded !== undefined && view.loaded !== q.loaded) return false;
  if (q.q) {
    const text = q.q.toLowerCase();
    const haystack = [e.key, e.doc.title, e.doc.description ?? '', e.doc.source.file, ...e.doc.tags.all];
    if (!haystack.some((s) => s.toLowerCase().includes(text))) return false;
  }
  return true;
}

/** One page of the rules that pass the filters, in load order. */
export function listRules(set: RuleSet, ctx: ViewContext, q: RuleQuery): { total: number; offset: number; limit: number; rules: RuleView[] } {
  const all = set.entries.map((e) => ({ e, view: ruleView(e, ctx) })).filter(({ e, view }) => matches(e, view, q));
  return { total: all.length, offset: q.offset, limit: q.limit, rules: all.slice(q.offset, q.offset + q.limit).map((x) => x.view) };
}

/** Everything about one rule, with the file it came from and what it compiled to. */
export interface RuleDetailView extends RuleView {
  name: string | null;
  description: string | null;
  author: string | null;
  references: string[];
  falsepositives: string[];
  source: { file: string; line: number | null };
  /** ECS paths the compiled detection reads (rules). */
  fields: string[];
  /** The pipeline's routing key for the rule's logsource (rules). */
  logsourceKey: string | null;
  correlation: { type: string; rules: string[]; groupBy: string[]; timespanMs: number; generate: boolean } | null;
  /** Correlations that reference this rule or correlation. */
  referencedBy: string[];
  /** Whether it raises its own alerts (no correlation referencing it says `generate: false`). */
  standalone: boolean;
  problems: RuleProblem[];
}

export function ruleDetail(set: RuleSet, e: RuleEntry, ctx: ViewContext, problems: readonly RuleProblem[]): RuleDetailView {
  const doc = e.doc;
  const referencedBy = set.index.all().filter((c) => c.refs.includes(e.key)).map((c) => c.id);
  return {
    ...ruleView(e, ctx),
    name: doc.name ?? null,
    description: doc.description ?? null,
    author: doc.author ?? null,
    references: [...doc.references],
    falsepositives: [...doc.falsepositives],
    source: { file: doc.source.file, line: doc.source.line ?? null },
    fields: e.compiled ? [...e.compiled.fields] : [],
    logsourceKey: e.compiled?.logsourceKey ?? e.mapping?.key ?? null,
    correlation:
      doc.type === 'correlation'
        ? { type: doc.correlation.type, rules: [...doc.correlation.rules], groupBy: [...doc.correlation.groupBy], timespanMs: doc.correlation.timespanMs, generate: doc.correlation.generate }
        : null,
    referencedBy,
    standalone: set.index.standalone(e.key),
    problems: problems.filter((p) => p.ruleId === e.key || (doc.id !== undefined && p.ruleId === doc.id) || (p.ruleId === undefined && p.file === doc.source.file)),
  };
}
