// Sparkplug B: spBv1.0/<group_id>/<message_type>/<edge_node_id>[/<device_id>], payloads in
// Protocol Buffers. Host applications announce themselves on spBv1.0/STATE/<host_id> (3.0,
// JSON {"online":…,"timestamp":…}) or STATE/<host_id> (2.2, text ONLINE/OFFLINE).
// Compressed payloads (uuid SPBV1.0_COMPRESSED) are not inflated: inflating device-supplied
// data is a decompression bomb waiting to happen; their body is only measured.
import { failure } from '../../parse/errors';
import { isJsonObject } from './bounded-json';
import { availabilityFields } from './iot-event';
import type { IotReading, ReadingOutcome } from './iot-event';
import { payloadText, readPayload } from './payload';
import { plausibleTime } from './payload-time';
import { ProtobufError } from './protobuf-reader';
import { decodeSparkplugPayload } from './sparkplug-payload';
import type { SparkplugPayload } from './sparkplug-payload';

/** The topic namespace of Sparkplug B. */
export const SPARKPLUG_NAMESPACE = 'spBv1.0';

/** Message types and the event.action each reports. */
export const SPARKPLUG_MESSAGE_TYPES: Readonly<Record<string, string>> = {
  NBIRTH: 'birth',
  DBIRTH: 'birth',
  NDEATH: 'death',
  DDEATH: 'death',
  NDATA: 'telemetry',
  DDATA: 'telemetry',
  NCMD: 'command',
  DCMD: 'command',
  STATE: 'availability',
};

/** True for a topic in the Sparkplug B namespace. */
export function isSparkplugTopic(levels: readonly string[]): boolean {
  return levels[0] === SPARKPLUG_NAMESPACE && levels.length >= 3;
}

/** True for a Sparkplug 2.2 host STATE topic (`STATE/<host_id>`), outside the namespace. */
export function isLegacySparkplugStateTopic(levels: readonly string[]): boolean {
  return levels.length === 2 && levels[0] === 'STATE' && levels[1] !== '';
}

function readState(hostId: string, payload: Uint8Array, receivedAt: number): ReadingOutcome {
  const text = payloadText(payload);
  if (text === undefined) return failure('HALONG_PARSE_IOT', `Sparkplug STATE of host "${hostId}" is not UTF-8 text.`);
  const read = readPayload(text, true);
  if (!read.ok) return read;
  const body = read.payload.kind === 'json' && isJsonObject(read.payload.value) ? read.payload.value : undefined;
  let online: boolean | undefined;
  if (body) online = typeof body.online === 'boolean' ? body.online : undefined;
  else online = /^online$/i.test(read.payload.text) ? true : /^offline$/i.test(read.payload.text) ? false : undefined;
  if (online === undefined) return failure('HALONG_PARSE_IOT', `Sparkplug STATE of host "${hostId}" is neither {"online":true|false} nor ONLINE/OFFLINE.`);
  const time = body && typeof body.timestamp === 'number' ? plausibleTime(body.timestamp, receivedAt) : undefined;
  const reading: IotReading = {
    convention: 'sparkplug',
    action: 'availability',
    kind: 'event',
    ...availabilityFields(online),
    deviceId: hostId,
    hostName: hostId,
    details: { message_type: 'STATE', host_id: hostId, online, ...(body && body.timestamp !== undefined ? { timestamp: body.timestamp } : {}) },
    ...(time !== undefined ? { time } : {}),
  };
  return { ok: true, reading };
}

/** A Sparkplug B message (topic already split into levels) as a reading. */
export function readSparkplug(levels: readonly string[], payload: Uint8Array, receivedAt: number): ReadingOutcome {
  if (levels[0] === 'STATE') return readState(levels[1]!, payload, receivedAt);
  if (levels[1] === 'STATE') {
    if (levels.length !== 3 || levels[2] === '') return failure('HALONG_PARSE_IOT', 'A Sparkplug STATE topic is spBv1.0/STATE/<host_id>.');
    return readState(levels[2]!, payload, receivedAt);
  }
  const [, group, type, node, device] = levels;
  const action = type !== undefined && Object.hasOwn(SPARKPLUG_MESSAGE_TYPES, type) ? SPARKPLUG_MESSAGE_TYPES[type] : undefined;
  const wantsDevice = type?.startsWith('D') === true;
  if (action === undefined || type === 'STATE') return failure('HALONG_PARSE_IOT', `"${type}" is not a Sparkplug B message type.`);
  if (!group || !node || levels.length !== (wantsDevice ? 5 : 4) || (wantsDevice && !device)) {
    return failure('HALONG_PARSE_IOT', `A Sparkplug ${type} topic is spBv1.0/<group_id>/${type}/<edge_node_id>${wantsDevice ? '/<device_id>' : ''}.`);
  }

  let decoded: SparkplugPayload;
  try {
    decoded = decodeSparkplugPayload(payload);
  } catch (e) {
    const why = e instanceof ProtobufError ? e.message : 'it could not be decoded.';
    return failure('HALONG_PARSE_IOT', `The Sparkplug ${type} payload is not a valid Payload message: ${why}`);
  }
  const time = typeof decoded.timestamp === 'number' ? plausibleTime(decoded.timestamp, receivedAt) : undefined;
  const kind = action === 'telemetry' ? 'metric' : 'event';
  const fields =
    action === 'birth'
      ? { category: ['host'], type: ['start'] }
      : action === 'death'
        ? { category: ['host'], type: ['end'] }
        : action === 'command'
          ? { category: ['host'], type: ['change'] }
          : { category: ['host'], type: ['info'] };
  const reading: IotReading = {
    convention: 'sparkplug',
    action,
    kind,
    ...fields,
    deviceId: device ?? node,
    hostName: node,
    details: { group_id: group, message_type: type, edge_node_id: node, ...(device !== undefined ? { device_id: device } : {}), ...decoded },
    ...(time !== undefined ? { time } : {}),
  };
  return { ok: true, reading };
}
