import { epochSecondsToMs, isoToMs, sensorTimeToMs } from '../../../src/parsers/zeek';

describe('sensor timestamps', () => {
  it('cuts epoch seconds to milliseconds from the text, not through a float', () => {
    expect(epochSecondsToMs('1692161622.036086')).toBe(1692161622036);
    expect(epochSecondsToMs(1692161622.036)).toBe(1692161622036);
    expect(epochSecondsToMs('1692161622')).toBe(1692161622000);
    expect(epochSecondsToMs('1692161622.5')).toBe(1692161622500);
    expect(epochSecondsToMs(1692161622036)).toBe(1692161622036);
    for (const bad of ['', '-1', '1e9', 'abc', '1.2.3', '9999999999999999']) expect(epochSecondsToMs(bad)).toBeUndefined();
    expect(epochSecondsToMs(Number.NaN)).toBeUndefined();
  });

  it('reads ISO 8601 with Suricata offsets (+0700), colon offsets, Z, and no zone in the given one', () => {
    const utc = Date.parse('2024-01-01T20:04:05.123Z');
    expect(isoToMs('2024-01-02T03:04:05.123456+0700', 'UTC')).toBe(utc);
    expect(isoToMs('2024-01-02T03:04:05.123456+07:00', 'UTC')).toBe(utc);
    expect(isoToMs('2024-01-02T03:04:05.123456+07', 'UTC')).toBe(utc);
    expect(isoToMs('2024-01-01T20:04:05.123Z', 'Asia/Ho_Chi_Minh')).toBe(utc);
    expect(isoToMs('2024-01-02T03:04:05.123', 'Asia/Ho_Chi_Minh')).toBe(utc);
    expect(isoToMs('1969-12-31T16:04:21.000000-0800', 'UTC')).toBe(261_000);
    for (const bad of ['2024-13-01T00:00:00Z', '2024-01-02', 'yesterday', '2024-01-02T03:04:05+7']) expect(isoToMs(bad, 'UTC')).toBeUndefined();
  });

  it('takes either form for a Zeek ts', () => {
    expect(sensorTimeToMs('2024-01-01T20:04:05.123Z', 'UTC')).toBe(Date.parse('2024-01-01T20:04:05.123Z'));
    expect(sensorTimeToMs(1, 'UTC')).toBe(1000);
    expect(sensorTimeToMs(true, 'UTC')).toBeUndefined();
  });
});
