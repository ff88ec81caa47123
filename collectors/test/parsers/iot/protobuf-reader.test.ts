import { ProtobufError, ProtobufReader, WireType } from '../../../src/parsers/iot/protobuf-reader';

const reader = (bytes: number[]): ProtobufReader => new ProtobufReader(Uint8Array.from(bytes));

describe('ProtobufReader', () => {
  it('reads tags, varints up to 64 bits, fixed fields and length-delimited fields', () => {
    const r = reader([0x08, 0x96, 0x01, 0x11, 1, 0, 0, 0, 0, 0, 0, 0, 0x1d, 0, 0, 0x80, 0x3f, 0x22, 2, 0x61, 0x62, 0x28, ...Array(9).fill(0xff), 0x01]);
    expect(r.tag()).toEqual({ field: 1, wire: WireType.VARINT });
    expect(r.varint()).toBe(150n);
    expect(r.tag()).toEqual({ field: 2, wire: WireType.FIXED64 });
    expect(r.fixed64().getBigUint64(0, true)).toBe(1n);
    expect(r.tag()).toEqual({ field: 3, wire: WireType.FIXED32 });
    expect(r.fixed32().getFloat32(0, true)).toBe(1);
    expect(r.tag()).toEqual({ field: 4, wire: WireType.LENGTH_DELIMITED });
    expect(Buffer.from(r.lengthDelimited()).toString()).toBe('ab');
    expect(r.tag()).toEqual({ field: 5, wire: WireType.VARINT });
    expect(r.varint()).toBe(0xffffffffffffffffn);
    expect(r.done).toBe(true);
  });

  it('skips every supported wire type', () => {
    const r = reader([0x08, 0x96, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1a, 1, 0x00, 0x25, 1, 2, 3, 4]);
    for (let i = 0; i < 4; i += 1) r.skip(r.tag().wire);
    expect(r.done).toBe(true);
  });

  it.each([
    ['a varint that never ends', [0x08, 0x80, 0x80]],
    ['a varint of 11 bytes', [0x08, ...Array(10).fill(0x80), 0x01]],
    ['a 10th varint byte above 1', [0x08, ...Array(9).fill(0xff), 0x02]],
    ['a length past the end', [0x12, 0x05, 0x01]],
    ['a 2^64-1 length', [0x12, ...Array(9).fill(0xff), 0x01]],
    ['a truncated fixed32', [0x1d, 0x00, 0x00]],
    ['a truncated fixed64', [0x19, 0x00]],
    ['field number 0', [0x00, 0x01]],
    ['a start-group wire type', [0x0b]],
    ['wire type 7', [0x0f]],
  ])('throws a ProtobufError on %s', (_name, bytes) => {
    const r = reader(bytes);
    expect(() => {
      while (!r.done) r.skip(r.tag().wire);
    }).toThrow(ProtobufError);
  });
});
