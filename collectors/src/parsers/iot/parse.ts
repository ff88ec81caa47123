// One MQTT message to ECS, read by the convention its topic follows.
import { failure } from '../../parse/errors';
import type { ParseOutcome, SourceContext } from '../../parse/types';
import { DEFAULT_TIME_ZONE, isTimeZone } from '../../time/zoned-time';
import { readGeneric } from './generic';
import { iotEvent } from './iot-event';
import type { ReadingOutcome } from './iot-event';
import { isLegacySparkplugStateTopic, isSparkplugTopic, readSparkplug } from './sparkplug';
import { isTasmotaTopic, readTasmota } from './tasmota';
import { isZigbee2mqttTopic, readZigbee2mqtt } from './zigbee2mqtt';

/** Payloads larger than this are refused (Zigbee2MQTT's device inventory is the largest expected). */
export const IOT_MAX_PAYLOAD_BYTES = 1_048_576;
/** Topics longer than this are refused. */
export const IOT_MAX_TOPIC_CHARS = 1_024;

function read(levels: readonly string[], payload: Buffer, zone: string, receivedAt: number): ReadingOutcome {
  if (isSparkplugTopic(levels)) return readSparkplug(levels, payload, receivedAt);
  if (isLegacySparkplugStateTopic(levels)) {
    // STATE/<x> outside the namespace is Sparkplug only when it says ONLINE or OFFLINE.
    const state = readSparkplug(levels, payload, receivedAt);
    return state.ok ? state : readGeneric(payload);
  }
  if (isZigbee2mqttTopic(levels)) return readZigbee2mqtt(levels, payload, zone, receivedAt);
  if (isTasmotaTopic(levels)) return readTasmota(levels, payload, zone, receivedAt);
  return readGeneric(payload);
}

/**
 * Parses one MQTT message into ECS by the convention of `source.topic`: Tasmota
 * (tele|stat|cmnd/<device>/…), Zigbee2MQTT (zigbee2mqtt/…), Sparkplug B (spBv1.0/…,
 * Protocol Buffers) or, for any other topic, a generic JSON-or-text reading. Never throws:
 * oversized, empty, malformed or hostile payloads give a failure outcome.
 */
export function parseIotMessage(payload: Buffer, source: SourceContext): ParseOutcome {
  const topic = source.topic;
  if (topic === undefined || topic === '') return failure('HALONG_PARSE_IOT', 'The message has no MQTT topic to choose its convention by.');
  if (topic.length > IOT_MAX_TOPIC_CHARS) return failure('HALONG_PARSE_IOT', `The MQTT topic has ${topic.length} characters; at most ${IOT_MAX_TOPIC_CHARS} are read.`);
  if (payload.length > IOT_MAX_PAYLOAD_BYTES) {
    return failure('HALONG_PARSE_TOO_LARGE', `The MQTT payload has ${payload.length} bytes; at most ${IOT_MAX_PAYLOAD_BYTES} are read.`);
  }
  const levels = topic.split('/');
  // An empty Tasmota command is a query of the current value; elsewhere an empty payload
  // only clears a retained message.
  if (payload.length === 0 && !(isTasmotaTopic(levels) && levels[0] === 'cmnd')) return failure('HALONG_PARSE_EMPTY', `The payload on ${topic} is empty.`);
  const zone = source.timeZone || DEFAULT_TIME_ZONE;
  if (!isTimeZone(zone)) return failure('HALONG_PARSE_TIME', `Unknown time zone "${zone}" for the MQTT source.`);

  const outcome = read(levels, payload, zone, source.receivedAt);
  return outcome.ok ? { ok: true, event: iotEvent(topic, source, outcome.reading) } : outcome;
}
