// What an MQTT input is started with, what it counts, and what it gives back.
import type { EcsEvent } from '@halong/core';
import type { EnvelopeContext } from '../../parse/envelope';
import type { Shipper } from '../../pipeline/shipper';
import type { BackoffBounds } from './backoff';

/** Topics subscribed when the options name none: Tasmota, Zigbee2MQTT and Sparkplug B. */
export const DEFAULT_MQTT_TOPICS: readonly string[] = ['tele/#', 'stat/#', 'zigbee2mqtt/#', 'spBv1.0/#'];

/** A client certificate with its key, and the CA the broker's certificate is verified against. */
export interface MqttTls {
  cert: string | Buffer;
  key: string | Buffer;
  ca: string | Buffer;
}

/** Options of `startMqttInput`. */
export interface MqttInputOptions {
  /** `mqtts://host:8883` (or `mqtt://host:1883`, without TLS). */
  url: string;
  /** Topic filters, each subscribed with QoS 1 (default {@link DEFAULT_MQTT_TOPICS}). */
  topics?: readonly string[];
  /** Fixed: the broker keeps the session under this id. Two collectors must never share one. */
  clientId: string;
  /**
   * The collector's certificate from Halong's CA (it must allow clientAuth); the broker is
   * verified against `ca`. Needs `mqtts://`. A function is asked again before every connection,
   * so a renewed certificate is used from the next reconnection on.
   */
  tls?: MqttTls | (() => MqttTls);
  shipper: Pick<Shipper, 'ship' | 'busy'>;
  /** This collector, the observer of every event. */
  self: EnvelopeContext['observer'];
  site?: string;
  /** Zone of device times that carry none (Tasmota's `Time`). */
  timeZone: string;
  maxOriginalBytes: number;
  /** Larger payloads are kept unparsed and tagged (the IoT parser reads at most 1 MiB anyway). */
  maxPayloadBytes: number;
  /** Applied to every event before it is shipped (personal-data pseudonymisation). */
  redact?: (event: EcsEvent) => EcsEvent;
  clock?: () => number;
  onError?: (err: unknown) => void;
  /** Wait before offering an event again to a saturated shipper (default 50 ms). */
  busyRetryMs?: number;
  /** Reconnect delays, doubling from min to max, jittered (default 500 ms to 30 s); also paces retries after a ship error. */
  reconnect?: Partial<BackoffBounds>;
  /** `startMqttInput` gives up when no connection comes up within this time (default 30 s); once connected it waits for the SUBACK. */
  startTimeoutMs?: number;
  /** MQTT keepalive (default 60 s). A connection blocked on a saturated shipper longer than 1.5 × this is dropped and resumed. */
  keepaliveSeconds?: number;
  /** How long the broker keeps the session while the collector is away (default 0xFFFFFFFF: until the broker's own limit). */
  sessionExpirySeconds?: number;
  /** Unacknowledged QoS 1 messages the broker may send ahead (default 16). */
  receiveMaximum?: number;
}

/** Counters of the input. */
export interface MqttInputCounters {
  messages: number;
  shipped: number;
  /** Payloads over maxPayloadBytes, kept as unparsed events. */
  oversized: number;
  parseFailures: number;
  /** Reconnection attempts. */
  reconnects: number;
  /** Times an event was offered again to a saturated shipper. */
  busyRetries: number;
  /** Ship failures other than saturation (retried with backoff). */
  shipErrors: number;
  /**
   * QoS 1 messages left without PUBACK, which the broker sends again on the next connection:
   * given up unshipped (connection lost, input closing, shipper stopped), or shipped only after
   * their connection was lost (the copy sent again becomes a second event).
   */
  unacknowledged: number;
  /** QoS 0 messages not shipped before close: lost, the broker keeps no copy of them. */
  droppedQos0: number;
}

/** A running MQTT input. */
export interface MqttInput {
  stats(): MqttInputCounters & { connected: boolean };
  /** Finishes the message being shipped (and acknowledges it), then disconnects; the session stays on the broker. */
  close(): Promise<void>;
}
