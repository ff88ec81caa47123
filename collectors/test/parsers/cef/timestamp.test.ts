import { cefTimeToEpoch, resolveZone } from '../../../src/parsers/cef/timestamp';

const RECEIVED_AT = Date.UTC(2024, 4, 1, 12, 0, 0);
const iso = (value: string, zone: string | undefined = 'Asia/Ho_Chi_Minh', receivedAt = RECEIVED_AT) => {
  const epoch = cefTimeToEpoch(value, zone, receivedAt);
  return epoch === undefined ? undefined : new Date(epoch).toISOString();
};

describe('cefTimeToEpoch', () => {
  it('reads epoch milliseconds, and seconds, micro- and nanoseconds by their digit count', () => {
    expect(iso('1305034099211')).toBe('2011-05-10T13:28:19.211Z');
    expect(iso('1545937675')).toBe('2018-12-27T19:07:55.000Z');
    expect(iso('1545937675123456')).toBe('2018-12-27T19:07:55.123Z');
    expect(iso('1637681708541881380')).toBe('2021-11-23T15:35:08.541Z');
    expect(iso('0')).toBeUndefined();
    expect(iso('123456789012345678901')).toBeUndefined();
  });

  it('reads the spec text forms with a zone', () => {
    expect(iso('Nov 04 2018 07:15:46 GMT')).toBe('2018-11-04T07:15:46.000Z');
    expect(iso('Mar 09 2015 17:05:21 GMT+00:00')).toBe('2015-03-09T17:05:21.000Z');
    expect(iso('Mar 09 2015 17:05:21.250 GMT+07:00')).toBe('2015-03-09T10:05:21.250Z');
    expect(iso('Mar 09 2015 17:05:21 +0700')).toBe('2015-03-09T10:05:21.000Z');
    expect(iso('Mar 09 2015 17:05:21 ICT')).toBe('2015-03-09T10:05:21.000Z');
    expect(iso('Jul 09 2015 17:05:21 Europe/Paris')).toBe('2015-07-09T15:05:21.000Z');
    expect(iso('mar 9 2015 17:05:21 utc')).toBe('2015-03-09T17:05:21.000Z');
  });

  it('reads zone-less text in the given zone, and not at all without one', () => {
    expect(iso('Apr 11 2020 10:42:13')).toBe('2020-04-11T03:42:13.000Z');
    expect(iso('Apr 11 2020 10:42:13.5', 'UTC')).toBe('2020-04-11T10:42:13.500Z');
    expect(cefTimeToEpoch('Apr 11 2020 10:42:13', undefined, RECEIVED_AT)).toBeUndefined();
  });

  it('infers the year of yearless text from the receive time (a December event read on the 1st of January)', () => {
    expect(iso('Apr 30 23:00:00', 'UTC')).toBe('2024-04-30T23:00:00.000Z');
    expect(iso('Dec 31 23:59:59 GMT', 'UTC', Date.UTC(2025, 0, 1, 0, 0, 5))).toBe('2024-12-31T23:59:59.000Z');
  });

  it('reads ISO 8601, which some devices send', () => {
    expect(iso('2021-06-18T10:55:50.000003Z')).toBe('2021-06-18T10:55:50.000Z');
    expect(iso('2021-06-18 10:55:50+02:00')).toBe('2021-06-18T08:55:50.000Z');
    expect(iso('2021-06-18T10:55:50', 'UTC')).toBe('2021-06-18T10:55:50.000Z');
  });

  it('refuses what it cannot read for sure: ambiguous or unknown zones, impossible dates, other text', () => {
    expect(iso('Mar 09 2015 17:05:21 CST')).toBeUndefined();
    expect(iso('Mar 09 2015 17:05:21 LA/LA')).toBeUndefined();
    expect(iso('Feb 30 2015 17:05:21 GMT')).toBeUndefined();
    expect(iso('Foo 09 2015 17:05:21 GMT')).toBeUndefined();
    expect(iso('yesterday')).toBeUndefined();
    expect(iso('')).toBeUndefined();
    expect(iso(`Mar 09 2015 17:05:21 ${'x'.repeat(100)}`)).toBeUndefined();
  });
});

describe('resolveZone', () => {
  it('names the zone of GMT, offsets, known abbreviations and IANA names', () => {
    expect(resolveZone('GMT')).toBe('UTC');
    expect(resolveZone('Z')).toBe('UTC');
    expect(resolveZone('GMT+7')).toBe('+07:00');
    expect(resolveZone('UTC-05:30')).toBe('-05:30');
    expect(resolveZone('+0700')).toBe('+07:00');
    expect(resolveZone('pdt')).toBe('-07:00');
    expect(resolveZone('Asia/Ho_Chi_Minh')).toBe('Asia/Ho_Chi_Minh');
  });

  it('refuses unknown and ambiguous names', () => {
    expect(resolveZone('LA/LA')).toBeUndefined();
    expect(resolveZone('IST')).toBeUndefined();
    expect(resolveZone('+25:00')).toBeUndefined();
    expect(resolveZone('Vietnam')).toBeUndefined();
  });
});
