import { readBsdTimestamp, readIsoTimestamp, readTimestamp, resolveTimestamp } from '../../../src/parsers/syslog/timestamps';
import { source } from './support/fixtures';

const iso = (epoch: number) => new Date(epoch).toISOString();

describe('syslog timestamps', () => {
  it('reads RFC 3164 timestamps, space-padded days, years and fractions', () => {
    expect(readBsdTimestamp('Nov 24 01:18:55 vm', 0)).toMatchObject({ end: 15, hasYear: false, wall: { month: 11, day: 24, hour: 1, minute: 18, second: 55, millisecond: 0 } });
    expect(readBsdTimestamp('<13>Mar  1 00:03:04.123: x', 4)).toMatchObject({ end: 23, text: 'Mar  1 00:03:04.123', wall: { month: 3, day: 1, millisecond: 123 } });
    expect(readBsdTimestamp('Jan 05 2026 14:23:45 FW', 0)).toMatchObject({ hasYear: true, wall: { year: 2026, month: 1, day: 5 } });
    expect(readBsdTimestamp('nov 24 01:18:55', 0)?.wall.month).toBe(11);
  });

  it('does not take other text for an RFC 3164 timestamp', () => {
    expect(readBsdTimestamp('Foo 24 01:18:55 x', 0)).toBeUndefined();
    expect(readBsdTimestamp('Nov 24 01:18:55x', 0)).toBeUndefined();
    expect(readBsdTimestamp('Nov 24 1:18:55', 0)).toBeUndefined();
    expect(readBsdTimestamp('date=2019-05-10', 0)).toBeUndefined();
  });

  it('reads RFC 3339 timestamps with Z, an offset (with or without colon) or no zone', () => {
    expect(readIsoTimestamp('2003-10-11T22:14:15.003Z x', 0)).toMatchObject({ end: 24, zone: 'UTC', wall: { millisecond: 3 } });
    expect(readIsoTimestamp('2003-08-24T05:14:15.000003-07:00', 0)).toMatchObject({ zone: '-07:00', wall: { millisecond: 0 } });
    expect(readIsoTimestamp('2026-11-24T08:15:02+0700', 0)?.zone).toBe('+0700');
    expect(readIsoTimestamp('2026-11-24T08:15:02 host', 0)?.zone).toBeUndefined();
    expect(readIsoTimestamp('2026-11-24 08:15:02', 0)).toBeUndefined();
  });

  it('readTimestamp takes either kind', () => {
    expect(readTimestamp('Nov 24 01:18:55', 0)?.hasYear).toBe(false);
    expect(readTimestamp('2026-11-24T01:18:55Z', 0)?.zone).toBe('UTC');
    expect(readTimestamp('hello', 0)).toBeUndefined();
  });

  it('places zone-less times in the source zone and records it', () => {
    const ts = readBsdTimestamp('Nov 24 08:15:02', 0)!;
    expect(resolveTimestamp(ts, source())).toEqual({ epoch: Date.parse('2026-11-24T01:15:02Z'), timezone: 'Asia/Ho_Chi_Minh' });
    expect(resolveTimestamp(ts, source('UTC'))).toEqual({ epoch: Date.parse('2026-11-24T08:15:02Z'), timezone: 'UTC' });
    expect(resolveTimestamp(ts, source('-05:00')).epoch).toBe(Date.parse('2026-11-24T13:15:02Z'));
  });

  it('uses the zone a timestamp carries, whatever the source zone', () => {
    const ts = readIsoTimestamp('2003-08-24T05:14:15.000003-07:00', 0)!;
    expect(resolveTimestamp(ts, source())).toEqual({ epoch: Date.parse('2003-08-24T12:14:15.000Z') });
  });

  it('infers a missing year from the receive time: a December line received in January is last year', () => {
    const january = { ...source('UTC'), receivedAt: Date.parse('2027-01-01T00:00:30Z') };
    expect(iso(resolveTimestamp(readBsdTimestamp('Dec 31 23:59:58', 0)!, january).epoch)).toBe('2026-12-31T23:59:58.000Z');
    expect(iso(resolveTimestamp(readBsdTimestamp('Jan  1 00:00:10', 0)!, january).epoch)).toBe('2027-01-01T00:00:10.000Z');
  });

  it('fails on impossible dates, offsets and unknown source zones with HALONG_PARSE_TIME', () => {
    expect(() => resolveTimestamp(readBsdTimestamp('Feb 30 10:00:00', 0)!, source())).toThrow(expect.objectContaining({ code: 'HALONG_PARSE_TIME', message: 'The timestamp "Feb 30 10:00:00" is not a valid date and time.' }));
    expect(() => resolveTimestamp(readIsoTimestamp('2026-11-24T25:00:00Z', 0)!, source())).toThrow(/not a valid date/);
    expect(() => resolveTimestamp(readIsoTimestamp('2026-11-24T10:00:60Z', 0)!, source())).toThrow(/not a valid date/);
    expect(() => resolveTimestamp(readIsoTimestamp('2026-11-24T10:00:00+25:00', 0)!, source())).toThrow(/offset outside ±23:59/);
    expect(() => resolveTimestamp(readBsdTimestamp('Nov 24 10:00:00', 0)!, source('Mars/Olympus'))).toThrow(expect.objectContaining({ code: 'HALONG_PARSE_TIME', message: expect.stringContaining('"Mars/Olympus" is not an IANA name') }));
  });
});
