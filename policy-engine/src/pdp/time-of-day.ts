// Wall-clock hour and weekday of an instant in an IANA time zone, via Intl (formatters cached).
import { PolicyTimeZoneError } from './errors';

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
  } catch {
    throw new PolicyTimeZoneError(zone);
  }
  if (formatters.size >= 512) formatters.clear();
  formatters.set(zone, f);
  return f;
}

// Every zone's UTC offset is a multiple of 15 minutes, so the wall-clock hour and weekday are
// constant within a 15-minute UTC window: one Intl call per zone and window, then a cache hit.
const WINDOW_MS = 15 * 60 * 1000;
const lastByZone = new Map<string, { window: number; hour: number; weekday: number }>();

function parts(at: Date | number, zone: string): { hour: number; weekday: number } {
  const t = typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid time value');
  const window = Math.floor(t / WINDOW_MS);
  const hit = lastByZone.get(zone);
  if (hit && hit.window === window) return hit;
  let hour = 0;
  let weekday = 0;
  for (const p of formatter(zone).formatToParts(t)) {
    if (p.type === 'hour') hour = Number(p.value);
    else if (p.type === 'weekday') weekday = WEEKDAYS[p.value] ?? 0;
  }
  if (lastByZone.size >= 512) lastByZone.clear();
  lastByZone.set(zone, { window, hour, weekday });
  return { hour, weekday };
}

/** True when Intl knows the zone name. */
export function isTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The hour (0–23) of `at` on a wall clock in `zone`, e.g. `hourIn(now, 'Asia/Ho_Chi_Minh')`. */
export function hourIn(at: Date | number, zone: string): number {
  return parts(at, zone).hour;
}

/** The weekday (0 = Sunday … 6 = Saturday) of `at` in `zone`. */
export function dayOfWeekIn(at: Date | number, zone: string): number {
  return parts(at, zone).weekday;
}
