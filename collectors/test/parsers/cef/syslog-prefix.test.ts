import { prefixHost } from '../../../src/parsers/cef/syslog-prefix';

describe('prefixHost', () => {
  it('reads the host of RFC 3164 prefixes, with or without PRI, year or zone', () => {
    expect(prefixHost('Sep 19 08:26:10 host ')).toBe('host');
    expect(prefixHost('<134>Apr 15 10:30:00 fwhost ')).toBe('fwhost');
    expect(prefixHost('Nov  4 00:15:46 10.6.0.4 ')).toBe('10.6.0.4');
    expect(prefixHost('Sep 19 08:26:10 server3.mycorp.local ')).toBe('server3.mycorp.local');
    expect(prefixHost('Jan 23 12:10:16 UTC egs-001 ')).toBe('egs-001');
    expect(prefixHost('Jan 23 2024 12:10:16 fw01 ')).toBe('fw01');
  });

  it('reads the host of RFC 5424 prefixes and bare ISO timestamps', () => {
    expect(prefixHost('<189>1 2021-06-18T10:55:50.000003Z host app - - - ')).toBe('host');
    expect(prefixHost('<189>1 2021-06-18T10:55:50.000003Z - app - - - ')).toBeUndefined();
    expect(prefixHost('2021-06-18T10:55:50Z fw-2 ')).toBe('fw-2');
  });

  it('keeps no host when the prefix has none or is not syslog', () => {
    expect(prefixHost('Sep 19 08:26:10 ')).toBeUndefined();
    expect(prefixHost('Sep 19 08:26:10 sshd: ')).toBeUndefined();
    expect(prefixHost('<134>')).toBeUndefined();
    expect(prefixHost('some text ')).toBeUndefined();
  });
});
