import { RECORD_HEADER_BYTES, RECORD_MAGIC, frameRecords, payloadMatches, readFrameHeader } from '../../src/spool/record-format';

describe('record format', () => {
  it('frames payloads back to back as magic | length | crc32 | payload, little-endian', () => {
    const { data, frameEnds } = frameRecords([Buffer.from('hello'), Buffer.alloc(0), Buffer.from('x')]);
    expect(frameEnds).toEqual([17, 29, 42]);
    expect(data.length).toBe(42);
    expect(data.subarray(0, 12).toString('hex')).toBe('48535031' + '05000000' + '86a61036');
    expect(readFrameHeader(data, 17)).toEqual({ magic: RECORD_MAGIC, length: 0, crc: 0 });
    expect(data.subarray(29 + RECORD_HEADER_BYTES).toString()).toBe('x');
  });

  it('detects a payload that does not match its crc', () => {
    const { data } = frameRecords([Buffer.from('payload')]);
    const header = readFrameHeader(data, 0);
    expect(payloadMatches(header, data.subarray(12))).toBe(true);
    const rotten = Buffer.from(data.subarray(12));
    rotten[3] ^= 1;
    expect(payloadMatches(header, rotten)).toBe(false);
  });
});
