// The timestamps syslog senders write: RFC 3164's "Mmm dd hh:mm:ss" (no year, no zone), the
// same with a year (Cisco ASA, IOS `service timestamps … year`) or milliseconds, and
// RFC 3339 (RFC 5424, rsyslog's high-precision formats). Reading is split from resolving: a
// reader only says where a timestamp is; resolving applies the year and zone and may fail.
import type { SourceContext } from '../../parse/types';
import type { WallClock } from '../../time/zoned-time';
import { inferYear, isTimeZone, wallClockToEpoch } from '../../time/zoned-time';
import { SyslogFault } from './syntax-error';

// Read by hand, as the regular expressions they replace matched them (a sticky match at `pos`,
// then a check that the token ends); a few dozen characters at most are looked at.
//   BSD: ([A-Za-z]{3}) {1,2}(\d{1,2}) (?:(\d{4}) )?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?
//   ISO: (\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Month by its three letters in lower case, packed into one number.
const MONTH_OF = new Map<number, number>(MONTHS.map((name, i) => [(name.charCodeAt(0) << 16) | (name.charCodeAt(1) << 8) | name.charCodeAt(2), i + 1]));
const SPACE = 0x20;
const COLON = 0x3a;

/** A timestamp found in a message, not yet placed in time. */
export interface TimestampText {
  /** Index just after the timestamp. */
  end: number;
  /** The timestamp as written, for error messages. */
  text: string;
  wall: WallClock;
  /** False when the text has no year (RFC 3164): the year is inferred from the receive time. */
  hasYear: boolean;
  /** `UTC` or ±HH:MM when the text carries its zone. */
  zone?: string;
}

/** A timestamp placed in time. */
export interface ResolvedTime {
  epoch: number;
  /** The zone a zone-less timestamp was read in (ECS event.timezone). */
  timezone?: string;
}

/** An RFC 3164 timestamp at `pos`, with an optional year and fraction, or undefined. */
export function readBsdTimestamp(text: string, pos: number): TimestampText | undefined {
  const c0 = text.charCodeAt(pos);
  const c1 = text.charCodeAt(pos + 1);
  const c2 = text.charCodeAt(pos + 2);
  if (!isLetter(c0) || !isLetter(c1) || !isLetter(c2)) return undefined;
  let i = pos + 3;
  if (text.charCodeAt(i) !== SPACE) return undefined;
  i += text.charCodeAt(i + 1) === SPACE ? 2 : 1;
  const dayDigits = digitRun(text, i, 3);
  if (dayDigits < 1 || dayDigits > 2 || text.charCodeAt(i + dayDigits) !== SPACE) return undefined;
  const day = digitsAt(text, i, dayDigits);
  i += dayDigits + 1;
  let year = -1;
  if (digitRun(text, i, 4) === 4 && text.charCodeAt(i + 4) === SPACE && isClock(text, i + 5)) {
    year = digitsAt(text, i, 4);
    i += 5;
  } else if (!isClock(text, i)) {
    return undefined;
  }
  const end = fractionEnd(text, i + 8);
  if (!endsToken(text, end)) return undefined;
  const month = MONTH_OF.get(((c0 | 0x20) << 16) | ((c1 | 0x20) << 8) | (c2 | 0x20));
  if (month === undefined) return undefined;
  const wall = { year: year < 0 ? 0 : year, month, day, hour: digitsAt(text, i, 2), minute: digitsAt(text, i + 3, 2), second: digitsAt(text, i + 6, 2), millisecond: millisecondsAt(text, i + 8, end) };
  return { end, text: text.slice(pos, end), wall, hasYear: year >= 0 };
}

/** An RFC 3339 timestamp at `pos` (the zone may be missing), or undefined. */
export function readIsoTimestamp(text: string, pos: number): TimestampText | undefined {
  if (
    digitRun(text, pos, 4) !== 4 || text.charCodeAt(pos + 4) !== 0x2d || !twoDigits(text, pos + 5) || text.charCodeAt(pos + 7) !== 0x2d || !twoDigits(text, pos + 8) ||
    (text.charCodeAt(pos + 10) | 0x20) !== 0x74 || !isClock(text, pos + 11)
  ) {
    return undefined;
  }
  const fractionAt = pos + 19;
  let end = fractionEnd(text, fractionAt);
  const zoneAt = end;
  const z = text.charCodeAt(zoneAt);
  let zone: string | undefined;
  if ((z | 0x20) === 0x7a) {
    zone = 'UTC';
    end += 1;
  } else if ((z === 0x2b || z === 0x2d) && twoDigits(text, zoneAt + 1)) {
    const minutesAt = text.charCodeAt(zoneAt + 3) === COLON ? zoneAt + 4 : zoneAt + 3;
    if (twoDigits(text, minutesAt)) {
      end = minutesAt + 2;
      zone = text.slice(zoneAt, end);
    }
  }
  if (!endsToken(text, end)) return undefined;
  const wall = {
    year: digitsAt(text, pos, 4), month: digitsAt(text, pos + 5, 2), day: digitsAt(text, pos + 8, 2),
    hour: digitsAt(text, pos + 11, 2), minute: digitsAt(text, pos + 14, 2), second: digitsAt(text, pos + 17, 2), millisecond: millisecondsAt(text, fractionAt, zoneAt),
  };
  const ts: TimestampText = { end, text: text.slice(pos, end), wall, hasYear: true };
  if (zone !== undefined) ts.zone = zone;
  return ts;
}

