import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IOT_MAX_PAYLOAD_BYTES, IOT_MAX_TOPIC_CHARS, parseIotMessage } from '../../../src/parsers/iot';
import type { ParsedEvent, ParseOutcome, SourceContext } from '../../../src/parse/types';
import { encodePayload } from './support/sparkplug-encoder';

interface Fixture {
  source: string;
  topic: string;
  payload: string;
}

const FIXTURES = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'messages.json'), 'utf8')) as Fixture[];
const AT = Date.UTC(2024, 4, 1, 3, 0, 0);
const source = (topic: string, extra: Partial<SourceContext> = {}): SourceContext => ({ timeZone: 'Asia/Ho_Chi_Minh', receivedAt: AT, topic, ...extra });

function parsed(outcome: ParseOutcome): ParsedEvent {
  if (!outcome.ok) throw new Error(`${outcome.failure.code}: ${outcome.failure.message}`);
  return outcome.event;
}

describe('parseIotMessage', () => {
  it('parses every fixture message into the dataset of its convention', () => {
    const datasets = FIXTURES.map((f) => [f.topic, parsed(parseIotMessage(Buffer.from(f.payload), source(f.topic))).event.dataset]);
    expect(datasets).toEqual([
      ['tele/tasmota/STATE', 'iot.tasmota'],
      ['tele/tasmota/SENSOR', 'iot.tasmota'],
      ['tele/tasmota/SENSOR', 'iot.tasmota'],
      ['tele/tasmota/LWT', 'iot.tasmota'],
      ['tasmota/sonoff-mylight/cmnd/Power1', 'iot.mqtt'],
      ['cmnd/sonoff-mylight/Power1', 'iot.tasmota'],
      ['stat/sonoff-mylight/RESULT', 'iot.tasmota'],
      ['stat/sonoff-mylight/POWER1', 'iot.tasmota'],
      ['zigbee2mqtt/Back Deck Door', 'iot.zigbee2mqtt'],
      ['zigbee2mqtt/bridge/event', 'iot.zigbee2mqtt'],
      ['zigbee2mqtt/bridge/event', 'iot.zigbee2mqtt'],
      ['zigbee2mqtt/bridge/log', 'iot.zigbee2mqtt'],
      ['zigbee2mqtt/bridge/state', 'iot.zigbee2mqtt'],
      ['zigbee2mqtt/bridge/state', 'iot.zigbee2mqtt'],
      ['zigbee2mqtt/bridge/logging', 'iot.zigbee2mqtt'],
      ['zigbee2mqtt/living_room/lamp/availability', 'iot.zigbee2mqtt'],
      ['zigbee2mqtt/living_room/lamp/set', 'iot.zigbee2mqtt'],
      ['spBv1.0/STATE/scada_host_1', 'iot.sparkplug'],
      ['STATE/scada_host_1', 'iot.sparkplug'],
    ]);
  });

  it('maps a Tasmota STATE to ECS, its local Time read in the source zone', () => {
    const event = parsed(parseIotMessage(Buffer.from(FIXTURES[0]!.payload), source('tele/tasmota/STATE')));
    expect(event).toMatchObject({
      '@timestamp': '2019-10-31T04:14:59.000Z',
      event: { kind: 'state', module: 'iot', dataset: 'iot.tasmota', action: 'state' },
      device: { id: 'tasmota' },
      host: { name: 'tasmota' },
      iot: { topic: 'tele/tasmota/STATE', tasmota: { device: 'tasmota', subtopic: 'STATE', payload: { UptimeSec: 66972, Wifi: { Channel: 13 } } } },
    });
    expect(parsed(parseIotMessage(Buffer.from(FIXTURES[0]!.payload), source('tele/tasmota/STATE', { timeZone: 'UTC' })))['@timestamp']).toBe('2019-10-31T11:14:59.000Z');
    expect(event.observer).toBeUndefined();
  });

  it('maps a Zigbee2MQTT device join and a Sparkplug DDATA to ECS', () => {
    expect(parsed(parseIotMessage(Buffer.from(FIXTURES[9]!.payload), source('zigbee2mqtt/bridge/event')))).toEqual({
      '@timestamp': '2024-05-01T03:00:00.000Z',
      event: { kind: 'event', module: 'iot', dataset: 'iot.zigbee2mqtt', action: 'device_joined', category: ['host'], type: ['info'] },
      device: { id: '0xbc33acfffe35ac11' },
      iot: {
        topic: 'zigbee2mqtt/bridge/event',
        zigbee2mqtt: { bridge: true, subtopic: 'event', payload: { data: { friendly_name: '0xbc33acfffe35ac11', ieee_address: '0xbc33acfffe35ac11' }, type: 'device_joined' } },
      },
    });
    const ddata = encodePayload({ timestamp: 1714532340000, seq: 7, metrics: [{ alias: 1, timestamp: 1714532340000, datatype: 9, floatValue: 21.5 }] });
    expect(parsed(parseIotMessage(ddata, source('spBv1.0/plant/DDATA/edge1/pump-7')))).toMatchObject({
      '@timestamp': '2024-05-01T02:59:00.000Z',
      event: { kind: 'metric', dataset: 'iot.sparkplug', action: 'telemetry' },
      device: { id: 'pump-7' },
      host: { name: 'edge1' },
      iot: { sparkplug: { group_id: 'plant', seq: 7, metrics: [{ alias: 1, float_value: 21.5 }] } },
    });
  });

  it('keeps other topics as generic MQTT: JSON object as iot.payload, text as message', () => {
    expect(parsed(parseIotMessage(Buffer.from('{"pm25":12}'), source('hue/phuong-1/air')))).toEqual({
      '@timestamp': '2024-05-01T03:00:00.000Z',
      event: { kind: 'event', module: 'iot', dataset: 'iot.mqtt' },
      iot: { topic: 'hue/phuong-1/air', payload: { pm25: 12 } },
    });
    expect(parsed(parseIotMessage(Buffer.from('12'), source('hue/phuong-1/air')))).toMatchObject({ message: '12', iot: { topic: 'hue/phuong-1/air' } });
    expect(parsed(parseIotMessage(Buffer.from('something else'), source('STATE/not-sparkplug'))).event.dataset).toBe('iot.mqtt');
  });

  it('refuses JSON nested 10,000 deep with HALONG_PARSE_JSON on every convention', () => {
    const deep = Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    for (const topic of ['tele/tasmota/SENSOR', 'zigbee2mqtt/lamp', 'spBv1.0/STATE/host', 'anything/else']) {
      const outcome = parseIotMessage(deep, source(topic));
      expect([topic, outcome.ok ? 'ok' : outcome.failure.code]).toEqual([topic, 'HALONG_PARSE_JSON']);
    }
  });

  it('refuses a hostile Sparkplug payload with HALONG_PARSE_IOT', () => {
    const hostile = Buffer.concat([Buffer.from([0x12, 0x80, 0x80, 0x80, 0x80, 0x08]), Buffer.alloc(64)]);
    expect(parseIotMessage(hostile, source('spBv1.0/plant/NDATA/edge1'))).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_IOT' } });
  });

  it.each([
    ['no topic', Buffer.from('x'), { topic: undefined }, 'HALONG_PARSE_IOT'],
    ['an overlong topic', Buffer.from('x'), { topic: 'a/'.repeat(IOT_MAX_TOPIC_CHARS) }, 'HALONG_PARSE_IOT'],
    ['an oversized payload', Buffer.alloc(IOT_MAX_PAYLOAD_BYTES + 1, 0x20), {}, 'HALONG_PARSE_TOO_LARGE'],
    ['an empty payload', Buffer.alloc(0), {}, 'HALONG_PARSE_EMPTY'],
    ['an unknown time zone', Buffer.from('x'), { timeZone: 'Mars/Olympus_Mons' }, 'HALONG_PARSE_TIME'],
  ])('refuses %s', (_name, payload, extra, code) => {
    const outcome = parseIotMessage(payload, { ...source('tele/tasmota/SENSOR'), ...extra });
    expect(outcome.ok ? 'ok' : outcome.failure.code).toBe(code);
  });

  it('accepts an empty Tasmota command (a query)', () => {
    expect(parsed(parseIotMessage(Buffer.alloc(0), source('cmnd/tasmota/Power'))).event.action).toBe('command');
  });
});
