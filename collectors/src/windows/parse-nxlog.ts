// NXLog im_msvistalog JSON (as in the OTRF security-datasets): System fields and EventData
// fields side by side at the top level, plus whatever the shipper added (Logstash's
// `@timestamp`, `host`, `port`, `tags`). A key is EventData unless it is one NXLog or the
// shipper owns.
import type { EventDataValue, RawWindowsEvent } from './raw-event';
import { eventDataValue, guid, int, keywordsHex, nonEmpty, str } from './raw-event';
import { toUtcIso } from './timestamps';

const ENVELOPE = new Set([
  'EventTime', 'EventReceivedTime', 'Hostname', 'Keywords', 'SeverityValue', 'Severity', 'EventID', 'SourceName',
  'ProviderGuid', 'Task', 'OpcodeValue', 'Opcode', 'RecordNumber', 'ActivityID', 'RelatedActivityID',
  'ExecutionProcessID', 'ExecutionThreadID', 'ThreadID', 'Channel', 'Domain', 'AccountName', 'UserID', 'AccountType',
  'Category', 'Message', 'SourceModuleName', 'SourceModuleType', 'ERROR_EVT_UNRESOLVED', 'EventTypeOrignal',
  'EventTypeOriginal', 'Level', 'TimeCreated', '@timestamp', '@version', 'host', 'port', 'tags',
]);

// NXLog's own EventType (the level/audit kind) shares its key with Sysmon's EventType
// (SetValue, CreateKey, ...); these values tell NXLog's apart.
const NXLOG_EVENT_TYPES = new Set(['INFO', 'WARNING', 'ERROR', 'CRITICAL', 'VERBOSE', 'DEBUG', 'AUDIT_SUCCESS', 'AUDIT_FAILURE']);

const SEVERITY_LEVELS: Record<string, string> = {
  INFO: 'information',
  WARNING: 'warning',
  ERROR: 'error',
  CRITICAL: 'critical',
  DEBUG: 'verbose',
  VERBOSE: 'verbose',
};

/** True when the input looks like one NXLog Windows record. */
export function isNxlog(input: Record<string, unknown>): boolean {
  return input.EventID !== undefined && (typeof input.Channel === 'string' || typeof input.SourceName === 'string');
}

/** Reads an NXLog record; `eventId` is NaN when EventID is not an integer. */
export function parseNxlog(input: Record<string, unknown>, zone: string): RawWindowsEvent {
  const eventType = str(input.EventType)?.toUpperCase();
  const nxlogEventType = eventType !== undefined && NXLOG_EVENT_TYPES.has(eventType);
  const eventData: Record<string, EventDataValue> = {};
  for (const [key, value] of Object.entries(input)) {
    if (ENVELOPE.has(key) || (key === 'EventType' && nxlogEventType)) continue;
    // Sysmon's state events carry a dotted Version ("4.90"); NXLog's own Version is the integer schema version.
    if (key === 'Version' && int(value) !== undefined) continue;
    eventData[key] = eventDataValue(value);
  }
  const severity = str(input.Severity)?.toUpperCase();
  return {
    shape: 'nxlog',
    eventId: int(input.EventID) ?? Number.NaN,
    channel: nonEmpty(input.Channel),
    provider: nonEmpty(input.SourceName),
    providerGuid: guid(input.ProviderGuid),
    computer: nonEmpty(input.Hostname),
    recordId: str(input.RecordNumber),
    // TimeCreated (some exporters) has a zone; EventTime is the collector host's wall clock.
    timeCreated:
      toUtcIso(str(input.TimeCreated), zone) ?? toUtcIso(str(input.EventTime), zone) ?? toUtcIso(str(input['@timestamp']), zone),
    pid: int(input.ExecutionProcessID),
    tid: int(input.ExecutionThreadID ?? input.ThreadID),
    user: nonEmpty(input.UserID) || nonEmpty(input.AccountName)
      ? { identifier: nonEmpty(input.UserID), name: nonEmpty(input.AccountName), domain: nonEmpty(input.Domain), type: nonEmpty(input.AccountType) }
      : undefined,
    level: int(input.Level),
    levelName: severity ? SEVERITY_LEVELS[severity] : undefined,
    task: nonEmpty(input.Category) ?? str(input.Task),
    opcode: nonEmpty(input.Opcode) ?? str(input.OpcodeValue),
    version: int(input.Version),
    keywords: keywordsHex(input.Keywords),
    audit: eventType === 'AUDIT_SUCCESS' ? 'success' : eventType === 'AUDIT_FAILURE' ? 'failure' : undefined,
    activityId: guid(input.ActivityID),
    relatedActivityId: guid(input.RelatedActivityID),
    eventData,
    message: nonEmpty(input.Message),
  };
}
