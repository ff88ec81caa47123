// Winlogbeat's output before any Elasticsearch ingest pipeline: `winlog.*` plus a few ECS
// fields (`@timestamp`, `event.code`, `event.provider`, `log.level`, `message`). Event data is
// already text; `winlog.user_data` carries the UserData child's fields and its `xml_name`.
import type { RawWindowsEvent } from './raw-event';
import { asObject, guid, int, nonEmpty, readDataFields, str } from './raw-event';
import { toUtcIso } from './timestamps';

/** The `winlog` object when the input is Winlogbeat-shaped. */
export function winlogbeatRoot(input: Record<string, unknown>): Record<string, unknown> | undefined {
  const winlog = asObject(input.winlog);
  return winlog && (winlog.event_id !== undefined || asObject(input.event)?.code !== undefined) ? winlog : undefined;
}

/** Reads a Winlogbeat event; `eventId` is NaN when it has none. */
export function parseWinlogbeat(input: Record<string, unknown>, winlog: Record<string, unknown>, zone: string): RawWindowsEvent {
  const event = asObject(input.event) ?? {};
  const process = asObject(winlog.process);
  const user = asObject(winlog.user);
  const userData = asObject(winlog.user_data);
  const keywords = Array.isArray(winlog.keywords) ? winlog.keywords.map((k) => str(k) ?? '') : str(winlog.keywords);
  return {
    shape: 'winlogbeat',
    eventId: int(winlog.event_id ?? event.code) ?? Number.NaN,
    channel: nonEmpty(winlog.channel),
    provider: nonEmpty(winlog.provider_name) ?? nonEmpty(event.provider),
    providerGuid: guid(winlog.provider_guid),
    computer: nonEmpty(winlog.computer_name) ?? nonEmpty(asObject(input.host)?.name),
    recordId: str(winlog.record_id),
    // Winlogbeat 8 keeps the record time in winlog.time_created; 7.x only sets @timestamp to it.
    timeCreated: toUtcIso(str(winlog.time_created), zone) ?? toUtcIso(str(input['@timestamp']), zone),
    pid: int(process?.pid),
    tid: int(asObject(process?.thread)?.id),
    user: user
      ? { identifier: nonEmpty(user.identifier), name: nonEmpty(user.name), domain: nonEmpty(user.domain), type: nonEmpty(user.type) }
      : undefined,
    level: int(winlog.level),
    levelName: nonEmpty(asObject(input.log)?.level)?.toLowerCase(),
    task: str(winlog.task),
    opcode: str(winlog.opcode),
    version: int(winlog.version),
    keywords,
    activityId: guid(winlog.activity_id),
    relatedActivityId: guid(winlog.related_activity_id),
    eventData: readDataFields(winlog.event_data),
    userData: userData ? readWinlogbeatUserData(userData) : undefined,
    message: nonEmpty(input.message),
    original: nonEmpty(event.original),
  };
}

function readWinlogbeatUserData(userData: Record<string, unknown>): RawWindowsEvent['userData'] {
  const fields = readDataFields(userData);
  const name = typeof fields.xml_name === 'string' ? fields.xml_name : undefined;
  delete fields.xml_name;
  return { name, fields };
}
