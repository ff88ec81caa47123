// Zigbee2MQTT (base topic `zigbee2mqtt`): zigbee2mqtt/<friendly_name> carries a device's
// state as JSON, …/<friendly_name>/set|get a command to it, …/availability whether it is
// reachable; zigbee2mqtt/bridge/* is the bridge itself: state (online/offline), logging,
// event (device_joined, device_interview, device_leave …), request/response, and retained
// inventories (info, devices, groups …). Friendly names may contain slashes.
import { failure } from '../../parse/errors';
import { isJsonObject } from './bounded-json';
import { availabilityFields } from './iot-event';
import type { IotReading, ReadingOutcome } from './iot-event';
import { payloadText, readPayload } from './payload';
import { isoTimeToEpoch, plausibleTime } from './payload-time';

/** The base topic Zigbee2MQTT publishes under by default (the only one recognised). */
export const ZIGBEE2MQTT_BASE_TOPIC = 'zigbee2mqtt';

/** True for a topic under Zigbee2MQTT's default base topic. */
export function isZigbee2mqttTopic(levels: readonly string[]): boolean {
  return levels.length >= 2 && levels[0] === ZIGBEE2MQTT_BASE_TOPIC && levels.slice(1).every((l) => l !== '');
}

function onlineOf(text: string, body: Record<string, unknown> | undefined): boolean | undefined {
  const word = typeof body?.state === 'string' ? body.state : text;
  return /^online$/i.test(word) ? true : /^offline$/i.test(word) ? false : undefined;
}

function lastSeen(body: Record<string, unknown>, zone: string, receivedAt: number): number | undefined {
  const seen = body.last_seen;
  if (typeof seen === 'number') return plausibleTime(seen, receivedAt);
  if (typeof seen === 'string') return plausibleTime(isoTimeToEpoch(seen, zone), receivedAt);
  return undefined;
}

function stringField(body: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = body?.[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function readBridge(sub: string, text: string, zone: string, receivedAt: number): ReadingOutcome {
  const read = readPayload(text, sub !== 'state');
  if (!read.ok) return read;
  const body = read.payload.kind === 'json' && isJsonObject(read.payload.value) ? read.payload.value : undefined;
  const details: Record<string, unknown> = {
    bridge: true,
    subtopic: sub,
    ...(read.payload.kind === 'json' ? { payload: read.payload.value } : { value: read.payload.text }),
  };
  const base = { convention: 'zigbee2mqtt' as const, details };

  if (sub === 'state') {
    const online = onlineOf(read.payload.text, body);
    if (online !== undefined) details.online = online;
    return { ok: true, reading: { ...base, action: 'availability', kind: 'event', ...availabilityFields(online) } };
  }
  if (sub === 'logging') {
    const message = stringField(body, 'message');
    const level = stringField(body, 'level');
    return {
      ok: true,
      reading: { ...base, action: 'log', kind: 'event', ...(message !== undefined ? { message } : {}), ...(level !== undefined ? { logLevel: level } : {}) },
    };
  }
  if (sub === 'event' || sub === 'log') {
    // bridge/event (1.17+) names the event in `type` and the device in `data`; the legacy
    // bridge/log names it in `type` with `message` and `meta`.
    const type = stringField(body, 'type');
    if (!body || type === undefined) return failure('HALONG_PARSE_IOT', `Zigbee2MQTT bridge/${sub} must carry a JSON object with a "type".`);
    const data = isJsonObject(body.data) ? body.data : isJsonObject(body.meta) ? body.meta : undefined;
    const deviceId = stringField(data, 'ieee_address') ?? stringField(data, 'friendly_name');
    const message = typeof body.message === 'string' ? body.message : undefined;
    const reading: IotReading = {
      ...base,
      action: type.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 64),
      kind: 'event',
      category: ['host'],
      type: ['info'],
      ...(deviceId !== undefined ? { deviceId } : {}),
      ...(message !== undefined ? { message } : {}),
    };
    return { ok: true, reading };
  }
  if (sub.startsWith('request/')) return { ok: true, reading: { ...base, action: 'command', kind: 'event', category: ['configuration'], type: ['change'] } };
  const time = body ? lastSeen(body, zone, receivedAt) : undefined;
  return { ok: true, reading: { ...base, action: 'state', kind: 'state', ...(time !== undefined ? { time } : {}) } };
}

/** A Zigbee2MQTT message (topic already split into levels) as a reading. */
export function readZigbee2mqtt(levels: readonly string[], payload: Uint8Array, zone: string, receivedAt: number): ReadingOutcome {
  const text = payloadText(payload);
  if (text === undefined) return failure('HALONG_PARSE_IOT', `Zigbee2MQTT ${levels.join('/')} carries bytes that are not UTF-8 text.`);
  if (levels[1] === 'bridge') return readBridge(levels.slice(2).join('/'), text, zone, receivedAt);

  const last = levels[levels.length - 1]!;
  const role = levels.length > 2 && (last === 'set' || last === 'get' || last === 'availability') ? last : undefined;
  const name = levels.slice(1, role ? -1 : undefined).join('/');
  const read = readPayload(text, role !== 'availability');
  if (!read.ok) return read;
  const body = read.payload.kind === 'json' && isJsonObject(read.payload.value) ? read.payload.value : undefined;
  const details: Record<string, unknown> = {
    friendly_name: name,
    ...(role ? { subtopic: role } : {}),
    ...(body ? { payload: body } : { value: read.payload.text }),
  };
  const base = { convention: 'zigbee2mqtt' as const, deviceId: name, hostName: name, details };

  if (role === 'availability') {
    const online = onlineOf(read.payload.text, body);
    if (online !== undefined) details.online = online;
    return { ok: true, reading: { ...base, action: 'availability', kind: 'event', ...availabilityFields(online) } };
  }
  if (role !== undefined) return { ok: true, reading: { ...base, action: 'command', kind: 'event', category: ['host'], type: ['change'] } };
  if (!body) return failure('HALONG_PARSE_IOT', `Zigbee2MQTT device state on ${levels.join('/')} must be a JSON object.`);
  const time = lastSeen(body, zone, receivedAt);
  return { ok: true, reading: { ...base, action: 'state', kind: 'state', category: ['host'], type: ['info'], ...(time !== undefined ? { time } : {}) } };
}
