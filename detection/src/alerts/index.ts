// Alerts: deterministic ids, ATT&CK and entities from what fired, aggregation per dedup window.
export { AlertAggregator } from './aggregator';
export { alertId, dedupWindowStart } from './alert-id';
export { attackFromTags } from './attack';
export { DEFAULT_LEVEL, eventRef, sourceFromHit, sourceFromMatch, toAlert } from './build-alert';
export { ALERT_CONTEXT_FIELDS, ENTITY_FIELDS, PLAIN_GROUP_FIELDS, entitiesOf, plainGroupKey } from './entities';
export { AlertError } from './errors';
export type { AlertErrorCode } from './errors';
export type { AlertAggregatorOptions, AlertAggregatorSnapshot, AlertRule, AlertSource, AlertStats, Clock, OpenAlert } from './types';
