// Wall-clock times without a zone, read in a source's zone. Log formats that carry no zone
// (RFC 3164 syslog, Open5GS, NXLog's EventTime …) are read in the zone configured for their
// source; Halong's default is Vietnam's. Intl gives zone offsets without a time-zone library.

/** The zone Halong assumes for zone-less timestamps when the source has none configured. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();
const notZones = new Set<string>();

/** A wall-clock time, as read from a log line. Month 1–12; fraction in milliseconds. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

/** True when `zone` is an IANA name, `UTC` or a ±HH:MM offset. */
export function isTimeZone(zone: string): boolean {
  if (formatters.has(zone) || OFFSET.test(zone)) return true;
  // A device that writes a wrong zone writes it in every message; Intl's RangeError is slow.
  if (notZones.has(zone)) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    if (notZones.size >= 1024) notZones.clear();
    notZones.add(zone);
    return false;
  }
}

/** Epoch milliseconds of a wall clock in `zone`, or undefined when a field is out of range. */
export function wallClockToEpoch(wall: WallClock, zone: string): number | undefined {
  const { year, month, day, hour, minute, second } = wall;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second, wall.millisecond ?? 0);
  // Date.UTC rolls month 13 into next year; a field out of range means the text is not a time.
  const check = new Date(asUtc);
  if (
    !Number.isFinite(asUtc) ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    second > 60
  ) {
    return undefined;
  }
  return asUtc - offsetMs(asUtc, zone);
}

/** The wall clock of `instant` in `zone` (to find "this year" for formats without a year). */
export function epochToWallClock(instant: number, zone: string): WallClock {
  const fixed = OFFSET.exec(zone);
  const shift = fixed ? sign(fixed) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000 : zone.toUpperCase() === 'UTC' ? 0 : zoneOffsetAt(instant, zone);
  const d = new Date(instant + shift);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds() };
}

/**
 * The year of a month/day seen at `receivedAt` in a format without a year (RFC 3164, Open5GS):
 * this year, or last year when that date would be more than a day in the future (a December
 * line received on the 1st of January).
 */
export function inferYear(month: number, day: number, receivedAt: number, zone: string): number {
  const now = epochToWallClock(receivedAt, zone);
  const thisYear = Date.UTC(now.year, month - 1, day);
  const today = Date.UTC(now.year, now.month - 1, now.day);
  return thisYear - today > 86_400_000 ? now.year - 1 : now.year;
}

function sign(m: RegExpExecArray): number {
  return m[1] === '-' ? -1 : 1;
}

// The zone's offset at a wall-clock instant. Computed at the wall time read as UTC, then once
// more at the corrected instant, which settles every case but the hour a DST change skips.
function offsetMs(wallAsUtc: number, zone: string): number {
  const fixed = OFFSET.exec(zone);
  if (fixed) return sign(fixed) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
  if (zone.toUpperCase() === 'UTC') return 0;
  const first = zoneOffsetAt(wallAsUtc, zone);
  return zoneOffsetAt(wallAsUtc - first, zone);
}

// formatToParts costs microseconds and every zone-less timestamp needs two or three offsets, so
// offsets are kept per zone and 15-minute bucket (offsets change at whole quarter hours in
// every zone since the 1970s). A bucket is cached only when its first and last second agree,
// so a bucket holding a change — or an odd historical one — is always computed exactly.
const BUCKET_MS = 15 * 60_000;
const MAX_BUCKETS = 4096;
const offsetCache = new Map<string, Map<number, number>>();

function zoneOffsetAt(instant: number, zone: string): number {
  const bucket = Math.floor(instant / BUCKET_MS);
  let byBucket = offsetCache.get(zone);
  const cached = byBucket?.get(bucket);
  if (cached !== undefined) return cached;
  const start = bucket * BUCKET_MS;
  const atStart = exactOffsetAt(start, zone);
  if (atStart !== exactOffsetAt(start + BUCKET_MS - 1000, zone)) return exactOffsetAt(instant, zone);
  if (!byBucket) offsetCache.set(zone, (byBucket = new Map()));
  // A stream's times cluster around now; a full cache starts over rather than tracking age.
  if (byBucket.size >= MAX_BUCKETS) byBucket.clear();
  byBucket.set(bucket, atStart);
  return atStart;
}

function exactOffsetAt(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}
