// Public API of the Sigma parser and validator.
export { parseSigmaFile } from './parse-file';
export type { ParsedFile } from './parse-file';
export { loadRulePack } from './rule-pack';
export { assembleRulePack } from './pack-assembly';
export type { RulePack } from './pack-assembly';
export { parseCondition, ConditionError } from './condition';
export { parseSigmaString } from './sigma-string';
export { parseDuration } from './duration';
export { splitTags } from './tags';
export { KNOWN_MODIFIERS } from './modifiers';
export { formatProblem } from './problems';
export type {
  ConditionNode,
  CorrelationCondition,
  CorrelationType,
  FieldTest,
  PatternPart,
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
} from './types';
