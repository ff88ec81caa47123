import { isTasmotaTopic, readTasmota } from '../../../src/parsers/iot/tasmota';

const AT = Date.UTC(2024, 4, 1);
const ZONE = 'Asia/Ho_Chi_Minh';
const read = (topic: string, payload: string) => readTasmota(topic.split('/'), Buffer.from(payload), ZONE, AT);

describe('isTasmotaTopic', () => {
  it('knows the default FullTopic layout only', () => {
    expect(isTasmotaTopic('tele/tasmota_1A2B3C/SENSOR'.split('/'))).toBe(true);
    expect(isTasmotaTopic('cmnd/home/plug/POWER'.split('/'))).toBe(true);
    expect(isTasmotaTopic('tasmota/sonoff-mylight/cmnd/Power1'.split('/'))).toBe(false);
    expect(isTasmotaTopic('tele/tasmota'.split('/'))).toBe(false);
    expect(isTasmotaTopic('tele//SENSOR'.split('/'))).toBe(false);
  });
});

describe('readTasmota', () => {
  it('reads SENSOR as telemetry, its local Time in the source zone', () => {
    const r = read('tele/tasmota/SENSOR', '{"Time":"2023-05-28T20:04:27","SCD40":{"CarbonDioxide":618},"TempUnit":"C"}');
    expect(r).toEqual({
      ok: true,
      reading: {
        convention: 'tasmota',
        action: 'telemetry',
        kind: 'metric',
        category: ['host'],
        type: ['info'],
        deviceId: 'tasmota',
        hostName: 'tasmota',
        time: Date.UTC(2023, 4, 28, 13, 4, 27),
        details: { prefix: 'tele', device: 'tasmota', subtopic: 'SENSOR', payload: { Time: '2023-05-28T20:04:27', SCD40: { CarbonDioxide: 618 }, TempUnit: 'C' } },
      },
    });
  });

  it('prefers Epoch (UTC seconds) to Time, and ignores the 1970 of an unsynced clock', () => {
    expect(read('tele/tasmota/SENSOR', '{"Time":"2019-09-04T13:08:48","Epoch":1567595328,"ANALOG":{"A0":8}}')).toMatchObject({ reading: { time: 1567595328000 } });
    const unsynced = read('tele/tasmota/STATE', '{"Time":"1970-01-01T00:00:12","Uptime":"0T00:00:12"}');
    expect(unsynced.ok && unsynced.reading.time).toBeUndefined();
  });

  it('reads LWT as availability', () => {
    expect(read('tele/tasmota/LWT', 'Online')).toMatchObject({ reading: { action: 'availability', type: ['start'], details: { online: true, value: 'Online' } } });
    expect(read('tele/tasmota/LWT', 'Offline')).toMatchObject({ reading: { action: 'availability', type: ['end'], details: { online: false } } });
    const custom = read('tele/tasmota/LWT', 'Gone');
    expect(custom).toMatchObject({ reading: { action: 'availability', type: ['info'], details: { value: 'Gone' } } });
    expect(custom.ok && 'online' in custom.reading.details).toBe(false);
  });

  it('reads commands (an empty one is a query) and results', () => {
    expect(read('cmnd/sonoff-mylight/Power1', 'TOGGLE')).toMatchObject({ reading: { action: 'command', type: ['change'], details: { subtopic: 'Power1', value: 'TOGGLE' } } });
    const query = read('cmnd/sonoff-mylight/Power1', '');
    expect(query).toMatchObject({ reading: { action: 'command' } });
    expect(query.ok && 'value' in query.reading.details).toBe(false);
    expect(read('cmnd/tasmota/Backlog', '{not json; Power 1')).toMatchObject({ reading: { details: { value: '{not json; Power 1' } } });
    expect(read('stat/sonoff-mylight/RESULT', '{"POWER1":"ON"}')).toMatchObject({ reading: { action: 'state', kind: 'state', details: { payload: { POWER1: 'ON' } } } });
    expect(read('stat/sonoff-mylight/POWER1', 'ON')).toMatchObject({ reading: { action: 'state', details: { value: 'ON' } } });
  });

  it('names the device by every level between prefix and subtopic', () => {
    expect(read('tele/home/kitchen-plug/STATE', '{"POWER":"ON"}')).toMatchObject({ reading: { deviceId: 'home/kitchen-plug' } });
  });

  it('refuses SENSOR/STATE that is not a JSON object, invalid JSON, and bytes that are not text', () => {
    expect(read('tele/tasmota/SENSOR', 'hello')).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_IOT' } });
    expect(read('tele/tasmota/SENSOR', '{"Time":')).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
    expect(readTasmota(['tele', 'tasmota', 'SENSOR'], Uint8Array.from([0xc3, 0x28]), ZONE, AT)).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_IOT' } });
    expect(read('stat/tasmota/RESULT', '   ')).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_EMPTY' } });
  });
});
