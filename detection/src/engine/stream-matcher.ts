// The indexed matcher. Per event: route to logsources (each distinct logsource's conditions at
// most once), run the rules of matched logsources that could not be indexed, then look the
// event's indexed fields up in the literal index (hash for exact values, one Aho–Corasick scan
// per field for substrings) and run only the rules whose required literal occurred. A rule with
// two requirements (`cs-method: GET` and one of the injection strings) is indexed under both and
// run only when both occurred: its most selective one alone often holds on most events of its
// logsource. All rules read the event through one CachedView, so a field is read and lower-cased
// once per event.
import type { FieldTest, SigmaProblem } from '../sigma/types';
import { planOf } from './compile-rule';
import { isSigmaProblem } from './errors';
import { CachedView, DirectView, type FieldSource } from './event-view';
import { pathRef, type PathRef } from './field-access';
import type { CompiledPart } from './field-test';
import { PlanCache } from './event-plan';
import { buildPathIndexes, CandidateScratch, patternTotal, type PathIndex } from './literal-index';
import { compileConditionsFor } from './logsource-conditions';
import { LogsourceRouter } from './logsource-router';
import type { MatcherEntry, MatcherSummary, RuleMatch, StreamMatcher, StreamMatcherOptions } from './matcher-types';
import type { Clause } from './requirements';
import { RuleStatsTable } from './rule-stats';
import { addsNoWork, type GroupClause } from './second-clauses';
import type { EventRecord } from './types';

