// Public API of the streaming engine: the rule compiler, the indexed and naive matchers.
export type { CompiledRule, EventRecord, RuleHit } from './types';
export { compileRule } from './compile-rule';
export { createStreamMatcher } from './stream-matcher';
export { createNaiveMatcher } from './naive-matcher';
export type { MatcherEntry, MatcherSummary, RuleMatch, StreamMatcher, StreamMatcherOptions } from './matcher-types';
export type { RuleErrorReport, RuleStats, StatsOptions } from './rule-stats';
export { EngineError, EngineErrorCodes, isSigmaProblem } from './errors';
export type { EngineErrorCode } from './errors';
