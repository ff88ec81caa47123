// Public API of @halong/detection: the Sigma engine as libraries (parser, field mapping,
// streaming matcher, correlation, alerts), and its runtime on Kafka with the rule API, for
// `cli/` and for tests.

// Sigma rules: parse, validate, load packs
export type {
  ConditionNode,
  CorrelationCondition,
  CorrelationType,
  FieldTest,
  ParsedFile,
  PatternPart,
  RulePack,
  RuleTags,
  Search,
  SigmaCorrelation,
  SigmaDetection,
  SigmaDocument,
  SigmaErrorCode,
  SigmaFilter,
  SigmaLevel,
  SigmaLogsource,
  SigmaProblem,
  SigmaRule,
  SigmaStatus,
  SourceRef,
  ValueTest,
} from './sigma';
export { ConditionError, KNOWN_MODIFIERS, assembleRulePack, formatProblem, loadRulePack, parseCondition, parseDuration, parseSigmaFile } from './sigma';

// Field mapping pipelines (Sigma logsources and fields → Halong ECS)
export type { FieldMapper, LogsourceMapping, PipelineErrorCode, PipelineSource } from './mapping';
export { DEFAULT_PIPELINE_DIR, PipelineError, loadPipeline, loadPipelineSources } from './mapping';

// Streaming matcher
export type { CompiledRule, EventRecord, MatcherEntry, MatcherSummary, RuleHit, RuleMatch, RuleStats, StreamMatcher, StreamMatcherOptions } from './engine';
export { EngineError, compileRule, createNaiveMatcher, createStreamMatcher, isSigmaProblem } from './engine';

// Correlation
export type { CorrelationEngineOptions, CorrelationMatch, CorrelationProblem, CorrelationSnapshot, DetectionRecord } from './correlation';
export { CorrelationEngine, CorrelationIndex, compileCorrelations, ruleKey } from './correlation';

// Alerts
export type { AlertAggregatorOptions, AlertAggregatorSnapshot, AlertSource } from './alerts';
export { ALERT_CONTEXT_FIELDS, AlertAggregator, alertId, attackFromTags, entitiesOf, sourceFromHit, sourceFromMatch, toAlert } from './alerts';

// OpenSearch backend: rules as Query DSL, hunts over history, correlations as aggregations
export type { CorrelationHuntOptions, Dsl, FieldCatalog, HistoricalCorrelationMatch, HuntErrorCode, HuntHit, HuntOptions, QueryOptions } from './opensearch';
export { HuntError, correlationHits, huntCorrelation, huntQuery, huntRule, loadFieldCatalog, ruleToQuery, templateCatalog } from './opensearch';

// Runtime: the rule set, its workers on Kafka with checkpoints, and the rule-management API
export type {
  BuildRuleSetOptions,
  CheckpointDoc,
  CheckpointStore,
  CheckpointVersion,
  CorrelationWorker,
  CorrelationWorkerCounters,
  DetectionHandler,
  DetectionRuntime,
  DetectionService,
  DetectionStatus,
  DetectionWorker,
  DetectionWorkerCounters,
  EventHandler,
  HuntEntryOptions,
  HuntItem,
  LiveMatch,
  LoadedRuleSet,
  PartitionCodec,
  Publisher,
  RuleCounters,
  RuleDetailView,
  RuleEntry,
  RuleProblem,
  RuleQuery,
  RuleSet,
  RuleStateChannel,
  RuleStateInfo,
  RuleView,
  RuntimeErrorCode,
  StartDetectionOptions,
  StoredCheckpoint,
} from './runtime';
export {
  DetectionRuntimeError,
  LiveMatcher,
  PartitionStates,
  RULE_STATE_KIND,
  RuleStates,
  RuntimeErrorCodes,
  buildHit,
  buildRuleSet,
  createDetectionHandler,
  createDetectionService,
  createEventHandler,
  createOpenSearchCheckpointStore,
  defaultRuleDirs,
  detectionStateIndex,
  findRule,
  huntEntry,
  loadRuleSet,
  pipelinePaths,
  readEvent,
  routeHit,
  startCorrelationWorker,
  startDetection,
  startDetectionWorker,
} from './runtime';
export type { DetectionRoutesOptions } from './http';
export { detectionRoutes } from './http';
