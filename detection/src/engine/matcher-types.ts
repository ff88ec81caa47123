// The public shape of both matchers (indexed and naive), so callers and benchmarks can swap them.
import type { FieldTest, SigmaProblem } from '../sigma/types';
import type { RuleStats, StatsOptions } from './rule-stats';
import type { CompiledRule, EventRecord } from './types';

/** A compiled rule and the routing conditions of its logsource (LogsourceMapping.conditions). */
export interface MatcherEntry {
  rule: CompiledRule;
  conditions: readonly FieldTest[];
}

/** One rule that matched one event. */
export interface RuleMatch {
  rule: CompiledRule;
  /** Position of the rule in the matcher's input. */
  index: number;
  /** The ECS paths the rule's detection reads that the event has, with their values (RuleHit.fields). */
  fields: Record<string, unknown>;
}

/** Options of createStreamMatcher. */
export interface StreamMatcherOptions extends StatsOptions {
  /** Share field reads across the rules of an event (default true; false only to measure its effect). */
  cache?: boolean;
}

/** How the stream matcher organised its rules. */
export interface MatcherSummary {
  rules: number;
  /** Distinct logsources (routing key + conditions). */
  logsources: number;
  /** Logsources found through the literal index rather than tested on every event. */
  indexedLogsources: number;
  /** Rules reached only through the literal index. */
  indexedRules: number;
  /** Rules evaluated on every event of their logsource. */
  unindexedRules: number;
  /** Rules left out because their logsource conditions could not be compiled. */
  excludedRules: number;
  /** Indexed ECS paths, exact values and substring patterns, automaton states. */
  indexedPaths: number;
  exactValues: number;
  substrings: number;
  automatonStates: number;
}

/** Matches events against a fixed set of compiled rules. Not re-entrant: one event at a time. */
export interface StreamMatcher {
  /** The rules that match the event, in input order. Never throws because of a rule. */
  match(event: EventRecord): RuleMatch[];
  /** Per-rule counters. */
  stats(): RuleStats[];
  /** Rules left out, and why. */
  readonly problems: readonly SigmaProblem[];
  describe(): MatcherSummary;
}
