// The MQTT input: a subscriber in a persistent session (clean start off, a fixed client id, a
// session that outlives the connection) with QoS 1 subscriptions, so the broker keeps every
// message the collector has not acknowledged, across disconnections and restarts.
//
// A message's PUBACK leaves only once its event is durable: mqtt.js hands each QoS ≥ 1 PUBLISH
// to `customHandleAcks` and sends the PUBACK when that calls back, which happens after
// `shipper.ship` resolved. mqtt.js handles one incoming packet at a time, so events are shipped
// in the order the broker sent them, and while one waits for a saturated shipper the connection
// is not read: the broker holds the rest (at most `receiveMaximum` unacknowledged in flight).
import { ErrorWithSubackPacket, connect } from 'mqtt';
import type { IClientOptions, IClientSubscribeOptions, IPublishPacket, ISubscriptionGrant } from 'mqtt';
import { backoffDelay } from './backoff';
import type { BackoffBounds } from './backoff';
import { brokerAddress } from './broker-url';
import { MqttInputError } from './errors';
import { isRefusal } from './fatal-error';
import { mqttMessageEvent } from './message-event';
import type { MqttEventContext } from './message-event';
import { DEFAULT_MQTT_TOPICS } from './mqtt-input-options';
import type { MqttInput, MqttInputCounters, MqttInputOptions, MqttTls } from './mqtt-input-options';
import { shipUntilDurable } from './ship-until-durable';

// Passed to customHandleAcks' callback to withhold the PUBACK; mqtt.js then emits it as an error.
class DeliveryWithheld extends Error {}

/**
 * Connects, subscribes and starts shipping. Resolves once connected and subscribed; rejects
 * with a {@link MqttInputError} when the broker or a certificate is refused, a subscription is
 * refused or downgraded below QoS 1, or no connection comes up within `startTimeoutMs`. Once
 * up, a lost connection is retried with backoff for as long as the input runs.
 */
