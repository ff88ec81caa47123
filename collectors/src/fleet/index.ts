// Fleet status (heartbeat events) and silent-source detection.
export type { FleetStatus } from './heartbeat';
export { FLEET_DATASET, heartbeatEvent } from './heartbeat';
export type { SilentSource, SilenceWatchOptions } from './silence-watch';
export { SilenceWatch } from './silence-watch';
export { SILENT_SOURCE_RULE_ID, silentSourceAlert } from './silent-source-alert';
export type { FleetMonitor, FleetMonitorOptions } from './fleet-monitor';
export { sourceKey, startFleetMonitor } from './fleet-monitor';
