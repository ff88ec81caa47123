// The timestamps syslog senders write: RFC 3164's "Mmm dd hh:mm:ss" (no year, no zone), the
// same with a year (Cisco ASA, IOS `service timestamps … year`) or milliseconds, and
// RFC 3339 (RFC 5424, rsyslog's high-precision formats). Reading is split from resolving: a
// reader only says where a timestamp is; resolving applies the year and zone and may fail.
import type { SourceContext } from '../../parse/types';
import type { WallClock } from '../../time/zoned-time';
import { inferYear, isTimeZone, wallClockToEpoch } from '../../time/zoned-time';
import { SyslogSyntaxError } from './syntax-error';

// Sticky and with bounded repetitions only: each attempt looks at a few dozen characters.
const BSD = /([A-Za-z]{3}) {1,2}(\d{1,2}) (?:(\d{4}) )?(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/y;
const ISO = /(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:?\d{2})?/y;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

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
  const m = execAt(BSD, text, pos);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
  if (month === 0) return undefined;
  const wall = { year: m[3] ? Number(m[3]) : 0, month, day: Number(m[2]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), millisecond: fraction(m[7]) };
  return { end: pos + m[0].length, text: m[0], wall, hasYear: m[3] !== undefined };
}

/** An RFC 3339 timestamp at `pos` (the zone may be missing), or undefined. */
export function readIsoTimestamp(text: string, pos: number): TimestampText | undefined {
  const m = execAt(ISO, text, pos);
  if (!m) return undefined;
  const wall = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), millisecond: fraction(m[7]) };
  const zone = m[8] === undefined ? undefined : /^z$/i.test(m[8]) ? 'UTC' : m[8];
  return { end: pos + m[0].length, text: m[0], wall, hasYear: true, ...(zone ? { zone } : {}) };
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
  const useZone = ts.zone ?? zone;
  if (ts.zone !== undefined && ts.zone !== 'UTC' && !validOffset(ts.zone)) {
    throw new SyslogSyntaxError('HALONG_PARSE_TIME', `The timestamp "${ts.text}" has an offset outside ±23:59.`);
  }
  if (ts.zone === undefined && !isTimeZone(useZone)) {
    throw new SyslogSyntaxError('HALONG_PARSE_TIME', `The source's time zone "${useZone}" is not an IANA name, UTC or ±HH:MM, so "${ts.text}" cannot be placed in time.`);
  }
  const wall = ts.hasYear ? ts.wall : { ...ts.wall, year: inferYear(ts.wall.month, ts.wall.day, source.receivedAt, useZone) };
  const epoch = wallClockToEpoch(wall, useZone);
  if (epoch === undefined) throw new SyslogSyntaxError('HALONG_PARSE_TIME', `The timestamp "${ts.text}" is not a valid date and time.`);
  return ts.zone === undefined ? { epoch, timezone: useZone } : { epoch };
}

function execAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  const m = re.exec(text);
  if (!m) return null;
  // A timestamp is a whole token: what follows must end it.
  const next = text.charCodeAt(pos + m[0].length);
  return Number.isNaN(next) || next === 0x20 || next === 0x3a ? m : null;
}

function fraction(digits: string | undefined): number {
  return digits ? Number(digits.slice(0, 3).padEnd(3, '0')) : 0;
}

function validOffset(offset: string): boolean {
  const digits = offset.replace(':', '');
  return Number(digits.slice(1, 3)) <= 23 && Number(digits.slice(3, 5)) <= 59;
}
