// Event times arrive as ISO strings with a zone (evtx SystemTime, Winlogbeat), as zone-less
// local wall-clock text (NXLog's EventTime) or as zone-less UTC (Sysmon's UtcTime). All become
// UTC ISO strings; zone-less local times are read in the source's zone.
import { WindowsEventError } from './errors';

/** The zone Halong assumes for zone-less timestamps when the source has none configured. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Throws HALONG_WINDOWS_BAD_TIME_ZONE unless `zone` is an IANA name, `UTC` or a ±HH:MM offset. */
export function checkTimeZone(zone: string): void {
  if (OFFSET.test(zone)) return;
  try {
    formatter(zone);
  } catch (cause) {
    throw new WindowsEventError('HALONG_WINDOWS_BAD_TIME_ZONE', `Unknown time zone "${zone}".`, { cause });
  }
}

/**
 * A timestamp as UTC ISO 8601 with milliseconds, or undefined when it cannot be read.
 * Zone-less text is a wall clock in `zone`.
 */
export function toUtcIso(text: string | undefined, zone: string): string | undefined {
  if (!text) return undefined;
  const wall = WALL_CLOCK.exec(text.trim());
  if (!wall) {
    // Only accept strings that carry their own zone; Date would read other text as local time.
    if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) return undefined;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  const [, y, mo, d, h, mi, s, frac = ''] = wall;
  const asUtc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Number(frac.padEnd(3, '0').slice(0, 3)));
  // Date.UTC rolls month 13 into next year; a field out of range means the text is not a time.
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || check.getUTCHours() !== +h || check.getUTCMinutes() !== +mi) {
    return undefined;
  }
  return new Date(asUtc - offsetMs(asUtc, zone)).toISOString();
}

// The zone's offset at a wall-clock instant. Computed at the wall time read as UTC, then once
// more at the corrected instant, which settles every case but the hour a DST change skips.
function offsetMs(wallAsUtc: number, zone: string): number {
  const fixed = OFFSET.exec(zone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
  if (zone.toUpperCase() === 'UTC') return 0;
  const first = zoneOffsetAt(wallAsUtc, zone);
  return zoneOffsetAt(wallAsUtc - first, zone);
}

function zoneOffsetAt(instant: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour % 24, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}
