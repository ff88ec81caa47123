import { isoTimeToEpoch, plausibleTime } from '../../../src/parsers/iot/payload-time';

describe('isoTimeToEpoch', () => {
  it('reads a zone-less time as a wall clock in the given zone', () => {
    expect(isoTimeToEpoch('2023-05-28T20:04:27', 'Asia/Ho_Chi_Minh')).toBe(Date.UTC(2023, 4, 28, 13, 4, 27));
    expect(isoTimeToEpoch('2023-05-28 20:04:27.5', 'UTC')).toBe(Date.UTC(2023, 4, 28, 20, 4, 27, 500));
  });

  it('keeps a time with its own zone', () => {
    expect(isoTimeToEpoch('2020-12-26T13:39:39+01:00', 'Asia/Ho_Chi_Minh')).toBe(Date.UTC(2020, 11, 26, 12, 39, 39));
    expect(isoTimeToEpoch('2020-12-26T12:39:39.123Z', 'Asia/Ho_Chi_Minh')).toBe(Date.UTC(2020, 11, 26, 12, 39, 39, 123));
    expect(isoTimeToEpoch('2020-12-26T13:39:39+0100', 'UTC')).toBe(Date.UTC(2020, 11, 26, 12, 39, 39));
  });

  it('gives nothing for text that is not a time', () => {
    expect(isoTimeToEpoch('0T18:36:12', 'UTC')).toBeUndefined();
    expect(isoTimeToEpoch('2023-13-40T99:00:00', 'UTC')).toBeUndefined();
  });
});

describe('plausibleTime', () => {
  const now = Date.UTC(2024, 4, 1);
  it('keeps times from 2000 to a day after receipt', () => {
    expect(plausibleTime(Date.UTC(2024, 3, 30), now)).toBe(Date.UTC(2024, 3, 30));
    expect(plausibleTime(now + 3_600_000, now)).toBe(now + 3_600_000);
  });

  it('drops the 1970 of a device without NTP, far-future times and non-numbers', () => {
    expect(plausibleTime(12_000, now)).toBeUndefined();
    expect(plausibleTime(now + 2 * 86_400_000, now)).toBeUndefined();
    expect(plausibleTime(Number.NaN, now)).toBeUndefined();
    expect(plausibleTime(undefined, now)).toBeUndefined();
  });
});
