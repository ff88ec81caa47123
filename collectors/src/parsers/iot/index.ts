// Public API of the MQTT/IoT parser.
export type { BoundedJson } from './bounded-json';
export { MAX_JSON_DEPTH, parseBoundedJson } from './bounded-json';
export type { IotConvention } from './iot-event';
export { IOT_MODULE } from './iot-event';
export { IOT_MAX_PAYLOAD_BYTES, IOT_MAX_TOPIC_CHARS, parseIotMessage } from './parse';
export { ProtobufError } from './protobuf-reader';
export { SPARKPLUG_MESSAGE_TYPES, SPARKPLUG_NAMESPACE } from './sparkplug';
export type { SparkplugMetric, SparkplugPayload } from './sparkplug-payload';
export { SPARKPLUG_DATATYPES, SPARKPLUG_MAX_METRICS, decodeSparkplugPayload } from './sparkplug-payload';
export { ZIGBEE2MQTT_BASE_TOPIC } from './zigbee2mqtt';
