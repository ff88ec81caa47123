import { parseDuration } from '../../src/sigma/duration';

describe('parseDuration (correlation "Time Selection")', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('7d')).toBe(604_800_000);
  });

  it('refuses anything else', () => {
    for (const bad of ['', '1', 'h', '0s', '-1m', '1.5h', '1H', '1w', '1M', '1y', '1h30m', ' m']) expect(parseDuration(bad)).toBeUndefined();
  });
});
