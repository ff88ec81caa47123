// The MQTT input against a real Mosquitto (TLS, client certificates required) with the real
// mosquitto_pub as the devices: ECS fields, order, backpressure, the persistent session, the
// PUBACK held until the event is durable, certificate refusal, oversized payloads, reconnection.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EcsEvent } from '@halong/core';
import { MQTT_OVERSIZED_TAG, MqttInputError, startMqttInput } from '../../../src/inputs/mqtt';
import type { MqttInput, MqttInputOptions } from '../../../src/inputs/mqtt';
import { ORIGINAL_TRUNCATED_TAG, PARSE_FAILURE_TAG } from '../../../src/parse/envelope';
import { ShipperError } from '../../../src/pipeline/errors';
import { encodePayload } from '../../parsers/iot/support/sparkplug-encoder';
import { removeTestBroker, startTestBroker } from './support/mosquitto';
import type { TestBroker } from './support/mosquitto';

jest.setTimeout(20_000);

const TASMOTA = '{"Time":"2026-11-24T09:00:00","AM2301":{"Temperature":31.2,"Humidity":80}}';
const SELF = { id: 'spiffe://halong.local/collector/lab/col-1', name: 'col-1', type: 'collector' };

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await removeTestBroker(broker);
});

const inputs: MqttInput[] = [];
afterEach(async () => {
  await Promise.all(inputs.splice(0).map((i) => i.close()));
});

/** A shipper that keeps what it is given, refuses while `refusing` says so. */
function fakeShipper(refusing: () => ShipperError | undefined = () => undefined) {
  const shipped: EcsEvent[] = [];
  const shipper = {
    busy: () => false,
    ship: async (events: readonly EcsEvent[]) => {
      const refusal = refusing();
      if (refusal) throw refusal;
      shipped.push(...events);
    },
  };
  return { shipped, shipper };
}

async function start(clientId: string, shipper: MqttInputOptions['shipper'], over: Partial<MqttInputOptions> = {}): Promise<MqttInput> {
  const input = await startMqttInput({
    url: broker.url,
    clientId,
    tls: { cert: broker.pem('collector.crt'), key: broker.pem('collector.key'), ca: broker.pem('ca.crt') },
    shipper,
    self: SELF,
    site: 'lab',
    timeZone: 'Asia/Ho_Chi_Minh',
    maxOriginalBytes: 4096,
    maxPayloadBytes: 65_536,
    busyRetryMs: 10,
    reconnect: { minMs: 50, maxMs: 400 },
    startTimeoutMs: 5000,
    ...over,
  });
  inputs.push(input);
  return input;
}

