import { WindowsEventError } from '../../src/windows';
import { checkTimeZone, toUtcIso } from '../../src/windows/timestamps';

describe('toUtcIso', () => {
  it('keeps ISO strings with a zone, at millisecond precision', () => {
    expect(toUtcIso('2025-10-25T17:38:32.006926Z', 'Asia/Ho_Chi_Minh')).toBe('2025-10-25T17:38:32.006Z');
    expect(toUtcIso('2025-10-25T19:38:32+02:00', 'UTC')).toBe('2025-10-25T17:38:32.000Z');
  });

  it('reads zone-less wall clocks in the given zone, across DST changes', () => {
    expect(toUtcIso('2020-09-21 18:58:57', 'America/New_York')).toBe('2020-09-21T22:58:57.000Z');
    expect(toUtcIso('2020-01-21 18:58:57', 'America/New_York')).toBe('2020-01-21T23:58:57.000Z');
    expect(toUtcIso('2024-03-10 01:30:00', 'America/New_York')).toBe('2024-03-10T06:30:00.000Z');
    expect(toUtcIso('2024-03-10 03:30:00', 'America/New_York')).toBe('2024-03-10T07:30:00.000Z');
    expect(toUtcIso('2024-05-01 07:00:00.5', 'Asia/Ho_Chi_Minh')).toBe('2024-05-01T00:00:00.500Z');
    expect(toUtcIso('2024-05-01 07:00:00', '+05:30')).toBe('2024-05-01T01:30:00.000Z');
    expect(toUtcIso('2025-10-25 17:38:32.006', 'UTC')).toBe('2025-10-25T17:38:32.006Z');
  });

  it('returns undefined for text that is no timestamp, instead of guessing', () => {
    expect(toUtcIso('yesterday', 'UTC')).toBeUndefined();
    expect(toUtcIso('2024-13-45 99:00:00', 'UTC')).toBeUndefined();
    expect(toUtcIso('Tue Oct 22 2020', 'UTC')).toBeUndefined();
    expect(toUtcIso(undefined, 'UTC')).toBeUndefined();
  });

  it('checkTimeZone accepts IANA names and offsets, rejects the rest with a typed error', () => {
    expect(() => checkTimeZone('Europe/Paris')).not.toThrow();
    expect(() => checkTimeZone('-04:00')).not.toThrow();
    expect(() => checkTimeZone('Nowhere/Land')).toThrow(WindowsEventError);
  });
});