/** Either kind of timestamp at `pos`. */
export function readTimestamp(text: string, pos: number): TimestampText | undefined {
  return readBsdTimestamp(text, pos) ?? readIsoTimestamp(text, pos);
}

/**
 * The instant of a timestamp: its own zone, else `zone` (the source's). A missing year is
 * inferred from the receive time.
 * @throws SyslogSyntaxError (HALONG_PARSE_TIME) for an impossible date or an unknown zone.
 */
export function resolveTimestamp(ts: TimestampText, source: SourceContext, zone = source.timeZone): ResolvedTime {
  const placed = placeTimestamp(ts, source, zone);
  if (placed instanceof SyslogFault) throw placed.toError();
  return placed;
}

/** {@link resolveTimestamp}, with a SyslogFault (HALONG_PARSE_TIME) returned instead of thrown. */
export function placeTimestamp(ts: TimestampText, source: SourceContext, zone = source.timeZone): ResolvedTime | SyslogFault {
  const useZone = ts.zone ?? zone;
  if (ts.zone !== undefined && ts.zone !== 'UTC' && !validOffset(ts.zone)) {
    return new SyslogFault('HALONG_PARSE_TIME', `The timestamp "${ts.text}" has an offset outside ±23:59.`);
  }
  if (ts.zone === undefined && !isTimeZone(useZone)) {
    return new SyslogFault('HALONG_PARSE_TIME', `The source's time zone "${useZone}" is not an IANA name, UTC or ±HH:MM, so "${ts.text}" cannot be placed in time.`);
  }
  const wall = ts.hasYear ? ts.wall : { ...ts.wall, year: inferYear(ts.wall.month, ts.wall.day, source.receivedAt, useZone) };
  const epoch = wallClockToEpoch(wall, useZone);
  if (epoch === undefined) return new SyslogFault('HALONG_PARSE_TIME', `The timestamp "${ts.text}" is not a valid date and time.`);
  return ts.zone === undefined ? { epoch, timezone: useZone } : { epoch };
}

function isLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

// How many digits start at `i`, counting up to `max`.
function digitRun(text: string, i: number, max: number): number {
  let n = 0;
  while (n < max && isDigit(text.charCodeAt(i + n))) n++;
  return n;
}

function twoDigits(text: string, i: number): boolean {
  return isDigit(text.charCodeAt(i)) && isDigit(text.charCodeAt(i + 1));
}

// The value of `count` digits at `i` (already checked to be digits).
function digitsAt(text: string, i: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) value = value * 10 + text.charCodeAt(i + k) - 0x30;
  return value;
}

// hh:mm:ss at `i`.
function isClock(text: string, i: number): boolean {
  return twoDigits(text, i) && text.charCodeAt(i + 2) === COLON && twoDigits(text, i + 3) && text.charCodeAt(i + 5) === COLON && twoDigits(text, i + 6);
}

// The end of an optional `.` and 1–9 digits at `i` (`i` itself when there is none).
function fractionEnd(text: string, i: number): number {
  if (text.charCodeAt(i) !== 0x2e) return i;
  const digits = digitRun(text, i + 1, 9);
  return digits === 0 ? i : i + 1 + digits;
}

// Milliseconds of the fraction in [i, end) (a `.` and its digits, or nothing): its first three digits.
function millisecondsAt(text: string, i: number, end: number): number {
  let ms = 0;
  for (let k = 1; k <= 3; k++) ms = ms * 10 + (i + k < end ? text.charCodeAt(i + k) - 0x30 : 0);
  return end > i ? ms : 0;
}

// A timestamp is a whole token: what follows must end it.
function endsToken(text: string, end: number): boolean {
  if (end >= text.length) return true;
  const next = text.charCodeAt(end);
  return next === SPACE || next === COLON;
}

function validOffset(offset: string): boolean {
  const digits = offset.replace(':', '');
  return Number(digits.slice(1, 3)) <= 23 && Number(digits.slice(3, 5)) <= 59;
}
