// `$time_local` / Apache `%t`: `dd/Mon/yyyy:HH:mm:ss ±hhmm`, always with its offset.
import { wallClockToEpoch } from '../../time/zoned-time';

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
// Apache can be configured to add milliseconds; accepted, never required.
const TIME_LOCAL = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-]\d{2})(\d{2})$/;

/** Epoch milliseconds of a `[time_local]` field's text, or undefined when it is not one. */
export function timeLocalToEpoch(text: string): number | undefined {
  const m = TIME_LOCAL.exec(text);
  if (!m) return undefined;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (month === undefined) return undefined;
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  return wallClockToEpoch(
    { year: Number(m[3]), month, day: Number(m[1]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6]), millisecond },
    `${m[8]}:${m[9]}`,
  );
}
