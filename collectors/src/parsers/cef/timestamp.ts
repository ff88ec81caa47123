// CEF times (rt, start, end …): epoch milliseconds, or the spec's `MMM dd [yyyy] HH:mm:ss[.SSS]
// [zone]` text. Zone-less text is a wall clock in the device's zone (dtz) or the source's.
// Devices stray from the spec in known ways, accepted here: epoch seconds, micro- and
// nanoseconds (told apart by their digit count), ISO 8601, and zones written as `GMT+07:00`.
import { inferYear, isTimeZone, wallClockToEpoch } from '../../time/zoned-time';

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const SPEC_TEXT = /^([A-Za-z]{3}) +(\d{1,2})(?: +(\d{4}))? +(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: +(\S.*))?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))? ?(Z|[+-]\d{2}:?\d{2})?$/i;
const OFFSET = /^(?:(?:GMT|UTC|UT) ?)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;
// Unambiguous abbreviations only: CST, IST and BST each name several zones and are refused.
const ABBREVIATIONS: Record<string, string> = {
  EST: '-05:00', EDT: '-04:00', MST: '-07:00', MDT: '-06:00', PST: '-08:00', PDT: '-07:00',
  CET: '+01:00', CEST: '+02:00', EET: '+02:00', EEST: '+03:00', ICT: '+07:00', WIB: '+07:00',
  SGT: '+08:00', HKT: '+08:00', JST: '+09:00', KST: '+09:00', AEST: '+10:00', AEDT: '+11:00',
};

/**
 * Epoch milliseconds of a CEF time value, or undefined when it cannot be read (out of range,
 * unknown zone, or no usable zone for a zone-less value).
 */
export function cefTimeToEpoch(value: string, zone: string | undefined, receivedAt: number): number | undefined {
  const text = value.trim();
  if (text.length === 0 || text.length > 64) return undefined;
  if (/^\d+$/.test(text)) return epochDigits(text);
  const spec = SPEC_TEXT.exec(text);
  if (spec) {
    const month = MONTHS[spec[1]!.toLowerCase()];
    const wallZone = spec[8] === undefined ? zone : resolveZone(spec[8]);
    if (month === undefined || wallZone === undefined) return undefined;
    const day = Number(spec[2]);
    const year = spec[3] !== undefined ? Number(spec[3]) : inferYear(month, day, receivedAt, wallZone);
    return wallClockToEpoch({ year, month, day, hour: Number(spec[4]), minute: Number(spec[5]), second: Number(spec[6]), millisecond: fraction(spec[7]) }, wallZone);
  }
  const iso = ISO.exec(text);
  if (iso) {
    const wallZone = iso[8] === undefined ? zone : resolveZone(iso[8]);
    if (wallZone === undefined) return undefined;
    const [year, month, day, hour, minute, second] = iso.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    return wallClockToEpoch({ year, month, day, hour, minute, second, millisecond: fraction(iso[7]) }, wallZone);
  }
  return undefined;
}

/**
 * A zone as written in a CEF time or in `dtz` (`GMT`, `GMT+07:00`, `+0700`, `ICT`, an IANA name),
 * in the form wallClockToEpoch takes, or undefined when it names no zone known for sure.
 */
export function resolveZone(text: string): string | undefined {
  const zone = text.trim();
  if (/^(?:Z|UTC|GMT|UT)$/i.test(zone)) return 'UTC';
  const offset = OFFSET.exec(zone);
  if (offset) {
    const hours = Number(offset[2]);
    const minutes = Number(offset[3] ?? '0');
    return hours <= 14 && minutes < 60 ? `${offset[1]}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}` : undefined;
  }
  const abbreviation = ABBREVIATIONS[zone.toUpperCase()];
  if (abbreviation) return abbreviation;
  return zone.includes('/') && isTimeZone(zone) ? zone : undefined;
}

// The spec says milliseconds, but seconds (10 digits), microseconds (16, Cortex Data Lake)
// and nanoseconds (19, FortiOS eventtime) are sent too. 0 means "not set".
function epochDigits(digits: string): number | undefined {
  const n = Number(digits);
  if (n === 0) return undefined;
  const scale = digits.length <= 11 ? 1000 : digits.length <= 14 ? 1 : digits.length <= 17 ? 1e-3 : digits.length <= 20 ? 1e-6 : undefined;
  if (scale === undefined) return undefined;
  const ms = Math.floor(n * scale);
  return Number.isFinite(new Date(ms).getTime()) ? ms : undefined;
}

function fraction(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits.padEnd(3, '0').slice(0, 3));
}
