import type { EcsEvent } from '@halong/core';
import { MQTT_OVERSIZED_TAG, isSparkplugBinaryTopic, mqttMessageEvent } from '../../../src/inputs/mqtt';
import type { MqttEventContext } from '../../../src/inputs/mqtt';
import { ORIGINAL_TRUNCATED_TAG, PARSE_FAILURE_TAG } from '../../../src/parse/envelope';
import { IOT_MAX_PAYLOAD_BYTES } from '../../../src/parsers/iot';
import { encodePayload } from '../../parsers/iot/support/sparkplug-encoder';

const T = Date.parse('2026-11-24T02:00:05.000Z');
const ctx: MqttEventContext = {
  sourceId: 'mqtt:col-1@broker.lab:8883',
  observer: { id: 'spiffe://halong.local/collector/lab/col-1' },
  site: 'lab',
  timeZone: 'Asia/Ho_Chi_Minh',
  maxOriginalBytes: 64,
  maxPayloadBytes: 256,
};
const make = (topic: string, payload: Buffer | string, over: { receivedAt?: number; sequence?: number; ctx?: Partial<MqttEventContext> } = {}) =>
  mqttMessageEvent(
    { topic, payload: typeof payload === 'string' ? Buffer.from(payload) : payload, receivedAt: over.receivedAt ?? T, sequence: over.sequence ?? 0 },
    { ...ctx, ...over.ctx },
  );

