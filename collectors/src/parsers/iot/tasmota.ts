// Tasmota (default FullTopic %prefix%/%topic%/): tele/<device>/SENSOR|STATE|LWT|INFOn …,
// stat/<device>/RESULT|POWER|STATUSn …, cmnd/<device>/<command>. A FullTopic with more
// levels between prefix and subtopic (tele/home/plug/SENSOR) names the device home/plug.
// `Time` is the device's local wall clock; `Epoch`, when the device prints it, is UTC seconds.
import { failure } from '../../parse/errors';
import { isJsonObject } from './bounded-json';
import { availabilityFields } from './iot-event';
import type { IotReading, ReadingOutcome } from './iot-event';
import { payloadText, readPayload } from './payload';
import { isoTimeToEpoch, plausibleTime } from './payload-time';

const PREFIXES: ReadonlySet<string> = new Set(['tele', 'stat', 'cmnd']);

/** True for a topic of Tasmota's default layout. */
export function isTasmotaTopic(levels: readonly string[]): boolean {
  return levels.length >= 3 && PREFIXES.has(levels[0]!) && levels.every((l) => l !== '');
}

function deviceTime(body: Record<string, unknown>, zone: string, receivedAt: number): number | undefined {
  if (typeof body.Epoch === 'number') return plausibleTime(body.Epoch * 1000, receivedAt);
  if (typeof body.Time === 'string') return plausibleTime(isoTimeToEpoch(body.Time, zone), receivedAt);
  return undefined;
}

/** A Tasmota message (topic already split into levels) as a reading. */
export function readTasmota(levels: readonly string[], payload: Uint8Array, zone: string, receivedAt: number): ReadingOutcome {
  const prefix = levels[0]!;
  const subtopic = levels[levels.length - 1]!;
  const device = levels.slice(1, -1).join('/');
  const text = payloadText(payload);
  if (text === undefined) return failure('HALONG_PARSE_IOT', `Tasmota ${prefix}/${device}/${subtopic} carries bytes that are not UTF-8 text.`);
  const read = readPayload(text, prefix !== 'cmnd');
  if (!read.ok) return read;
  const body = read.payload.kind === 'json' && isJsonObject(read.payload.value) ? read.payload.value : undefined;
  const value = body ? undefined : read.payload.text;
  const details: Record<string, unknown> = {
    prefix,
    device,
    subtopic,
    ...(body ? { payload: body } : {}),
    ...(value !== undefined && value !== '' ? { value } : {}),
  };
  const time = body ? deviceTime(body, zone, receivedAt) : undefined;
  const common = { convention: 'tasmota' as const, deviceId: device, hostName: device, details, ...(time !== undefined ? { time } : {}) };

  let reading: IotReading;
  if (prefix === 'cmnd') {
    reading = { ...common, action: 'command', kind: 'event', category: ['host'], type: ['change'] };
  } else if (prefix === 'tele' && subtopic === 'LWT') {
    const online = /^online$/i.test(read.payload.text) ? true : /^offline$/i.test(read.payload.text) ? false : undefined;
    if (online !== undefined) details.online = online;
    reading = { ...common, action: 'availability', kind: 'event', ...availabilityFields(online) };
  } else if (prefix === 'tele' && (subtopic === 'SENSOR' || subtopic === 'STATE')) {
    if (!body) return failure('HALONG_PARSE_IOT', `Tasmota tele/${device}/${subtopic} must carry a JSON object.`);
    reading =
      subtopic === 'SENSOR'
        ? { ...common, action: 'telemetry', kind: 'metric', category: ['host'], type: ['info'] }
        : { ...common, action: 'state', kind: 'state', category: ['host'], type: ['info'] };
  } else {
    if (text.trim() === '') return failure('HALONG_PARSE_EMPTY', `Tasmota ${prefix}/${device}/${subtopic} has an empty payload.`);
    reading = { ...common, action: 'state', kind: 'state', category: ['host'], type: ['info'] };
  }
  return { ok: true, reading };
}
