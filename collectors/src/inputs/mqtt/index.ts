// Public API of the MQTT input.
export type { BackoffBounds } from './backoff';
export { backoffDelay } from './backoff';
export type { BrokerAddress } from './broker-url';
export { brokerAddress } from './broker-url';
export type { MqttInputErrorCode } from './errors';
export { MqttInputError, MqttInputErrorCodes } from './errors';
export type { MqttEventContext, MqttEventOutcome, MqttMessage } from './message-event';
export { MQTT_OVERSIZED_TAG, isSparkplugBinaryTopic, mqttMessageEvent } from './message-event';
export { startMqttInput } from './mqtt-input';
export type { MqttInput, MqttInputCounters, MqttInputOptions, MqttTls } from './mqtt-input-options';
export { DEFAULT_MQTT_TOPICS } from './mqtt-input-options';
export { BASE64_ORIGINAL_PREFIX, payloadOriginal } from './payload-original';
export type { ShipLoop } from './ship-until-durable';
export { shipUntilDurable } from './ship-until-durable';
