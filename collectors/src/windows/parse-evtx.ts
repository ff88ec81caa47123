// evtx_dump (omerbenamram/evtx) JSON: `{"Event": {"System": {...}, "EventData": {...}}}`, with
// XML attributes under `#attributes` and element text under `#text`. The flattened variants
// other evtx tools write (`{"SystemTime": ...}`, `{"Value": 4624}`) are read too.
import type { EventDataValue, RawWindowsEvent } from './raw-event';
import { asObject, attr, guid, int, keywordsHex, nonEmpty, readDataFields, str, textOf } from './raw-event';
import { toUtcIso } from './timestamps';

/** The `Event` object when the input is evtx-shaped JSON. */
export function evtxRoot(input: Record<string, unknown>): Record<string, unknown> | undefined {
  const event = asObject(input.Event);
  if (event && asObject(event.System)) return event;
  return asObject(input.System) ? input : undefined;
}

/** Reads an evtx_dump event; `eventId` is NaN when the record has none (the caller rejects it). */
export function parseEvtx(event: Record<string, unknown>, zone: string): RawWindowsEvent {
  const system = asObject(event.System) ?? {};
  const provider = system.Provider;
  const security = system.Security;
  const correlation = system.Correlation;
  const execution = system.Execution;
  const userData = readUserData(event.UserData);
  return {
    shape: 'evtx',
    eventId: int(textOf(system.EventID)) ?? Number.NaN,
    channel: nonEmpty(system.Channel),
    provider: nonEmpty(attr(provider, 'Name')) ?? nonEmpty(attr(provider, 'EventSourceName')),
    providerGuid: guid(attr(provider, 'Guid')),
    computer: nonEmpty(system.Computer),
    recordId: str(system.EventRecordID),
    timeCreated: toUtcIso(str(attr(system.TimeCreated, 'SystemTime')), zone),
    pid: int(attr(execution, 'ProcessID')),
    tid: int(attr(execution, 'ThreadID')),
    user: nonEmpty(attr(security, 'UserID')) ? { identifier: nonEmpty(attr(security, 'UserID')) } : undefined,
    level: int(system.Level),
    task: str(system.Task),
    opcode: str(system.Opcode),
    version: int(system.Version),
    keywords: keywordsHex(textOf(system.Keywords)),
    activityId: guid(attr(correlation, 'ActivityID')),
    relatedActivityId: guid(attr(correlation, 'RelatedActivityID')),
    eventData: readEventData(event.EventData),
    userData,
    message: nonEmpty(event.Message) ?? nonEmpty(asObject(event.RenderingInfo)?.Message),
  };
}

// Unnamed `<Data>` elements (classic providers) come as `Data: [..]` or `Data: {"#text": [..]}`
// and stay one multi-valued `Data` field, so `Data|contains|all` can match across elements.
function readEventData(data: unknown): Record<string, EventDataValue> {
  const fields = readDataFields(data);
  if (fields.Data === '') delete fields.Data;
  if (fields.Binary === '') delete fields.Binary;
  return fields;
}

function readUserData(userData: unknown): RawWindowsEvent['userData'] {
  const obj = asObject(userData);
  if (!obj) return undefined;
  const [name] = Object.keys(obj).filter((k) => k !== '#attributes');
  if (name === undefined) return undefined;
  const inner = asObject(obj[name]);
  return { name, fields: inner ? readDataFields(inner) : { [name]: str(obj[name]) ?? '' } };
}
