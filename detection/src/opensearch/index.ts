// OpenSearch backend of the Sigma engine: rules as Query DSL (exactly the streaming matcher's
// semantics), historical hunts, and correlations over history as aggregations.
export type { Dsl } from './dsl';
export type { HuntErrorCode } from './errors';
export { HuntError, isProblem } from './errors';
export type { FieldCatalog, FieldVariant } from './field-catalog';
export { catalogFromFieldCaps, loadFieldCatalog, templateCatalog } from './field-catalog';
export type { QueryOptions } from './rule-query';
export { conditionToQuery, logsourceQuery, rulePaths, ruleToQuery } from './rule-query';
export type { HuntHit, HuntOptions, TimeBound } from './hunt';
export { huntQuery, huntRule, searchAll } from './hunt';
export type { CorrelationPlan, CorrelationPlanOptions, CorrelationRuleInput, RuleAggregation } from './correlation-plan';
export { correlationPlan } from './correlation-plan';
export type { RuleBucket } from './correlation-eval';
export { weightedPercentile } from './correlation-eval';
export type { CorrelationHuntOptions, HistoricalCorrelationMatch } from './correlation-run';
export { correlationHits, huntCorrelation } from './correlation-run';
