// RawWindowsEvent → the ECS document (everything but event.id and event.original, which depend
// on how the record reached Halong).
import type { EcsDoc } from './ecs-builder';
import { baseName, getPath, setPath, single } from './ecs-builder';
import { WINDOWS_MODULE, windowsDataset } from './dataset';
import { OTHER_EVENTS, mapOtherProvider, providerFamily } from './other-providers';
import type { EventDataValue, RawWindowsEvent } from './raw-event';
import { mapSecurity, SECURITY_EVENTS } from './security';
import type { Categorization } from './sysmon';
import { deriveFileParts, mapSysmon, sysmonCategorization } from './sysmon';
import { toUtcIso } from './timestamps';

const LEVELS = ['information', 'critical', 'error', 'warning', 'information', 'verbose'];
const AUDIT_SUCCESS = 0x0020000000000000n;
const AUDIT_FAILURE = 0x0010000000000000n;

/** The ECS fields of a Windows event; `fallbackTime` is used when the record carries no time. */
export function buildEcs(raw: RawWindowsEvent, fallbackTime: () => string): EcsDoc {
  const data: Record<string, EventDataValue> = { ...raw.eventData };
  const doc: EcsDoc = {};
  const family = familyOf(raw);
  let categorization: Categorization | undefined;
  if (family === 'sysmon') {
    categorization = sysmonCategorization(raw.eventId, data);
    mapSysmon(doc, raw.eventId, data);
  } else if (family === 'security') {
    categorization = SECURITY_EVENTS[raw.eventId];
    mapSecurity(doc, raw.eventId, data);
  } else {
    categorization = family ? OTHER_EVENTS[family]?.[raw.eventId] : undefined;
    mapOtherProvider(doc, family, raw.eventId, data);
  }
  deriveNames(doc);

  // Sysmon's UtcTime is when the action happened (Winlogbeat uses it too); TimeCreated is when it was logged.
  const actionTime = family === 'sysmon' ? toUtcIso(single(data.UtcTime), 'UTC') : undefined;
  const timestamp = actionTime ?? raw.timeCreated ?? fallbackTime();
  const event: EcsDoc = {
    kind: 'event',
    code: String(raw.eventId),
    provider: raw.provider,
    module: WINDOWS_MODULE,
    dataset: windowsDataset(raw.channel, raw.provider),
    category: categorization?.category,
    type: categorization?.type,
    action: categorization?.action,
    outcome: categorization?.outcome ?? auditOutcome(raw),
    created: actionTime ? raw.timeCreated : undefined,
  };
  const out: EcsDoc = { '@timestamp': timestamp, event: dropUndefined(event) };
  setPath(out, 'host.name', raw.computer);
  setPath(out, 'host.os.type', 'windows');
  setPath(out, 'host.os.family', 'windows');
  setPath(out, 'log.level', raw.level !== undefined ? LEVELS[raw.level] : raw.levelName);
  setPath(out, 'message', raw.message);
  out.winlog = winlogFields(raw, data);
  // ECS fields from the providers; `winlog.logon` set by the Security mapping joins the rest.
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'winlog') Object.assign(out.winlog as EcsDoc, value);
    else out[key] = value;
  }
  return out;
}

function familyOf(raw: RawWindowsEvent): string | undefined {
  if ((raw.provider ?? '').toLowerCase() === 'microsoft-windows-sysmon') return 'sysmon';
  if ((raw.channel ?? '').toLowerCase() === 'security') return 'security';
  return providerFamily(raw.provider, raw.channel);
}

function deriveNames(doc: EcsDoc): void {
  for (const prefix of ['process', 'process.parent', 'dll']) {
    const path = getPath(doc, `${prefix}.${prefix === 'dll' ? 'path' : 'executable'}`);
    if (typeof path === 'string' && getPath(doc, `${prefix}.name`) === undefined) setPath(doc, `${prefix}.name`, baseName(path));
  }
  deriveFileParts(doc);
}

function winlogFields(raw: RawWindowsEvent, data: Record<string, EventDataValue>): EcsDoc {
  const winlog: EcsDoc = dropUndefined({
    channel: raw.channel,
    event_id: raw.eventId,
    provider_name: raw.provider,
    provider_guid: raw.providerGuid,
    computer_name: raw.computer,
    record_id: raw.recordId,
    level: raw.level,
    task: raw.task,
    opcode: raw.opcode,
    version: raw.version,
    keywords: raw.keywords,
    activity_id: raw.activityId,
    related_activity_id: raw.relatedActivityId,
  });
  if (raw.pid !== undefined || raw.tid !== undefined) {
    winlog.process = dropUndefined({ pid: raw.pid, thread: raw.tid === undefined ? undefined : { id: raw.tid } });
  }
  const user = raw.user && dropUndefined({ ...raw.user });
  if (user && Object.keys(user).length > 0) winlog.user = user;
  if (Object.keys(data).length > 0) winlog.event_data = data;
  if (raw.userData) winlog.user_data = dropUndefined({ ...raw.userData.fields, xml_name: raw.userData.name });
  return winlog;
}

function auditOutcome(raw: RawWindowsEvent): 'success' | 'failure' | undefined {
  if (raw.audit) return raw.audit;
  const kw = raw.keywords;
  if (typeof kw === 'string' && /^0x[0-9a-f]+$/i.test(kw)) {
    const mask = BigInt(kw);
    if (mask & AUDIT_FAILURE) return 'failure';
    if (mask & AUDIT_SUCCESS) return 'success';
  }
  if (Array.isArray(kw)) {
    if (kw.includes('Audit Failure')) return 'failure';
    if (kw.includes('Audit Success')) return 'success';
  }
  return undefined;
}

function dropUndefined(obj: EcsDoc): EcsDoc {
  for (const key of Object.keys(obj)) if (obj[key] === undefined) delete obj[key];
  return obj;
}
