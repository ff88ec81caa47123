// Browser-safe entry point: types, names and codes only. Node code lives in ./node.
export type { EcsEvent, EcsEventFields } from './ecs-event';
export { DEFAULT_DATASET } from './ecs-event';
export type { Alert, AlertStatus, AttackRef, MatchedEventRef } from './alert';
export type { Decision, DecisionReason, DecisionSubject } from './decision';
export type { AuditEntry } from './audit-entry';
export type { ControlKind, ControlRecord } from './control';
export { controlKey } from './control';
export type { TopicKey } from './topics';
export { COMPACTED_TOPICS, Topics, topicName } from './topics';
export { EventHeaders, eventHeaders } from './event-headers';
export type { IndexNames } from './indices';
export { datasetSlug, indexNames } from './indices';
export { DefaultPorts } from './ports';
export type { ErrorCode } from './error-codes';
export { ErrorCodes, HalongError } from './error-codes';
export type { AuthzenEntity, AuthzenEvaluationRequest, AuthzenEvaluationResponse } from './authzen';
export type { EngineReadiness, EngineState, ErrorBody, HealthResponse, ReadyResponse } from './dto';
