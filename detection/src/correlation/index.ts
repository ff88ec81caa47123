// Sigma correlation: compile correlations, address hits to groups, evaluate windows.
export { compileCorrelations, ruleKey } from './compile';
export type { CompileCorrelationsOptions } from './compile';
export { CorrelationIndex, matchHit } from './correlation-index';
export { CorrelationEngine } from './engine';
export { CorrelationError } from './errors';
export type { CorrelationErrorCode, CorrelationProblem } from './errors';
export { encodeGroupKey } from './fields';
export { matchId } from './match';
export type {
  CompiledCorrelation,
  CorrelationEngineOptions,
  CorrelationKey,
  CorrelationMatch,
  CorrelationOutput,
  CorrelationSnapshot,
  CorrelationStats,
  DetectionRecord,
  Entry,
  FieldPathResolver,
  GroupSnapshot,
} from './types';
