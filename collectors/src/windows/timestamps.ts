// Event times arrive as ISO strings with a zone (evtx SystemTime, Winlogbeat), as zone-less
// local wall-clock text (NXLog's EventTime) or as zone-less UTC (Sysmon's UtcTime). All become
// UTC ISO strings; zone-less local times are read in the source's zone.
import { DEFAULT_TIME_ZONE, isTimeZone, wallClockToEpoch } from '../time/zoned-time';
import { WindowsEventError } from './errors';

export { DEFAULT_TIME_ZONE };

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** Throws HALONG_WINDOWS_BAD_TIME_ZONE unless `zone` is an IANA name, `UTC` or a ±HH:MM offset. */
export function checkTimeZone(zone: string): void {
  if (!isTimeZone(zone)) throw new WindowsEventError('HALONG_WINDOWS_BAD_TIME_ZONE', `Unknown time zone "${zone}".`);
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
  const epoch = wallClockToEpoch({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: +s!, millisecond: Number(frac.padEnd(3, '0').slice(0, 3)) }, zone);
  return epoch === undefined ? undefined : new Date(epoch).toISOString();
}
