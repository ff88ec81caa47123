// Stable codes of the MQTT input, `HALONG_MQTT_<NAME>`. Each is raised by `startMqttInput`
// only: once the input has been up, a lost broker is retried forever and reported to onError.

/** Every code the MQTT input raises, with what it means. */
export const MqttInputErrorCodes = {
  HALONG_MQTT_REFUSED: 'The broker or its certificate was refused (TLS verification, CONNACK refusal): retrying would not help.',
  HALONG_MQTT_START_TIMEOUT: 'No connection to the broker within the start timeout.',
  HALONG_MQTT_SUBSCRIBE: 'The broker refused a subscription, or granted less than QoS 1.',
} as const;

/** One of {@link MqttInputErrorCodes}. */
export type MqttInputErrorCode = keyof typeof MqttInputErrorCodes;

/** A coded error of the MQTT input; `cause` holds what the client or the broker said. */
export class MqttInputError extends Error {
  readonly code: MqttInputErrorCode;

  constructor(code: MqttInputErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? MqttInputErrorCodes[code], options);
    this.name = 'MqttInputError';
    this.code = code;
  }
}
