// The baseline: every rule on every event, its logsource conditions checked per rule, no
// routing, no prefilter, no shared cache. It is what the indexed matcher must agree with
// (property test) and what it is measured against (benchmark).
import type { SigmaProblem } from '../sigma/types';
import { isSigmaProblem } from './errors';
import { DirectView } from './event-view';
import { pathRef } from './field-access';
import { compileConditionsFor } from './logsource-conditions';
import type { MatcherEntry, MatcherSummary, RuleMatch, StreamMatcher } from './matcher-types';
import { RuleStatsTable, type StatsOptions } from './rule-stats';
import { readFields } from './stream-matcher';
import type { EventRecord } from './types';

/** Builds the naive matcher over `entries` (same contract as createStreamMatcher). */
export function createNaiveMatcher(entries: readonly MatcherEntry[], options: StatsOptions = {}): StreamMatcher {
  const stats = new RuleStatsTable(
    entries.map((e) => e.rule),
    options,
  );
  const problems: SigmaProblem[] = [];
  const runnable: { index: number; check: (event: EventRecord) => boolean }[] = [];
  entries.forEach((entry, index) => {
    const conditions = compileConditionsFor(entry.rule, entry.conditions);
    if (isSigmaProblem(conditions)) {
      problems.push(conditions);
      return;
    }
    const inLogsource = conditions.evaluate;
    const rule = entry.rule;
    runnable.push({ index, check: (event) => inLogsource(new DirectView(event)) && rule.matches(event) });
  });

  const match = (event: EventRecord): RuleMatch[] => {
    const out: RuleMatch[] = [];
    for (const { index, check } of runnable) {
      if (!stats.evaluate(index, check, event)) continue;
      const rule = entries[index]!.rule;
      out.push({ rule, index, fields: readFields(new DirectView(event), rule.fields.map(pathRef)) });
    }
    return out;
  };

  const describe = (): MatcherSummary => ({
    rules: entries.length,
    logsources: runnable.length,
    indexedLogsources: 0,
    indexedRules: 0,
    unindexedRules: runnable.length,
    excludedRules: entries.length - runnable.length,
    indexedPaths: 0,
    exactValues: 0,
    substrings: 0,
    automatonStates: 0,
  });

  return { match, stats: () => stats.snapshot(), problems, describe };
}
