import { decodePriority } from '../../../src/parsers/syslog/priority';
import { parseRfc3164 } from '../../../src/parsers/syslog/rfc3164';
import { fixtureLines, source } from './support/fixtures';

const UTC = source('UTC');

function parse(line: string, src = UTC) {
  if (!line.startsWith('<')) return parseRfc3164(line, 0, decodePriority(13)!, false, src);
  const pos = line.indexOf('>') + 1;
  return parseRfc3164(line, pos, decodePriority(Number(line.slice(1, pos - 1)))!, true, src);
}

describe('RFC 3164 header and its variants', () => {
  it('reads the RFC 3164 §5.4 examples as a relay would', () => {
    const [one, , relayed, three, four] = fixtureLines('rfc3164-examples.txt');
    expect(parse(one!)).toEqual({
      priority: { priority: 34, facility: 4, severity: 2 },
      time: { epoch: Date.parse('2026-10-11T22:14:15Z'), timezone: 'UTC' },
      hostname: 'mymachine',
      appname: 'su',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
    expect(parse(relayed!)).toMatchObject({ hostname: '10.0.0.99', message: 'Use the BFG!' });
    // Example 3: "CST" stands where the hostname goes; the year is part of the content.
    expect(parse(three!)).toMatchObject({ hostname: 'CST', message: expect.stringMatching(/^1987 mymachine myproc\[10\]: %% It's time/) });
    // Example 4: no valid timestamp, so everything after the PRI is the content.
    expect(parse(four!)).toEqual({ priority: { priority: 0, facility: 0, severity: 0 }, message: "1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!" });
  });

  it('reads util-linux logger --rfc3164 and the local /dev/log format (no hostname)', () => {
    const lines = fixtureLines('logger-util-linux.txt');
    expect(parse(lines[1]!)).toMatchObject({ hostname: 'vm', appname: 'sshd', procid: '19381', message: 'Failed password for invalid user admin' });
    expect(parse(lines[6]!)).toEqual({
      priority: { priority: 86, facility: 10, severity: 6 },
      time: { epoch: Date.parse('2026-11-24T01:24:13Z'), timezone: 'UTC' },
      appname: 'sshd',
      procid: '19306',
      message: 'Accepted password for alice from 10.0.0.5 port 50022 ssh2',
    });
    expect(parse(lines[7]!)).toMatchObject({ appname: 'sudo', message: '  alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id' });
    expect(parse(lines[7]!)).not.toHaveProperty('hostname');
  });

  it("reads rsyslog's traditional and high-precision formats, with and without PRI", () => {
    const [traditionalFile, file, traditionalForward, forward] = fixtureLines('rsyslog-templates.txt');
    const expected = { hostname: 'web01', appname: 'sshd', procid: '2211', message: 'Failed password for root from 203.0.113.50 port 41234 ssh2' };
    expect(parse(traditionalFile!, source())).toMatchObject({ ...expected, priority: { priority: 13 }, time: { epoch: Date.parse('2026-11-24T01:15:02Z'), timezone: 'Asia/Ho_Chi_Minh' } });
    expect(parse(file!, source())).toMatchObject({ ...expected, time: { epoch: Date.parse('2026-11-24T01:15:02.123Z') } });
    expect(parse(traditionalForward!, source())).toMatchObject({ ...expected, priority: { priority: 86 } });
    expect(parse(forward!, source()).time).toEqual({ epoch: Date.parse('2026-11-24T01:15:02.123Z') });
  });

  it('reads a year in the timestamp, a zone-less RFC 3339 time, and a colon after the time', () => {
    expect(parse('<13>Jan 05 2025 14:23:45 host app: x').time?.epoch).toBe(Date.parse('2025-01-05T14:23:45Z'));
    expect(parse('<13>2026-11-24T08:15:02 host app: x', source())).toMatchObject({ time: { epoch: Date.parse('2026-11-24T01:15:02Z'), timezone: 'Asia/Ho_Chi_Minh' }, hostname: 'host' });
    expect(parse('<13>Nov 24 01:18:55: free text')).toEqual(expect.objectContaining({ message: 'free text' }));
    expect(parse('<13>Nov 24 01:18:55: free text')).not.toHaveProperty('hostname');
  });

  it('reads tags: program[pid]:, program:, no tag, and tags with paths', () => {
    expect(parse('<22>Nov 24 01:18:55 mx postfix/smtpd[1234]: connect from x')).toMatchObject({ appname: 'postfix/smtpd', procid: '1234', message: 'connect from x' });
    expect(parse('<6>Nov 24 01:18:55 web01 kernel: [12345.678901] UFW BLOCK')).toMatchObject({ appname: 'kernel', message: '[12345.678901] UFW BLOCK' });
    expect(parse('<13>Nov 24 01:18:55 web01 just words here')).toEqual(expect.objectContaining({ hostname: 'web01', message: 'just words here' }));
    expect(parse('<13>Nov 24 01:18:55 web01 just words here')).not.toHaveProperty('appname');
    expect(parse('<13>Nov 24 01:18:55 web01 app:')).toMatchObject({ appname: 'app' });
    expect(parse('<13>Nov 24 01:18:55 web01 app:')).not.toHaveProperty('message');
  });

  it('reads content after a bare PRI, taking a leading tag', () => {
    expect(parse('<13>sshd[12]: hello')).toEqual({ priority: { priority: 13, facility: 1, severity: 5 }, appname: 'sshd', procid: '12', message: 'hello' });
    expect(parse('<13>no header at all')).toEqual({ priority: { priority: 13, facility: 1, severity: 5 }, message: 'no header at all' });
  });

  it('does not take an overlong token for a hostname', () => {
    const long = 'h'.repeat(300);
    expect(parse(`<13>Nov 24 01:18:55 ${long} x`)).toEqual(expect.objectContaining({ message: `${long} x` }));
    expect(parse(`<13>Nov 24 01:18:55 ${long} x`)).not.toHaveProperty('hostname');
  });

  it('hands Cisco headers to the Cisco reader, also behind a relay header', () => {
    expect(parse('<166>%ASA-6-302014: Teardown').vendor).toMatchObject({ dataset: 'cisco.asa', code: '302014' });
    expect(parse('Nov 24 01:18:56 10.1.1.1 512: Nov 24 01:18:55.123 UTC: %SEC_LOGIN-5-LOGIN_SUCCESS: ok')).toMatchObject({
      hostname: '10.1.1.1',
      vendor: { dataset: 'cisco.ios', message: 'ok', time: { epoch: Date.parse('2026-11-24T01:18:55.123Z') } },
    });
  });

  it('fails without PRI and timestamp, and on impossible dates', () => {
    expect(() => parse('Use the BFG!')).toThrow(expect.objectContaining({ code: 'HALONG_PARSE_SYSLOG', message: 'The message has neither a <PRI> nor a timestamp at its start ("Use the BFG!"), so it is not syslog.' }));
    expect(() => parse('<13>Feb 30 10:00:00 host app: x')).toThrow(expect.objectContaining({ code: 'HALONG_PARSE_TIME' }));
    expect(() => parse('<13>Nov 24 2025 24:00:00 host app: x')).toThrow(/"Nov 24 2025 24:00:00" is not a valid date/);
  });
});
