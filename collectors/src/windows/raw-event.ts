// The one intermediate form the three input shapes are read into, so the ECS mapping is
// written once. Values here are already decoded from each renderer's conventions
// (evtx_dump `#attributes`/`#text`, NXLog's flat keys, Winlogbeat's `winlog.*`).

/** EventData values as Windows writes them: text, or several texts for unnamed `<Data>` lists. */
export type EventDataValue = string | string[];

/** A Windows event record, independent of the renderer that produced it. */
export interface RawWindowsEvent {
  /** Which renderer the input came from (kept in `winlog.api` is not right: that is the API). */
  shape: 'evtx' | 'winlogbeat' | 'nxlog';
  eventId: number;
  channel?: string;
  provider?: string;
  providerGuid?: string;
  computer?: string;
  /** EventRecordID as decimal text: it is a uint64, beyond JSON's exact integers. */
  recordId?: string;
  /** UTC ISO time of the record (System/TimeCreated), when the source had one. */
  timeCreated?: string;
  pid?: number;
  tid?: number;
  user?: { identifier?: string; name?: string; domain?: string; type?: string };
  /** Windows level number (0 LogAlways … 5 Verbose). */
  level?: number;
  /** Lower-case level name when the source gave a name instead of a number. */
  levelName?: string;
  task?: string;
  opcode?: string;
  version?: number;
  /** Keywords as `0x…` hex, or the names Winlogbeat rendered. */
  keywords?: string | string[];
  /** Audit success/failure when the source said so without keywords (NXLog's EventType). */
  audit?: 'success' | 'failure';
  activityId?: string;
  relatedActivityId?: string;
  eventData: Record<string, EventDataValue>;
  /** The child element of `<UserData>` (its fields), with its element name. */
  userData?: { name?: string; fields: Record<string, EventDataValue> };
  message?: string;
  /** The record as its renderer kept it (Winlogbeat's `event.original` XML), when it did. */
  original?: string;
}

/** A plain JSON object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The text of an XML-ish JSON value: evtx_dump writes an element with attributes as
 * `{"#attributes": {...}, "#text": v}`, golang-evtx as `{"Value": v}`.
 */
export function textOf(value: unknown): unknown {
  const obj = asObject(value);
  if (!obj) return value;
  if ('#text' in obj) return obj['#text'];
  if ('Value' in obj) return obj.Value;
  return value;
}

/** An attribute of an evtx_dump element (`{"#attributes": {name}}`) or of a flattened one (`{name}`). */
export function attr(value: unknown, name: string): unknown {
  const obj = asObject(value);
  if (!obj) return undefined;
  const attrs = asObject(obj['#attributes']);
  return attrs && name in attrs ? attrs[name] : obj[name];
}

/** A scalar as text; undefined for absent, null and structured values. */
export function str(value: unknown): string | undefined {
  const v = textOf(value);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

/** A non-empty scalar as text. */
export function nonEmpty(value: unknown): string | undefined {
  const s = str(value);
  return s === undefined || s === '' ? undefined : s;
}

/** A decimal (or `0x` hex) integer; undefined when the value is not one. */
export function int(value: unknown): number | undefined {
  const s = str(value)?.trim();
  if (s === undefined || s === '') return undefined;
  const n = /^0x[0-9a-f]+$/i.test(s) ? Number.parseInt(s, 16) : /^-?\d+$/.test(s) ? Number(s) : Number.NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * GUIDs in one spelling, `{UPPER-CASE}` (StringFromGUID2's): evtx_dump drops the braces, the
 * Windows XML rendering writes some in lower case, and entity ids must join across sources.
 */
export function canonicalGuid(text: string): string {
  const m = GUID.exec(text);
  return m ? `{${m[1].toUpperCase()}}` : text;
}

/** A GUID-valued System attribute, canonical. */
export function guid(value: unknown): string | undefined {
  const s = nonEmpty(value);
  return s === undefined ? undefined : canonicalGuid(s);
}

/**
 * An EventData value as Windows wrote it: text. evtx_dump turns typed values into JSON numbers
 * and booleans, NXLog sometimes too; Sigma rules compare with the text form, so every shape is
 * brought back to it. Null (an empty `<Data/>`) becomes the empty string.
 */
export function eventDataValue(value: unknown): EventDataValue {
  const v = textOf(value);
  if (Array.isArray(v)) return v.map((item) => str(item) ?? (item === null ? '' : JSON.stringify(item)));
  if (v === null || v === undefined) return '';
  const text = str(v);
  return text === undefined ? JSON.stringify(v) : canonicalGuid(text);
}

/** Every key of an EventData-like object, values decoded; renderer metadata (`#attributes`, `xmlns`) dropped. */
export function readDataFields(data: unknown): Record<string, EventDataValue> {
  const out: Record<string, EventDataValue> = {};
  const obj = asObject(data);
  if (!obj) return out;
  for (const [key, value] of Object.entries(obj)) {
    if (key === '#attributes' || key === 'xmlns') continue;
    out[key] = eventDataValue(value);
  }
  return out;
}

/**
 * Keywords as Windows writes them (`0x8020000000000000`). NXLog prints the 64-bit mask as a
 * signed JSON number, which loses the low bits only when they are set; audit and classic
 * keywords live in the high bits, so the mask survives.
 */
export function keywordsHex(value: unknown): string | undefined {
  if (typeof value === 'string') return /^0x[0-9a-f]+$/i.test(value) ? `0x${value.slice(2).toUpperCase().padStart(16, '0')}` : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  let n = BigInt(Math.trunc(value));
  if (n < 0n) n += 1n << 64n;
  return `0x${n.toString(16).toUpperCase().padStart(16, '0')}`;
}