export async function startMqttInput(o: MqttInputOptions): Promise<MqttInput> {
  const address = brokerAddress(o.url);
  if (o.tls && address.protocol !== 'mqtts') throw new RangeError(`MQTT broker URL ${JSON.stringify(o.url)} is not mqtts:// but a TLS certificate is configured`);
  if (o.clientId === '') throw new RangeError('An MQTT input needs a fixed client id: the broker keeps its session under it');
  const broker = address.label;
  const topics = o.topics ?? DEFAULT_MQTT_TOPICS;
  const clock = o.clock ?? Date.now;
  const busyRetryMs = o.busyRetryMs ?? 50;
  const bounds: BackoffBounds = { minMs: o.reconnect?.minMs ?? 500, maxMs: o.reconnect?.maxMs ?? 30_000 };
  const eventCtx: MqttEventContext = {
    sourceId: `mqtt:${o.clientId}@${broker}`,
    observer: o.self,
    ...(o.site !== undefined ? { site: o.site } : {}),
    timeZone: o.timeZone,
    maxOriginalBytes: o.maxOriginalBytes,
    maxPayloadBytes: o.maxPayloadBytes,
    ...(o.redact ? { redact: o.redact } : {}),
  };
  const counters: MqttInputCounters = { messages: 0, shipped: 0, oversized: 0, parseFailures: 0, reconnects: 0, busyRetries: 0, shipErrors: 0, unacknowledged: 0, droppedQos0: 0 };
  let sequence = 0;
  // Bumped when a connection closes: a delivery remembers the one its message came on.
  let connection = 0;
  let closing = false;
  let ready = false;
  let attempt = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let lastError: unknown;
  const active = new Set<Promise<boolean>>();
  const sleepers = new Set<() => void>();

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  // True when the message may be acknowledged: its event is durable and it came on the
  // connection still up. A QoS 1 message whose connection is gone is never acknowledged on
  // another (the broker sends it again there, under the same packet id) and, if not shipped
  // yet, is given up, since shipping this copy as well would only make a duplicate.
  const deliver = async (topic: string, payload: Buffer, redeliverable: boolean, generation: number): Promise<boolean> => {
    counters.messages += 1;
    const { event, outcome } = mqttMessageEvent({ topic, payload, receivedAt: clock(), sequence: sequence++ }, eventCtx);
    if (outcome === 'oversized') counters.oversized += 1;
    if (outcome === 'unparsed') counters.parseFailures += 1;
    const connectionLost = (): boolean => redeliverable && generation !== connection;
    const shipped = await shipUntilDurable([event], {
      shipper: o.shipper,
      busyRetryMs,
      errorBackoff: bounds,
      pause,
      givenUp: () => closing || connectionLost(),
      onBusy: () => {
        counters.busyRetries += 1;
      },
      onShipError: (err) => {
        counters.shipErrors += 1;
        o.onError?.(err);
      },
    });
    if (shipped) counters.shipped += 1;
    return shipped && !connectionLost();
  };

  const onPublish = (topic: string, payload: Buffer | string, qos: number, settled: (acknowledge: boolean) => void): void => {
    const delivery = deliver(topic, typeof payload === 'string' ? Buffer.from(payload) : payload, qos > 0, connection).catch((err: unknown) => {
      o.onError?.(err);
      return false;
    });
    active.add(delivery);
    void delivery.then((acknowledge) => {
      active.delete(delivery);
      settled(acknowledge);
    });
  };

  // The certificate is read again before every connection: mqtt.js builds each TLS stream
  // from this very object, so a renewed certificate takes effect on the next reconnection.
  const tlsOptions = (): Partial<MqttTls> & { rejectUnauthorized?: true } => {
    const tls = typeof o.tls === 'function' ? o.tls() : o.tls;
    return tls ? { cert: tls.cert, key: tls.key, ca: tls.ca, rejectUnauthorized: true } : {};
  };
  const connectOptions: IClientOptions = {
    protocol: address.protocol,
    host: address.host,
    port: address.port,
    clientId: o.clientId,
    // customHandleAcks and the session expiry interval are MQTT 5.
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: o.sessionExpirySeconds ?? 0xffffffff, receiveMaximum: o.receiveMaximum ?? 16 },
    keepalive: o.keepaliveSeconds ?? 60,
    // Reconnection is ours (backoff); subscribing again too, on every connection.
    reconnectPeriod: 0,
    resubscribe: false,
    manualConnect: true,
    ...tlsOptions(),
    customHandleAcks: (topic: string, message: Buffer, packet: IPublishPacket, callback: (error: Error | number, code?: number) => void) => {
      onPublish(topic, message, packet.qos, (acknowledge) => {
        if (acknowledge) {
          callback(0);
        } else {
          counters.unacknowledged += 1;
          callback(new DeliveryWithheld());
        }
      });
    },
  };
  const client = connect(connectOptions);
  // QoS 0 messages (published at QoS 0, so delivered at QoS 0) never reach customHandleAcks;
  // handleMessage is where mqtt.js lets them hold the connection the same way.
  client.handleMessage = (packet, callback) => {
    if (packet.qos > 0) {
      callback();
      return;
    }
    onPublish(packet.topic, packet.payload, 0, (acknowledge) => {
      if (!acknowledge) counters.droppedQos0 += 1;
      callback();
    });
  };

  let startWaiter: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  const started = new Promise<void>((resolve, reject) => {
    startWaiter = { resolve, reject };
  });
  // Runs while there is no connection: once connected, the SUBACK may come late (behind queued
  // messages waiting for a saturated shipper) without anything being wrong.
  const startTimeoutMs = o.startTimeoutMs ?? 30_000;
  let startTimer: NodeJS.Timeout | undefined;
  const armStartTimer = (): void => {
    clearTimeout(startTimer);
    startTimer = setTimeout(
      () => failStart(new MqttInputError('HALONG_MQTT_START_TIMEOUT', `No MQTT connection to ${broker} within ${startTimeoutMs} ms.`, { cause: lastError })),
      startTimeoutMs,
    );
  };
  armStartTimer();

  let closed: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    closed ??= (async () => {
      closing = true;
      clearTimeout(reconnectTimer);
      clearTimeout(startTimer);
      for (const wake of [...sleepers]) wake();
      // The delivery being shipped finishes and is acknowledged; those after it are withheld.
      while (active.size > 0) await Promise.all([...active]);
      await new Promise<void>((resolve) => client.end(!client.connected, () => resolve()));
    })();
    return closed;
  };

  function failStart(err: MqttInputError): void {
    const waiter = startWaiter;
    if (!waiter) return;
    startWaiter = undefined;
    void shutdown().then(() => waiter.reject(err));
  }

  const subscribe = (): void => {
    const request: Record<string, IClientSubscribeOptions> = {};
    // rh 1: retained messages only for a subscription the session did not already hold, so a
    // restart does not replay every retained state as new events.
    for (const topic of topics) request[topic] = { qos: 1, rh: 1 };
    client.subscribe(request, (err, granted?: ISubscriptionGrant[]) => {
      if (err && !(err instanceof ErrorWithSubackPacket)) {
        // Lost with its connection: the next connection subscribes again.
        lastError = err;
        return;
      }
      const refused = (granted ?? []).filter((g) => g.qos !== 1).map((g) => `${g.topic} (${g.qos})`);
      if (refused.length === 0 && !err) {
        ready = true;
        clearTimeout(startTimer);
        const waiter = startWaiter;
        startWaiter = undefined;
        waiter?.resolve();
        return;
      }
      const failure = new MqttInputError('HALONG_MQTT_SUBSCRIBE', `${broker} refused or downgraded the subscription to ${refused.join(', ') || topics.join(', ')}.`, { cause: err });
      if (ready) o.onError?.(failure);
      else failStart(failure);
    });
  };

  let up = false;
  client.on('connect', () => {
    up = true;
    attempt = 0;
    if (!ready) clearTimeout(startTimer);
    subscribe();
  });
  client.on('close', () => {
    connection += 1;
    if (closing) return;
    if (up) {
      if (!ready) armStartTimer();
      o.onError?.(new Error(`Lost the MQTT connection to ${broker}; reconnecting.`));
    }
    up = false;
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (closing) return;
      counters.reconnects += 1;
      Object.assign(connectOptions, tlsOptions());
      client.reconnect();
    }, backoffDelay(attempt++, bounds));
  });
  client.on('disconnect', (packet) => {
    // 0x8E: another client took the session over, the sign of a client id used twice.
    o.onError?.(new Error(`${broker} disconnected the MQTT input (reason code ${packet.reasonCode ?? 0})`));
  });
  client.on('error', (err) => {
    if (err instanceof DeliveryWithheld) return;
    lastError = err;
    if (!ready && isRefusal(err)) {
      failStart(new MqttInputError('HALONG_MQTT_REFUSED', `${broker}: ${err.message}`, { cause: err }));
      return;
    }
    o.onError?.(err);
  });

  client.connect();
  await started;
  return {
    stats: () => ({ ...counters, connected: client.connected }),
    close: shutdown,
  };
}
