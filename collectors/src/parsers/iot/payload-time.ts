// Device clocks: Tasmota prints local wall-clock time without a zone (and 1970 until NTP has
// synced), Zigbee2MQTT an ISO time or epoch milliseconds, Sparkplug epoch milliseconds. A
// time is taken only when it is plausible; otherwise the receive time stands.
import { wallClockToEpoch } from '../../time/zoned-time';

const EARLIEST = Date.UTC(2000, 0, 1);
const FUTURE_SLACK_MS = 86_400_000;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** `epochMs` when it is a time a device could have meant (2000 to a day after receipt). */
export function plausibleTime(epochMs: number | undefined, receivedAt: number): number | undefined {
  return epochMs !== undefined && Number.isFinite(epochMs) && epochMs >= EARLIEST && epochMs <= receivedAt + FUTURE_SLACK_MS ? epochMs : undefined;
}

/** Epoch ms of an ISO-like time; a time without zone is a wall clock in `zone`. */
export function isoTimeToEpoch(text: string, zone: string): number | undefined {
  const m = ISO_LOCAL.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac = '', offset] = m;
  const millisecond = Number(frac.padEnd(3, '0').slice(0, 3));
  if (offset !== undefined) {
    const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${String(millisecond).padStart(3, '0')}${offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset}`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return wallClockToEpoch({ year: +y!, month: +mo!, day: +d!, hour: +h!, minute: +mi!, second: +s!, millisecond }, zone);
}