async function until(cond: () => boolean, what: string, ms = 8000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}\n${broker.log().slice(-3000)}`);
}

async function publish(topic: string, payload: { message: string } | { file: string }, qos: 0 | 1 = 1): Promise<void> {
  const { code, stderr } = await broker.publish(topic, payload, { qos });
  if (code !== 0) throw new Error(`mosquitto_pub exited with ${code}: ${stderr}`);
}

describe('startMqttInput', () => {
  it('ships Tasmota, Zigbee2MQTT and Sparkplug B messages in order, with their ECS fields', async () => {
    const { shipped, shipper } = fakeShipper();
    const input = await start('col-fields', shipper);
    const sparkplug = encodePayload({ timestamp: Date.now(), seq: 7, metrics: [{ name: 'Pressure', datatype: 10, doubleValue: 3.25 }] });
    const sparkplugFile = join(broker.dir, 'ddata.bin');
    writeFileSync(sparkplugFile, sparkplug);

    await publish('tele/sensor-1/SENSOR', { message: TASMOTA });
    await publish('zigbee2mqtt/door-1', { message: '{"contact":false,"battery":97,"linkquality":120}' });
    await publish('spBv1.0/plant/DDATA/edge1/pump-7', { file: sparkplugFile });
    await until(() => shipped.length === 3, 'three events');

    const [tasmota, zigbee, spb] = shipped as [EcsEvent, EcsEvent, EcsEvent];
    expect(tasmota).toMatchObject({
      '@timestamp': '2026-11-24T02:00:00.000Z',
      event: { module: 'iot', dataset: 'iot.tasmota', kind: 'metric', action: 'telemetry', original: TASMOTA },
      host: { name: 'sensor-1' },
      iot: { topic: 'tele/sensor-1/SENSOR', tasmota: { payload: { AM2301: { Temperature: 31.2, Humidity: 80 } } } },
      observer: SELF,
      labels: { site: 'lab' },
    });
    expect(tasmota.event.id).toMatch(/^[0-9a-f]{32}$/);
    expect(zigbee).toMatchObject({
      event: { dataset: 'iot.zigbee2mqtt', action: 'state', original: '{"contact":false,"battery":97,"linkquality":120}' },
      device: { id: 'door-1' },
      iot: { topic: 'zigbee2mqtt/door-1', zigbee2mqtt: { payload: { contact: false } } },
      observer: SELF,
    });
    expect(spb).toMatchObject({
      event: { dataset: 'iot.sparkplug', action: 'telemetry', kind: 'metric', original: `base64:${sparkplug.toString('base64')}` },
      host: { name: 'edge1' },
      device: { id: 'pump-7' },
      iot: { topic: 'spBv1.0/plant/DDATA/edge1/pump-7', sparkplug: { seq: 7, metrics: [{ name: 'Pressure', double_value: 3.25 }] } },
      labels: { site: 'lab' },
    });
    expect(new Set(shipped.map((e) => e.event.id)).size).toBe(3);
    expect(input.stats()).toMatchObject({ messages: 3, shipped: 3, parseFailures: 0, oversized: 0, connected: true });
  });

  it('holds messages while the shipper is saturated and ships them, in order, once it accepts', async () => {
    let refusing = true;
    const { shipped, shipper } = fakeShipper(() => (refusing ? new ShipperError('HALONG_SHIPPER_BUSY') : undefined));
    const input = await start('col-busy', shipper);

    await publish('tele/sensor-2/SENSOR', { message: '{"Time":"2026-11-24T09:00:01","ANALOG":{"A0":1}}' });
    await publish('tele/sensor-2/SENSOR', { message: '{"Time":"2026-11-24T09:00:02","ANALOG":{"A0":2}}' });
    await until(() => input.stats().busyRetries >= 5, 'the shipper to refuse a few times');
    expect(shipped).toEqual([]);

    refusing = false;
    await until(() => shipped.length === 2, 'both events');
    expect(shipped.map((e) => (e.iot as { tasmota: { payload: { ANALOG: { A0: number } } } }).tasmota.payload.ANALOG.A0)).toEqual([1, 2]);
    expect(input.stats()).toMatchObject({ messages: 2, shipped: 2, unacknowledged: 0 });
  });

  it('ships QoS 0 messages too, through the same ordered path', async () => {
    const { shipped, shipper } = fakeShipper();
    const input = await start('col-qos0', shipper);
    await publish('stat/plug-9/POWER', { message: 'OFF' }, 0);
    await publish('stat/plug-9/POWER', { message: 'ON' }, 1);
    await until(() => shipped.length === 2, 'both events');
    expect(shipped.map((e) => e.event.original)).toEqual(['OFF', 'ON']);
    expect(input.stats()).toMatchObject({ messages: 2, shipped: 2, droppedQos0: 0 });
  });

  it('gives up a message whose connection dropped while it waited, and ships the copy the broker sends again once', async () => {
    // Keepalive 1 s: a connection held longer than 1.5 s by a saturated shipper is dropped.
    let refusing = true;
    const { shipped, shipper } = fakeShipper(() => (refusing ? new ShipperError('HALONG_SHIPPER_BUSY') : undefined));
    const input = await start('col-held', shipper, { keepaliveSeconds: 1 });
    await publish('tele/sensor-5/SENSOR', { message: '{"Time":"2026-11-24T09:00:00","ANALOG":{"A0":5}}' });
    await until(() => input.stats().unacknowledged === 1 && input.stats().messages === 2, 'the copy sent on the next connection');
    refusing = false;
    await until(() => shipped.length === 1, 'the event');
    await new Promise((r) => setTimeout(r, 200));
    expect(shipped.length).toBe(1);
    expect(input.stats()).toMatchObject({ shipped: 1, unacknowledged: 1 });
    expect(input.stats().reconnects).toBeGreaterThanOrEqual(1);
  });

  it('acknowledges nothing it could not make durable: the broker delivers it again to the next session', async () => {
    const stopped = fakeShipper(() => new ShipperError('HALONG_SHIPPER_STOPPED'));
    const first = await start('col-withheld', stopped.shipper);
    await publish('stat/plug-1/POWER', { message: 'ON' });
    await until(() => first.stats().unacknowledged === 1, 'the PUBACK to be withheld');
    await first.close();

    const { shipped, shipper } = fakeShipper();
    const second = await start('col-withheld', shipper);
    await until(() => shipped.length === 1, 'the redelivered message');
    expect(shipped[0]).toMatchObject({ event: { dataset: 'iot.tasmota', original: 'ON' }, iot: { topic: 'stat/plug-1/POWER' } });
    expect(stopped.shipped).toEqual([]);
    expect(second.stats()).toMatchObject({ messages: 1, shipped: 1 });
  });

  it('keeps its session: QoS 1 messages published while it was down arrive, in order, after a restart', async () => {
    const first = await start('col-session', fakeShipper().shipper);
    await first.close();

    await publish('tele/sensor-3/LWT', { message: 'Offline' });
    await publish('tele/sensor-3/LWT', { message: 'Online' });
    await publish('zigbee2mqtt/door-3', { message: '{"contact":true}' });

    const { shipped, shipper } = fakeShipper();
    await start('col-session', shipper);
    await until(() => shipped.length === 3, 'the three messages held by the broker');
    expect(shipped.map((e) => e.event.original)).toEqual(['Offline', 'Online', '{"contact":true}']);
    expect(shipped[1]).toMatchObject({ event: { action: 'availability', type: ['start'] }, host: { name: 'sensor-3' } });
  });

  it('is refused with a certificate from another CA, and refuses a broker its CA did not sign', async () => {
    // The devices' side: mosquitto_pub with the rogue CA's certificate fails the TLS handshake.
    const rogue = await broker.publish('tele/evil/SENSOR', { message: '{"Time":"2026-11-24T09:00:00"}' }, { cert: 'rogue' });
    expect(rogue.code).not.toBe(0);
    expect((await broker.publish('tele/good/SENSOR', { message: '{"Time":"2026-11-24T09:00:00"}' })).code).toBe(0);

    const shipper = fakeShipper().shipper;
    const refused = (tls: MqttInputOptions['tls']) => start('col-rogue', shipper, { tls }).then(
      () => undefined,
      (err: unknown) => err,
    );
    const asRogue = await refused({ cert: broker.pem('rogue.crt'), key: broker.pem('rogue.key'), ca: broker.pem('ca.crt') });
    expect(asRogue).toBeInstanceOf(MqttInputError);
    expect(asRogue).toMatchObject({ code: 'HALONG_MQTT_REFUSED' });
    const wrongCa = await refused({ cert: broker.pem('collector.crt'), key: broker.pem('collector.key'), ca: broker.pem('rogue-ca.crt') });
    expect(wrongCa).toMatchObject({ code: 'HALONG_MQTT_REFUSED' });
  });

  it('keeps a 2 MB payload as an unparsed, tagged event with the head of its text', async () => {
    const { shipped, shipper } = fakeShipper();
    const input = await start('col-oversized', shipper);
    const big = join(broker.dir, 'big.json');
    const text = `{"Time":"2026-11-24T09:00:00","blob":"${'x'.repeat(2 * 1024 * 1024)}"}`;
    writeFileSync(big, text);

    await publish('tele/camera-1/SENSOR', { file: big });
    await until(() => shipped.length === 1, 'the oversized event');
    const [event] = shipped as [EcsEvent];
    expect(event).toMatchObject({
      event: { kind: 'pipeline_error', dataset: 'halong.unparsed' },
      error: { code: 'HALONG_PARSE_TOO_LARGE' },
      iot: { topic: 'tele/camera-1/SENSOR' },
      observer: SELF,
      labels: { site: 'lab' },
    });
    expect(event.tags).toEqual(expect.arrayContaining([PARSE_FAILURE_TAG, MQTT_OVERSIZED_TAG, ORIGINAL_TRUNCATED_TAG]));
    expect(String((event.error as { message: string }).message)).toContain(`${Buffer.byteLength(text)} bytes`);
    expect(Buffer.byteLength(event.event.original!)).toBeLessThanOrEqual(4096);
    expect(event.event.original!.startsWith('{"Time":"2026-11-24T09:00:00","blob":"xxx')).toBe(true);
    expect(input.stats()).toMatchObject({ messages: 1, shipped: 1, oversized: 1, parseFailures: 0 });
  });

  // Last: the broker restarts, with its sessions (kept in memory only here).
  it('reconnects after the broker restarts with the certificate current then, subscribes again and goes on shipping', async () => {
    const errors: unknown[] = [];
    const { shipped, shipper } = fakeShipper();
    // A renewed certificate (here: another leaf of the same CA) is asked for before each connection.
    let renewed = false;
    const tls = () => {
      const leaf = renewed ? 'publisher' : 'collector';
      return { cert: broker.pem(`${leaf}.crt`), key: broker.pem(`${leaf}.key`), ca: broker.pem('ca.crt') };
    };
    const input = await start('col-reconnect', shipper, { tls, onError: (e) => errors.push(e) });
    expect(broker.log()).toMatch(/as col-reconnect \(.*u'collector'\)/);

    renewed = true;
    await broker.restart();
    await until(() => input.stats().reconnects >= 1 && input.stats().connected, 'the reconnection');
    expect(broker.log().split('--- restart ---')[1]).toMatch(/as col-reconnect \(.*u'publisher'\)/);
    // Connected is not yet subscribed: publish until the new subscription takes the message.
    for (let i = 0; shipped.length === 0; i += 1) {
      if (i === 50) throw new Error('no message after the reconnection');
      await publish('tele/sensor-4/STATE', { message: `{"Time":"2026-11-24T09:00:00","Seq":${i}}` });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(shipped[0]).toMatchObject({ event: { dataset: 'iot.tasmota', action: 'state' }, host: { name: 'sensor-4' } });
    expect(errors.length).toBeGreaterThan(0);
  });
});
