// Timestamps of network sensors: Zeek writes epoch seconds with microseconds (`1692161622.036086`,
// or epoch milliseconds / ISO 8601 with LogAscii::json_timestamps), Suricata ISO 8601 with a
// numeric zone (`2024-01-02T03:04:05.123456+0700`). Fractions are cut to milliseconds from the
// text, not through a float: 1692161622.036 × 1000 is …035.99… in binary.
import { wallClockToEpoch } from '../../time/zoned-time';

const EPOCH = /^(\d{1,16})(?:\.(\d+))?$/;
// The last instant a Date can hold.
const MAX_MS = 8.64e15;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

// Past this an epoch number is in milliseconds: 1e11 seconds is the year 5138.
const MILLISECONDS_FROM = 1e11;

/** Epoch milliseconds of epoch seconds written as text or a number, or undefined. */
export function epochSecondsToMs(value: string | number): number | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) && value >= 0 ? numberText(value) : '') : value.trim();
  const m = EPOCH.exec(text);
  if (!m) return undefined;
  const whole = Number(m[1]);
  const ms = whole >= MILLISECONDS_FROM ? whole : whole * 1000 + Number((m[2] ?? '').padEnd(3, '0').slice(0, 3));
  return ms <= MAX_MS ? ms : undefined;
}

// Shortest round-trip text, without exponent for the magnitudes of epoch times.
function numberText(n: number): string {
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(6) : text;
}

/** Epoch milliseconds of an ISO 8601 date-time; one without a zone is read in `zone`. */
export function isoToMs(text: string, zone: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millisecond = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return wallClockToEpoch({ year, month, day, hour, minute, second, millisecond }, zoneOf(m[8], zone));
}

function zoneOf(suffix: string | undefined, fallback: string): string {
  if (suffix === undefined) return fallback;
  if (suffix.toUpperCase() === 'Z') return 'UTC';
  return suffix.length === 3 ? `${suffix}:00` : suffix;
}

/** Epoch milliseconds of a sensor timestamp: epoch seconds (number or text) or ISO 8601. */
export function sensorTimeToMs(value: unknown, zone: string): number | undefined {
  if (typeof value === 'number') return epochSecondsToMs(value);
  if (typeof value !== 'string') return undefined;
  return EPOCH.test(value.trim()) ? epochSecondsToMs(value) : isoToMs(value, zone);
}
