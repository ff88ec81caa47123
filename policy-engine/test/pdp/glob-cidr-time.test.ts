import { ipInCidr, normalizeIp, parseCidr, parseIp } from '../../src/pdp/cidr';
import { PolicyAddressError, PolicyTimeZoneError } from '../../src/pdp/errors';
import { compileGlobs, globToRegExp } from '../../src/pdp/glob';
import { dayOfWeekIn, hourIn, isTimeZone } from '../../src/pdp/time-of-day';

describe('globs', () => {
  it('matches * within one segment and ** across segments', () => {
    const g = compileGlobs(['spiffe://halong.local/collector/*/*']);
    expect(g.matches('spiffe://halong.local/collector/qn-01/syslog-1')).toBe(true);
    expect(g.matches('spiffe://halong.local/collector/qn-01')).toBe(false);
    expect(g.matches('spiffe://halong.local/collector/qn-01/a/b')).toBe(false);
    expect(g.matches('spiffe://halong.local/device/qn-01/cam')).toBe(false);
    expect(compileGlobs(['alerts/**']).matches('alerts/qn-01/42')).toBe(true);
    expect(compileGlobs(['user-?']).matches('user-7')).toBe(true);
    expect(compileGlobs(['user-?']).matches('user-77')).toBe(false);
  });

  it('treats regex characters literally and a lone * as match-all', () => {
    expect(compileGlobs(['a.b+(c)']).matches('a.b+(c)')).toBe(true);
    expect(compileGlobs(['a.b']).matches('axb')).toBe(false);
    expect(globToRegExp('x.*').test('x.yz')).toBe(true);
    expect(compileGlobs(['*']).matches('spiffe://a/b/c')).toBe(true);
    expect(compileGlobs(['exact', 'pre-*']).which('pre-x')).toBe('pre-*');
    expect(compileGlobs(['exact', 'pre-*']).which('other')).toBeUndefined();
  });
});

describe('CIDR matcher', () => {
  it('matches IPv4 blocks at every prefix length', () => {
    expect(ipInCidr('10.1.2.3', '10.0.0.0/8')).toBe(true);
    expect(ipInCidr('11.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(ipInCidr('192.168.1.130', '192.168.1.128/25')).toBe(true);
    expect(ipInCidr('192.168.1.127', '192.168.1.128/25')).toBe(false);
    expect(ipInCidr('1.2.3.4', '0.0.0.0/0')).toBe(true);
    expect(ipInCidr('1.2.3.4', '1.2.3.4')).toBe(true);
    expect(ipInCidr('1.2.3.5', '1.2.3.4/32')).toBe(false);
  });

  it('matches IPv6 blocks, compressed forms and IPv4-mapped addresses', () => {
    expect(ipInCidr('fd00:20::1', 'fd00:20::/32')).toBe(true);
    expect(ipInCidr('fd00:21::1', 'fd00:20::/32')).toBe(false);
    expect(ipInCidr('2001:db8:0:0:0:0:0:1', '2001:db8::/48')).toBe(true);
    expect(ipInCidr('::ffff:10.0.0.5', '10.0.0.0/8')).toBe(true);
    expect(ipInCidr('10.0.0.5', '::ffff:10.0.0.0/104')).toBe(true);
    expect(ipInCidr('10.0.0.5', 'fd00::/8')).toBe(false);
    expect(ipInCidr('fe80::1', ['10.0.0.0/8', 'fe80::/10'])).toBe(true);
    expect(parseIp('::')).toEqual({ version: 6, bytes: new Uint8Array(16) });
    expect(parseIp('1:2:3:4:5:6:7:8')?.version).toBe(6);
  });

  it('rejects malformed addresses and blocks with coded errors', () => {
    for (const bad of ['10.0.0', '10.0.0.256', '010.0.0.1', '1::2::3', '12345::', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', '']) {
      expect(parseIp(bad)).toBeUndefined();
    }
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('fd00::/129')).toBeUndefined();
    expect(parseCidr('10.0.0.0/x')).toBeUndefined();
    expect(() => ipInCidr('nope', '10.0.0.0/8')).toThrow(PolicyAddressError);
    expect(() => ipInCidr('10.0.0.1', 'nope')).toThrow(expect.objectContaining({ code: 'HALONG_POLICY_INVALID_CIDR' }));
  });

  it('normalises addresses to one text form', () => {
    expect(normalizeIp('::ffff:10.0.0.5')).toBe('10.0.0.5');
    expect(normalizeIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeIp('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
    expect(normalizeIp('not-an-ip')).toBe('not-an-ip');
  });
});

describe('time of day', () => {
  const at = Date.parse('2025-03-02T23:30:00Z'); // Sunday in UTC, Monday 06:30 in Hanoi (UTC+7)

  it('gives the wall-clock hour and weekday in a zone', () => {
    expect(hourIn(at, 'UTC')).toBe(23);
    expect(dayOfWeekIn(at, 'UTC')).toBe(0);
    expect(hourIn(new Date(at), 'Asia/Ho_Chi_Minh')).toBe(6);
    expect(dayOfWeekIn(at, 'Asia/Ho_Chi_Minh')).toBe(1);
    expect(hourIn(at, 'Asia/Kolkata')).toBe(5); // UTC+5:30
    expect(hourIn(at + 3600_000, 'Asia/Ho_Chi_Minh')).toBe(7);
  });

  it('rejects unknown zones with a coded error', () => {
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => hourIn(at, 'Mars/Olympus_Mons')).toThrow(PolicyTimeZoneError);
  });
});
