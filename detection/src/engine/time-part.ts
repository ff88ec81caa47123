// Time modifiers (`minute` … `year`): the UTC part of a timestamp field compared with a number.
// Values are ISO-8601 strings (ECS `@timestamp`) or numbers of milliseconds since the epoch.
// Only ISO-8601 is read: Date.parse alone also accepts "4" or "May 3", and reads a date-time
// without a zone as server-local time; here a missing zone means UTC, so results never depend
// on where the engine runs.
import type { ValueTest } from '../sigma/types';

/** No timestamp spelling is longer; refusing longer strings keeps Date.parse off hostile input. */
const MAX_TIMESTAMP_LENGTH = 64;

type TimeUnit = Extract<ValueTest, { kind: 'time-part' }>['unit'];

/** A predicate on one field value: true when it is a timestamp whose `unit` equals `expected`. */
export function compileTimePart(unit: TimeUnit, expected: number): (value: unknown) => boolean {
  const part = PARTS[unit];
  return (value) => {
    const ms = toMillis(value);
    return ms !== undefined && part(new Date(ms)) === expected;
  };
}

const PARTS: Record<TimeUnit, (d: Date) => number> = {
  minute: (d) => d.getUTCMinutes(),
  hour: (d) => d.getUTCHours(),
  day: (d) => d.getUTCDate(),
  week: isoWeek,
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function toMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.length > MAX_TIMESTAMP_LENGTH) return undefined;
  const m = ISO_DATE.exec(value);
  if (m === null) return undefined;
  const zoned = m[1] !== undefined && m[4] === undefined ? `${value.replace(' ', 'T')}Z` : value.replace(' ', 'T');
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? undefined : ms;
}

// ISO-8601 week number: weeks start on Monday, week 1 holds the year's first Thursday.
function isoWeek(d: Date): number {
  const day = d.getUTCDay() || 7;
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.ceil(((thursday - yearStart) / 86400000 + 1) / 7);
}
