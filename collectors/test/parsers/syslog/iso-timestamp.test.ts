import { isoTimestamp } from '../../../src/parsers/syslog/iso-timestamp';

describe('isoTimestamp', () => {
  it('writes what Date#toISOString writes, across days, edges and a spread of times', () => {
    const samples = [0, 1, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000, 1_700_000_000_123, 253_402_300_799_999];
    // A deterministic spread over 1970–2100, so several cached days are crossed in both directions.
    let x = 12345;
    for (let i = 0; i < 5000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      samples.push(Math.floor((x / 2 ** 31) * 4_102_444_800_000));
    }
    for (const ms of samples) expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it('leaves fractions, negative times and six-digit years to Date', () => {
    for (const ms of [-1, -86_400_001, 1.5, 253_402_300_800_000, 8.64e15]) {
      expect(isoTimestamp(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('throws the same RangeError as Date for an invalid time', () => {
    expect(() => isoTimestamp(Number.NaN)).toThrow(RangeError);
    expect(() => isoTimestamp(8.64e15 + 1)).toThrow(RangeError);
  });
});
