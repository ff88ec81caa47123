import { timeLocalToEpoch } from '../../../src/parsers/access-log/time-local';

const iso = (text: string) => {
  const epoch = timeLocalToEpoch(text);
  return epoch === undefined ? undefined : new Date(epoch).toISOString();
};

describe('timeLocalToEpoch', () => {
  it('reads dd/Mon/yyyy:HH:mm:ss ±hhmm with its offset', () => {
    expect(iso('10/Oct/2000:13:55:36 -0700')).toBe('2000-10-10T20:55:36.000Z');
    expect(iso('07/Dec/2016:11:05:07 +0100')).toBe('2016-12-07T10:05:07.000Z');
    expect(iso('01/May/2024:07:00:00 +0700')).toBe('2024-05-01T00:00:00.000Z');
    expect(iso('01/may/2024:07:00:00.250 +0000')).toBe('2024-05-01T07:00:00.250Z');
  });

  it('refuses other text and impossible dates', () => {
    expect(iso('10/Oct/2000:13:55:36')).toBeUndefined();
    expect(iso('31/Feb/2020:00:00:00 +0000')).toBeUndefined();
    expect(iso('10/Foo/2000:13:55:36 +0000')).toBeUndefined();
    expect(iso('2000-10-10T13:55:36Z')).toBeUndefined();
    expect(iso('10/Oct/2000:25:55:36 +0000')).toBeUndefined();
  });
});
