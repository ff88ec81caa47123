import { epochToWallClock, inferYear, isTimeZone, wallClockToEpoch } from '../../src/time/zoned-time';

const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0, millisecond = 0) => ({ year, month, day, hour, minute, second, millisecond });

describe('wallClockToEpoch', () => {
  it('reads a wall clock in Vietnam (UTC+7, no DST), in UTC and at a fixed offset', () => {
    expect(new Date(wallClockToEpoch(wall(2026, 3, 18, 20, 31, 22, 185), 'Asia/Ho_Chi_Minh')!).toISOString()).toBe('2026-03-18T13:31:22.185Z');
    expect(new Date(wallClockToEpoch(wall(2026, 3, 18, 20, 31, 22), 'UTC')!).toISOString()).toBe('2026-03-18T20:31:22.000Z');
    expect(new Date(wallClockToEpoch(wall(2026, 3, 18, 20, 31, 22), '-05:30')!).toISOString()).toBe('2026-03-19T02:01:22.000Z');
  });

  it('follows daylight saving time where a zone has it', () => {
    expect(new Date(wallClockToEpoch(wall(2026, 1, 15, 12), 'Europe/Paris')!).toISOString()).toBe('2026-01-15T11:00:00.000Z');
    expect(new Date(wallClockToEpoch(wall(2026, 7, 15, 12), 'Europe/Paris')!).toISOString()).toBe('2026-07-15T10:00:00.000Z');
  });

  it('refuses impossible dates rather than rolling them over', () => {
    expect(wallClockToEpoch(wall(2026, 2, 30), 'UTC')).toBeUndefined();
    expect(wallClockToEpoch(wall(2026, 13, 1), 'UTC')).toBeUndefined();
    expect(wallClockToEpoch(wall(2026, 1, 1, 24), 'UTC')).toBeUndefined();
  });
});

describe('time zones and years', () => {
  it('knows IANA names, UTC and offsets', () => {
    expect(['Asia/Ho_Chi_Minh', 'UTC', '+07:00', '-0330'].every(isTimeZone)).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('gives the wall clock of an instant in a zone', () => {
    expect(epochToWallClock(Date.parse('2026-12-31T18:30:00Z'), 'Asia/Ho_Chi_Minh')).toMatchObject({ year: 2027, month: 1, day: 1, hour: 1, minute: 30 });
  });

  it('takes last year for a December line received early in January, this year otherwise', () => {
    const newYear = Date.parse('2027-01-01T00:10:00+07:00');
    expect(inferYear(12, 31, newYear, 'Asia/Ho_Chi_Minh')).toBe(2026);
    expect(inferYear(1, 1, newYear, 'Asia/Ho_Chi_Minh')).toBe(2027);
    // A clock a little ahead of the collector's is still this year.
    expect(inferYear(1, 2, newYear, 'Asia/Ho_Chi_Minh')).toBe(2027);
    expect(inferYear(3, 18, Date.parse('2026-11-24T00:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe(2026);
  });
});

describe('cached zone offsets', () => {
  // The offsets are cached per 15-minute bucket; Intl read directly is the reference.
  const reference = (instant: number, zone: string) => {
    const parts: Record<string, number> = {};
    const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    for (const p of f.formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour! % 24, minute: parts.minute, second: parts.second };
  };

  it.each([
    // New York springs forward at 07:00 UTC; Lord Howe moves by 30 minutes at 15:00 UTC; Kathmandu's
    // 1986 change (+05:30 → +05:45) happened at 18:30 UTC; Saigon's 1906 change left LMT (+07:06:40).
    ['America/New_York', '2026-03-08T06:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T14:00:00Z'],
    ['Asia/Kathmandu', '1985-12-31T17:30:00Z'],
    ['Asia/Ho_Chi_Minh', '1906-06-30T15:30:00Z'],
  ])('agree with Intl minute by minute across a change in %s', (zone, from) => {
    const start = Date.parse(from);
    for (let t = start; t < start + 3 * 3_600_000; t += 60_000 + 7_000) {
      const got = epochToWallClock(t, zone);
      expect({ year: got.year, month: got.month, day: got.day, hour: got.hour, minute: got.minute, second: got.second }).toEqual(reference(t, zone));
    }
  });

  it('reads wall clocks on both sides of a 30-minute change', () => {
    // Lord Howe: +11:00 until 02:00 local on 5 April 2026, then +10:30.
    expect(new Date(wallClockToEpoch(wall(2026, 4, 5, 1, 0), 'Australia/Lord_Howe')!).toISOString()).toBe('2026-04-04T14:00:00.000Z');
    expect(new Date(wallClockToEpoch(wall(2026, 4, 5, 3, 0), 'Australia/Lord_Howe')!).toISOString()).toBe('2026-04-04T16:30:00.000Z');
  });
});
