import { isLegacySparkplugStateTopic, isSparkplugTopic, readSparkplug } from '../../../src/parsers/iot/sparkplug';
import { encodePayload } from './support/sparkplug-encoder';

const AT = Date.UTC(2024, 4, 1);
const read = (topic: string, payload: Uint8Array | string) => readSparkplug(topic.split('/'), typeof payload === 'string' ? Buffer.from(payload) : payload, AT);

describe('Sparkplug topics', () => {
  it('recognises the namespace and the 2.2 STATE topic', () => {
    expect(isSparkplugTopic(['spBv1.0', 'plant', 'NDATA', 'edge1'])).toBe(true);
    expect(isSparkplugTopic(['spBv1.0', 'plant'])).toBe(false);
    expect(isLegacySparkplugStateTopic(['STATE', 'scada_host_1'])).toBe(true);
    expect(isLegacySparkplugStateTopic(['STATE', 'a', 'b'])).toBe(false);
  });
});

describe('readSparkplug', () => {
  const nbirth = encodePayload({ timestamp: 1714521000000, seq: 0, metrics: [{ name: 'bdSeq', datatype: 4, longValue: 3 }, { name: 'Node Control/Rebirth', datatype: 11, booleanValue: false }] });

  it('reads an NBIRTH: the edge node as host and device, the payload time, the metrics', () => {
    expect(read('spBv1.0/plant/NBIRTH/edge1', nbirth)).toEqual({
      ok: true,
      reading: {
        convention: 'sparkplug',
        action: 'birth',
        kind: 'event',
        category: ['host'],
        type: ['start'],
        deviceId: 'edge1',
        hostName: 'edge1',
        time: 1714521000000,
        details: {
          group_id: 'plant',
          message_type: 'NBIRTH',
          edge_node_id: 'edge1',
          timestamp: 1714521000000,
          seq: 0,
          metrics: [
            { name: 'bdSeq', datatype: 4, datatype_name: 'Int64', long_value: 3 },
            { name: 'Node Control/Rebirth', datatype: 11, datatype_name: 'Boolean', boolean_value: false },
          ],
          metrics_count: 2,
        },
      },
    });
  });

  it.each([
    ['DBIRTH', 'birth', 'event'],
    ['DDEATH', 'death', 'event'],
    ['DDATA', 'telemetry', 'metric'],
    ['DCMD', 'command', 'event'],
  ])('reads a %s of a device as %s', (type, action, kind) => {
    expect(read(`spBv1.0/plant/${type}/edge1/pump-7`, nbirth)).toMatchObject({ reading: { action, kind, deviceId: 'pump-7', hostName: 'edge1', details: { device_id: 'pump-7' } } });
  });

  it('reads host STATE in the 3.0 JSON and the 2.2 text forms', () => {
    expect(read('spBv1.0/STATE/scada_host_1', '{"online":true,"timestamp":1668114759262}')).toMatchObject({
      reading: { action: 'availability', type: ['start'], time: 1668114759262, details: { host_id: 'scada_host_1', online: true } },
    });
    expect(read('STATE/scada_host_1', 'OFFLINE')).toMatchObject({ reading: { action: 'availability', type: ['end'], details: { online: false } } });
    expect(read('spBv1.0/STATE/scada_host_1', '{"timestamp":1}')).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_IOT' } });
  });

  it.each([
    ['an unknown message type', 'spBv1.0/plant/NFOO/edge1'],
    ['a device message without a device', 'spBv1.0/plant/DDATA/edge1'],
    ['a node message with a device', 'spBv1.0/plant/NDATA/edge1/pump'],
    ['an empty edge node', 'spBv1.0/plant/NDATA/'],
    ['a STATE topic with more levels', 'spBv1.0/STATE/a/b'],
    ['a message type named like an Object property', 'spBv1.0/plant/constructor/edge1'],
  ])('refuses %s', (_name, topic) => {
    expect(read(topic, nbirth)).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_IOT' } });
  });

  it('refuses a corrupt payload with HALONG_PARSE_IOT and ignores an implausible payload time', () => {
    expect(read('spBv1.0/plant/NDATA/edge1', Uint8Array.from([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00]))).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_IOT' } });
    const r = read('spBv1.0/plant/NDATA/edge1', encodePayload({ timestamp: 5, seq: 1 }));
    expect(r.ok && r.reading.time).toBeUndefined();
  });
});