describe('mqttMessageEvent', () => {
  it('parses by the topic and envelopes: original text, observer, site, ingested', () => {
    const { event, outcome } = make('stat/plug-1/RESULT', '{"POWER":"ON"}');
    expect(outcome).toBe('parsed');
    expect(event).toMatchObject({
      event: { module: 'iot', dataset: 'iot.tasmota', original: '{"POWER":"ON"}', ingested: '2026-11-24T02:00:05.000Z' },
      iot: { topic: 'stat/plug-1/RESULT' },
      observer: ctx.observer,
      labels: { site: 'lab' },
    });
  });

  it('names a message by the receive time and the counter: the same inputs give the same id, another instant or count another', () => {
    const id = (receivedAt: number, sequence: number) => make('stat/plug-1/POWER', 'ON', { receivedAt, sequence }).event.event.id;
    expect(id(T, 1)).toBe(id(T, 1));
    expect(id(T, 1)).not.toBe(id(T, 2));
    expect(id(T, 1)).not.toBe(id(T + 1, 1));
    expect(make('stat/plug-2/POWER', 'ON', { sequence: 1 }).event.event.id).not.toBe(id(T, 1));
  });

  it('names a Sparkplug B message by its node, timestamp, seq and bytes, whenever it arrives', () => {
    const topic = 'spBv1.0/plant/DDATA/edge1/pump-7';
    const payload = encodePayload({ timestamp: T - 1000, seq: 42, metrics: [{ name: 'Pressure', datatype: 10, doubleValue: 3.25 }] });
    const first = make(topic, payload, { receivedAt: T, sequence: 3 }).event;
    const again = make(topic, payload, { receivedAt: T + 60_000, sequence: 900 }).event;
    expect(first.event.original).toBe(`base64:${payload.toString('base64')}`);
    expect(again.event.id).toBe(first.event.id);
    expect(again.event.ingested).not.toBe(first.event.ingested);
    const next = encodePayload({ timestamp: T - 1000, seq: 43, metrics: [{ name: 'Pressure', datatype: 10, doubleValue: 3.25 }] });
    expect(make(topic, next).event.event.id).not.toBe(first.event.id);
    expect(make('spBv1.0/plant/DDATA/edge2/pump-7', payload).event.event.id).not.toBe(first.event.id);
    // Without seq nothing tells two equal payloads apart: the receive-time id stands.
    const noSeq = encodePayload({ timestamp: T - 1000, metrics: [] });
    expect(make(topic, noSeq, { receivedAt: T }).event.event.id).not.toBe(make(topic, noSeq, { receivedAt: T + 1 }).event.event.id);
  });

  it('keeps bytes that are not UTF-8, and text that looks like the base64 prefix, as base64', () => {
    expect(make('devices/x/raw', Buffer.from([0xff, 0xfe, 0x00])).event.event.original).toBe('base64://4A');
    expect(make('devices/x/raw', 'base64:abc').event.event.original).toBe(`base64:${Buffer.from('base64:abc').toString('base64')}`);
    expect(make('spBv1.0/STATE/scada-1', '{"online":true,"timestamp":1668114759262}').event.event.original).toBe('{"online":true,"timestamp":1668114759262}');
  });

  it('keeps what does not parse, unparsed, with the topic and the reason', () => {
    const { event, outcome } = make('tele/sensor-1/SENSOR', 'not json');
    expect(outcome).toBe('unparsed');
    expect(event).toMatchObject({
      event: { kind: 'pipeline_error', dataset: 'halong.unparsed', original: 'not json' },
      error: { code: 'HALONG_PARSE_IOT' },
      iot: { topic: 'tele/sensor-1/SENSOR' },
      tags: [PARSE_FAILURE_TAG],
      labels: { site: 'lab' },
    });
  });

  it('keeps an oversized payload unparsed and tagged, with its head cut on a character boundary', () => {
    const text = `{"Time":"2026-11-24T09:00:00","note":"${'ạ'.repeat(200)}"}`;
    const { event, outcome } = make('tele/cam-1/SENSOR', text);
    expect(outcome).toBe('oversized');
    expect(event).toMatchObject({ error: { code: 'HALONG_PARSE_TOO_LARGE' }, iot: { topic: 'tele/cam-1/SENSOR' } });
    expect(event.tags).toEqual([PARSE_FAILURE_TAG, ORIGINAL_TRUNCATED_TAG, MQTT_OVERSIZED_TAG]);
    expect(event.event.original!.startsWith('{"Time":"2026-11-24T09:00:00","note":"ạạ')).toBe(true);
    expect(Buffer.byteLength(event.event.original!)).toBeLessThanOrEqual(64);
    expect(event.event.original).not.toContain('\uFFFD');

    const binary = make('spBv1.0/plant/DDATA/edge1', Buffer.alloc(300, 0xab)).event;
    expect(binary.event.original).toMatch(/^base64:q6ur/);
    expect(binary.tags).toContain(MQTT_OVERSIZED_TAG);
  });

  it('never lets a payload past the IoT parser bound count as a parse failure', () => {
    const { outcome, event } = make('tele/cam-1/SENSOR', Buffer.alloc(IOT_MAX_PAYLOAD_BYTES + 1, 0x61), { ctx: { maxPayloadBytes: 10 * IOT_MAX_PAYLOAD_BYTES } });
    expect(outcome).toBe('oversized');
    expect(String((event.error as { message: string }).message)).toContain(`at most ${IOT_MAX_PAYLOAD_BYTES}`);
  });

  it('pseudonymises last', () => {
    const redact = (e: EcsEvent): EcsEvent => ({ ...e, event: { ...e.event, original: 'redacted' } });
    expect(make('stat/plug-1/POWER', 'ON', { ctx: { redact } }).event.event.original).toBe('redacted');
  });
});

describe('isSparkplugBinaryTopic', () => {
  it('is every Sparkplug B topic but STATE', () => {
    expect(isSparkplugBinaryTopic('spBv1.0/plant/NBIRTH/edge1')).toBe(true);
    expect(isSparkplugBinaryTopic('spBv1.0/STATE/scada-1')).toBe(false);
    expect(isSparkplugBinaryTopic('STATE/scada-1')).toBe(false);
    expect(isSparkplugBinaryTopic('tele/x/SENSOR')).toBe(false);
  });
});
