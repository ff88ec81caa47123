import { isZigbee2mqttTopic, readZigbee2mqtt } from '../../../src/parsers/iot/zigbee2mqtt';

const AT = Date.UTC(2024, 4, 1);
const read = (topic: string, payload: string) => readZigbee2mqtt(topic.split('/'), Buffer.from(payload), 'Asia/Ho_Chi_Minh', AT);

describe('isZigbee2mqttTopic', () => {
  it('knows the default base topic', () => {
    expect(isZigbee2mqttTopic(['zigbee2mqtt', '0x00158d000252acd4'])).toBe(true);
    expect(isZigbee2mqttTopic(['zigbee2mqtt'])).toBe(false);
    expect(isZigbee2mqttTopic(['z2m', 'lamp'])).toBe(false);
  });
});

describe('readZigbee2mqtt', () => {
  it('reads a device state, named by its friendly name, timed by last_seen', () => {
    expect(read('zigbee2mqtt/Back Deck Door', '{"battery":100,"contact":false,"linkquality":87,"voltage":2900}')).toEqual({
      ok: true,
      reading: {
        convention: 'zigbee2mqtt',
        action: 'state',
        kind: 'state',
        category: ['host'],
        type: ['info'],
        deviceId: 'Back Deck Door',
        hostName: 'Back Deck Door',
        details: { friendly_name: 'Back Deck Door', payload: { battery: 100, contact: false, linkquality: 87, voltage: 2900 } },
      },
    });
    expect(read('zigbee2mqtt/sensor', '{"occupancy":true,"last_seen":"2024-04-30T23:59:00+07:00"}')).toMatchObject({ reading: { time: Date.UTC(2024, 3, 30, 16, 59) } });
    expect(read('zigbee2mqtt/sensor', '{"occupancy":true,"last_seen":1714521540000}')).toMatchObject({ reading: { time: 1714521540000 } });
  });

  it('reads set/get as commands and availability in both payload styles, friendly names with slashes', () => {
    expect(read('zigbee2mqtt/living_room/lamp/set', '{"state":"ON","brightness":255}')).toMatchObject({
      reading: { action: 'command', deviceId: 'living_room/lamp', details: { friendly_name: 'living_room/lamp', subtopic: 'set' } },
    });
    expect(read('zigbee2mqtt/living_room/lamp/get', '{"state":""}')).toMatchObject({ reading: { action: 'command', details: { subtopic: 'get' } } });
    expect(read('zigbee2mqtt/living_room/lamp/availability', '{"state":"offline"}')).toMatchObject({ reading: { action: 'availability', type: ['end'], details: { online: false } } });
    expect(read('zigbee2mqtt/living_room/lamp/availability', 'online')).toMatchObject({ reading: { action: 'availability', type: ['start'], details: { online: true } } });
  });

  it('reads bridge events by their type, naming the device that joined', () => {
    expect(read('zigbee2mqtt/bridge/event', '{"data":{"friendly_name":"0xbc33acfffe35ac11","ieee_address":"0xbc33acfffe35ac11"},"type":"device_joined"}')).toMatchObject({
      ok: true,
      reading: { action: 'device_joined', kind: 'event', deviceId: '0xbc33acfffe35ac11', details: { bridge: true, subtopic: 'event' } },
    });
    expect(read('zigbee2mqtt/bridge/log', '{"message":"interview_started","meta":{"friendly_name":"0x680ae2fffe0a305f"},"type":"pairing"}')).toMatchObject({
      reading: { action: 'pairing', deviceId: '0x680ae2fffe0a305f', message: 'interview_started' },
    });
    expect(read('zigbee2mqtt/bridge/event', '{"data":{}}')).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_IOT' } });
  });

  it('reads bridge state, logging, requests and inventories', () => {
    expect(read('zigbee2mqtt/bridge/state', '{"state":"online"}')).toMatchObject({ reading: { action: 'availability', details: { online: true } } });
    expect(read('zigbee2mqtt/bridge/state', 'offline')).toMatchObject({ reading: { action: 'availability', details: { online: false } } });
    expect(read('zigbee2mqtt/bridge/logging', '{"level":"warning","message":"Device is not responding"}')).toMatchObject({
      reading: { action: 'log', logLevel: 'warning', message: 'Device is not responding' },
    });
    expect(read('zigbee2mqtt/bridge/request/permit_join', '{"value":true,"time":254}')).toMatchObject({ reading: { action: 'command', category: ['configuration'] } });
    const devices = read('zigbee2mqtt/bridge/devices', '[{"ieee_address":"0x00158d000252acd4","type":"EndDevice"}]');
    expect(devices).toMatchObject({ reading: { action: 'state', details: { payload: [{ ieee_address: '0x00158d000252acd4' }] } } });
  });

  it('refuses a device state that is not a JSON object', () => {
    expect(read('zigbee2mqtt/lamp', 'ON')).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_IOT' } });
    expect(read('zigbee2mqtt/lamp', '{"state":')).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
  });
});
