import { SourceAllowList } from '../../../src/inputs/syslog/source-allowlist';

describe('SourceAllowList', () => {
  const list = new SourceAllowList([
    { cidr: '10.20.0.0/16', site: 'hue' },
    { cidr: '10.20.1.0/28', site: 'phu-hoi', observer: 'phu-hoi-fw' },
    { cidr: '2001:db8:42::/48', site: 'benh-vien-trung-uong' },
    { cidr: '192.0.2.7', site: 'cong-dich-vu' },
  ]);

  it('gives the most specific range, IPv4 and IPv6, mapped addresses included', () => {
    expect(list.lookup('10.20.1.5')).toEqual({ known: true, site: 'phu-hoi', observer: 'phu-hoi-fw', observerId: 'phu-hoi-fw', cidr: '10.20.1.0/28' });
    expect(list.lookup('10.20.1.17')).toMatchObject({ site: 'hue', observer: 'hue' });
    expect(list.lookup('::ffff:10.20.1.5')).toMatchObject({ site: 'phu-hoi' });
    expect(list.lookup('2001:db8:42::9')).toMatchObject({ site: 'benh-vien-trung-uong' });
    expect(list.lookup('192.0.2.7')).toMatchObject({ site: 'cong-dich-vu' });
  });

  it('knows nothing of other or unreadable addresses', () => {
    expect(list.lookup('192.0.2.8')).toEqual({ known: false });
    expect(list.lookup('2001:db8:43::1')).toEqual({ known: false });
    expect(list.lookup('not-an-ip')).toEqual({ known: false });
    expect(list.lookup(undefined)).toEqual({ known: false });
  });

  it('names the entry it cannot read', () => {
    expect(() => new SourceAllowList([{ cidr: '10.0.0.0/33', site: 'x' }])).toThrow(/10\.0\.0\.0\/33.*site x/);
  });
});