/** Builds the indexed matcher over `entries`; rules whose logsource conditions cannot be compiled are left out and listed in `problems`. */
export function createStreamMatcher(entries: readonly MatcherEntry[], options: StreamMatcherOptions = {}): StreamMatcher {
  const stats = new RuleStatsTable(
    entries.map((e) => e.rule),
    options,
  );
  const problems: SigmaProblem[] = [];
  const groups: { conditions: CompiledPart; always: boolean }[] = [];
  const groupIds = new Map<string, number>();
  const groupConditions: (readonly FieldTest[])[] = [];
  const ruleGroup = new Int32Array(entries.length).fill(-1);
  const evaluators: ((view: FieldSource) => boolean)[] = [];
  const fieldPaths: PathRef[][] = [];
  // Item i is rule i's first clause, item n + i its second.
  const n = entries.length;
  const indexed: { item: number; clause: Clause }[] = [];
  const twoClauses = new Uint8Array(n);
  const firsts: GroupClause[] = [];
  const seconds: (GroupClause & { item: number })[] = [];
  let indexedRules = 0;
  const unindexed: number[][] = [];
  const pathFacts = new Map<PathRef, Map<string, number[]>>();

  entries.forEach((entry, i) => {
    const plan = planOf(entry.rule);
    evaluators.push(plan?.evaluate ?? ((view) => entry.rule.matches(view.event)));
    fieldPaths.push(plan?.fieldPaths ?? entry.rule.fields.map(pathRef));
    const key = `${entry.rule.logsourceKey}\u0000${JSON.stringify(entry.conditions)}`;
    let group = groupIds.get(key);
    if (group === undefined) {
      const conditions = compileConditionsFor(entry.rule, entry.conditions);
      if (isSigmaProblem(conditions)) {
        // Not cached: every rule of a broken logsource gets its own problem.
        problems.push(conditions);
        return;
      }
      group = groups.length;
      groups.push({ conditions, always: entry.conditions.length === 0 });
      groupConditions.push(entry.conditions);
      groupIds.set(key, group);
      unindexed.push([]);
    }
    ruleGroup[i] = group;
    if (plan !== undefined) addFacts(pathFacts, i, plan.facts);
    if (plan?.clause) {
      indexedRules += 1;
      indexed.push({ item: i, clause: plan.clause });
      firsts.push({ group, clause: plan.clause });
      if (plan.second !== null) seconds.push({ item: n + i, group, clause: plan.second });
    } else unindexed[group]!.push(i);
  });
  addsNoWork(firsts, seconds).forEach((ok, k) => {
    if (!ok) return;
    const { item, clause } = seconds[k]!;
    indexed.push({ item, clause });
    twoClauses[item - n] = 1;
  });
  const itemGroup = new Int32Array(2 * n);
  itemGroup.set(ruleGroup);
  itemGroup.set(ruleGroup, n);
  const router = new LogsourceRouter(groups, groupConditions);
  const indexes = buildPathIndexes(indexed);
  // Which path indexes hold rules of each group: only those are consulted for an event of that group.
  const groupPaths: number[][] = groups.map(() => []);
  indexes.forEach((index, pi) => {
    const seen = new Set<number>();
    for (const item of index.items) seen.add(itemGroup[item]!);
    for (const g of seen) groupPaths[g]!.push(pi);
  });
  const scratch = new CandidateScratch(2 * n, patternTotal(indexes));
  const plans = new PlanCache(indexes, groupPaths, itemGroup, scratch, pathFacts);
  const cached = options.cache === false ? undefined : new CachedView();
  const matchedGroups: number[] = [];
  const candidates: number[] = [];

  const match = (event: EventRecord): RuleMatch[] => {
    let view: FieldSource;
    if (cached !== undefined) {
      cached.reset(event);
      view = cached;
    } else {
      view = new DirectView(event);
    }
    scratch.next();
    matchedGroups.length = 0;
    if (candidates.length !== 0) candidates.length = 0;
    router.route(view, matchedGroups);
    const hits: number[] = [];
    const targets = plans.plan(matchedGroups);
    for (let k = 0; k < targets.length; k += 1) scratch.collect(targets[k]!, view, candidates);
    // After the scans, so that `contains` tests can read their facts.
    for (let k = 0; k < matchedGroups.length; k += 1) {
      const g = matchedGroups[k]!;
      const rules = unindexed[g]!;
      for (let j = 0; j < rules.length; j += 1) {
        const r = rules[j]!;
        if (stats.evaluate(r, evaluators[r]!, view)) hits.push(r);
      }
    }
    for (let k = 0; k < candidates.length; k += 1) {
      const r = candidates[k]!;
      // A second clause's item only completes its rule's first.
      if (r >= n || (twoClauses[r] === 1 && !scratch.collected(n + r))) continue;
      if (router.matched(ruleGroup[r]!) && stats.evaluate(r, evaluators[r]!, view)) hits.push(r);
    }
    if (hits.length === 0) return [];
    hits.sort((a, b) => a - b);
    return hits.map((r) => ({ rule: entries[r]!.rule, index: r, fields: readFields(view, fieldPaths[r]!) }));
  };

  return {
    match,
    stats: () => stats.snapshot(),
    problems,
    describe: () => summarize(entries.length, groups.length, router.indexedCount, indexedRules, unindexed, indexes),
  };
}

function addFacts(pathFacts: Map<PathRef, Map<string, number[]>>, rule: number, facts: ReadonlyMap<PathRef, ReadonlySet<string>>): void {
  for (const [path, literals] of facts) {
    let byText = pathFacts.get(path);
    if (byText === undefined) pathFacts.set(path, (byText = new Map()));
    for (const text of literals) {
      const rules = byText.get(text);
      if (rules === undefined) byText.set(text, [rule]);
      else rules.push(rule);
    }
  }
}

/** The values of a rule's fields present in the event (RuleHit.fields). */
export function readFields(view: FieldSource, paths: readonly PathRef[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) {
    const v = view.raw(p);
    if (v !== undefined) out[p.path] = v;
  }
  return out;
}

function summarize(
  rules: number,
  logsources: number,
  indexedLogsources: number,
  indexedRules: number,
  unindexed: number[][],
  indexes: PathIndex[],
): MatcherSummary {
  const unindexedRules = unindexed.reduce((n, u) => n + u.length, 0);
  return {
    rules,
    logsources,
    indexedLogsources,
    indexedRules,
    unindexedRules,
    excludedRules: rules - indexedRules - unindexedRules,
    indexedPaths: indexes.length,
    exactValues: indexes.reduce((n, i) => n + i.eq.size, 0),
    substrings: patternTotal(indexes),
    automatonStates: indexes.reduce((n, i) => n + (i.automaton?.states ?? 0), 0),
  };
}
