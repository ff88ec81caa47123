import { ProtobufError } from '../../../src/parsers/iot/protobuf-reader';
import { SPARKPLUG_MAX_METRICS, decodeSparkplugPayload } from '../../../src/parsers/iot/sparkplug-payload';
import { encodeMetric, encodePayload, varint } from './support/sparkplug-encoder';

// Hand-checked bytes (see fixtures/README.md): timestamp 1691145225448, metric bdSeq = 0 (Int64).
const NDEATH_HEX = '08e889f1809c31120b0a05626453657120045800';

describe('decodeSparkplugPayload', () => {
  it('decodes the hand-checked NDEATH bytes', () => {
    expect(decodeSparkplugPayload(Buffer.from(NDEATH_HEX, 'hex'))).toEqual({
      timestamp: 1691145225448,
      metrics: [{ name: 'bdSeq', datatype: 4, datatype_name: 'Int64', long_value: 0 }],
      metrics_count: 1,
    });
  });

  it('decodes an NBIRTH with every scalar type, signed and unsigned', () => {
    const bytes = encodePayload({
      timestamp: 1486144502122,
      seq: 0,
      metrics: [
        { name: 'bdSeq', datatype: 4, longValue: 0 },
        { name: 'Node Control/Rebirth', datatype: 11, booleanValue: false },
        { name: 'Temperature', alias: 1, timestamp: 1486144502122, datatype: 9, floatValue: 21.5 },
        { name: 'Pressure', alias: 2, datatype: 10, doubleValue: 101.325 },
        { name: 'Properties/Hardware Make', datatype: 12, stringValue: 'Phú Thọ pump' },
        { name: 'Offset', datatype: 1, intValue: -5 },
        { name: 'Delta', datatype: 2, intValue: -300 },
        { name: 'Counter', datatype: 3, intValue: -70000 },
        { name: 'Mask', datatype: 7, intValue: 0xffffffff },
        { name: 'Balance', datatype: 4, longValue: -2n },
        { name: 'Huge', datatype: 8, longValue: 0xffffffffffffffffn },
        { name: 'Missing', datatype: 3, isNull: true },
        { name: 'Blob', datatype: 17, bytesValue: Uint8Array.from([1, 2, 3]) },
        { name: 'Table', datatype: 16, datasetValue: Uint8Array.from([0x08, 0x02]) },
      ],
    });
    const p = decodeSparkplugPayload(bytes);
    expect(p).toMatchObject({ timestamp: 1486144502122, seq: 0, metrics_count: 14 });
    expect(p.metrics).toEqual([
      { name: 'bdSeq', datatype: 4, datatype_name: 'Int64', long_value: 0 },
      { name: 'Node Control/Rebirth', datatype: 11, datatype_name: 'Boolean', boolean_value: false },
      { name: 'Temperature', alias: 1, timestamp: 1486144502122, datatype: 9, datatype_name: 'Float', float_value: 21.5 },
      { name: 'Pressure', alias: 2, datatype: 10, datatype_name: 'Double', double_value: 101.325 },
      { name: 'Properties/Hardware Make', datatype: 12, datatype_name: 'String', string_value: 'Phú Thọ pump' },
      { name: 'Offset', datatype: 1, datatype_name: 'Int8', int_value: -5 },
      { name: 'Delta', datatype: 2, datatype_name: 'Int16', int_value: -300 },
      { name: 'Counter', datatype: 3, datatype_name: 'Int32', int_value: -70000 },
      { name: 'Mask', datatype: 7, datatype_name: 'UInt32', int_value: 4294967295 },
      { name: 'Balance', datatype: 4, datatype_name: 'Int64', long_value: -2 },
      { name: 'Huge', datatype: 8, datatype_name: 'UInt64', long_value: '18446744073709551615' },
      { name: 'Missing', datatype: 3, datatype_name: 'Int32', is_null: true },
      { name: 'Blob', datatype: 17, datatype_name: 'Bytes', bytes_length: 3, bytes_value: 'AQID' },
      { name: 'Table', datatype: 16, datatype_name: 'DataSet', value_type: 'dataset' },
    ]);
  });

  it('keeps non-finite floats out of number fields, and skips unknown fields', () => {
    const metric = [...encodeMetric({ alias: 5, datatype: 10, doubleValue: Number.NaN }), 0x4a, 0x00, 0xa8, 0x06, 0x01];
    const bytes = Buffer.from([0x12, metric.length, ...metric, 0x30, 0x01]);
    expect(decodeSparkplugPayload(bytes)).toEqual({ metrics: [{ alias: 5, datatype: 10, datatype_name: 'Double', non_finite: 'NaN' }], metrics_count: 1 });
  });

  it('counts metrics beyond the bound without keeping them', () => {
    const metrics = Array.from({ length: SPARKPLUG_MAX_METRICS + 5 }, (_, i) => ({ alias: i, datatype: 3, intValue: i }));
    const p = decodeSparkplugPayload(encodePayload({ seq: 1, metrics }));
    expect(p.metrics).toHaveLength(SPARKPLUG_MAX_METRICS);
    expect(p).toMatchObject({ metrics_count: SPARKPLUG_MAX_METRICS + 5, metrics_truncated: true });
  });

  it('measures the body of a compressed payload without inflating it', () => {
    expect(decodeSparkplugPayload(encodePayload({ uuid: 'SPBV1.0_COMPRESSED', body: new Uint8Array(100) }))).toEqual({
      uuid: 'SPBV1.0_COMPRESSED',
      body_length: 100,
      metrics: [],
      metrics_count: 0,
    });
  });

  it.each([
    ['a metric whose length runs past the payload', [0x12, 0x7f, 0x0a]],
    ['a metric name with a varint wire type', [0x12, 0x02, 0x08, 0x01]],
    ['a timestamp sent as bytes', [0x0a, 0x01, 0x00]],
    ['a float sent as a varint', [0x12, 0x02, 0x60, 0x01]],
    ['a group inside a metric', [0x12, 0x01, 0x0b]],
    ['a truncated double', [0x12, 0x03, 0x69, 0x00, 0x00]],
    ['an endless varint', [0x18, ...Array(20).fill(0xff)]],
    ['a length of 2^63', [0x12, ...varint(2n ** 63n)]],
  ])('rejects %s with a ProtobufError', (_name, bytes) => {
    expect(() => decodeSparkplugPayload(Uint8Array.from(bytes))).toThrow(ProtobufError);
  });

  // How fast these are decoded or refused is measured by `npm run bench -w collectors` (section hostile).
  it('never throws anything but ProtobufError on random bytes', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    for (let i = 0; i < 2_000; i += 1) {
      const bytes = Uint8Array.from({ length: 1 + (random() % 64) }, random);
      try {
        decodeSparkplugPayload(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(ProtobufError);
      }
    }
  });
});
