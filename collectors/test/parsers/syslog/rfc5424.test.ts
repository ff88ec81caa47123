import { decodePriority } from '../../../src/parsers/syslog/priority';
import { looksLikeRfc5424, parseRfc5424 } from '../../../src/parsers/syslog/rfc5424';
import { fixtureLines, source } from './support/fixtures';

// The text after "<PRI>" of a line, parsed as RFC 5424.
function parse(line: string) {
  const pos = line.indexOf('>') + 1;
  return parseRfc5424(line, pos, decodePriority(Number(line.slice(1, pos - 1)))!, source());
}

describe('RFC 5424 header', () => {
  const examples = fixtureLines('rfc5424-examples.txt');

  it('is recognised by a version followed by a date or "-"', () => {
    expect(looksLikeRfc5424('<34>1 2003-10-11T22:14:15.003Z h', 4)).toBe(true);
    expect(looksLikeRfc5424('<13>1 - h', 4)).toBe(true);
    expect(looksLikeRfc5424('<13>12 2003-', 4)).toBe(true);
    expect(looksLikeRfc5424('<13>1 apple', 4)).toBe(false);
    expect(looksLikeRfc5424('<13>0 - h', 4)).toBe(false);
    expect(looksLikeRfc5424('<189>2345: *Mar  1', 5)).toBe(false);
    expect(looksLikeRfc5424('<13>Nov 24 01:18:55', 4)).toBe(false);
  });

  it('reads §6.5 example 1: NILVALUE PROCID and SD, a BOM before the MSG', () => {
    expect(parse(examples[0]!)).toEqual({
      priority: { priority: 34, facility: 4, severity: 2 },
      version: 1,
      time: { epoch: Date.parse('2003-10-11T22:14:15.003Z') },
      hostname: 'mymachine.example.com',
      appname: 'su',
      procid: undefined,
      msgid: 'ID47',
      message: "'su root' failed for lonvick on /dev/pts/8",
    });
  });

  it('reads §6.5 example 2: an offset and microseconds', () => {
    expect(parse(examples[1]!)).toMatchObject({ time: { epoch: Date.parse('2003-08-24T12:14:15.000Z') }, hostname: '192.0.2.1', appname: 'myproc', procid: '8710', msgid: undefined, message: "%% It's time to make the do-nuts." });
  });

  it('reads §6.5 examples 3 and 4: structured data, with and without a MSG', () => {
    const sd = { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } };
    expect(parse(examples[2]!)).toMatchObject({ structuredData: sd, message: 'An application event log entry...' });
    const four = parse(examples[3]!);
    expect(four.structuredData).toEqual({ ...sd, 'examplePriority@32473': { class: 'high' } });
    expect(four).not.toHaveProperty('message');
  });

  it('reads a NILVALUE timestamp as no time, and an empty MSG as empty', () => {
    const record = parse('<13>1 - vm app - - - ');
    expect(record.time).toBeUndefined();
    expect(record.message).toBe('');
  });

  it.each([
    ['<13>1 2003-13-11T22:14:15Z h a p m -', 'HALONG_PARSE_TIME', /"2003-13-11T22:14:15Z" is not a valid date/],
    ['<13>1 2003-10-11 22:14:15Z h a p m -', 'HALONG_PARSE_SYSLOG', /TIMESTAMP "2003-10-11" is not RFC 3339/],
    ['<13>1 - h a p', 'HALONG_PARSE_SYSLOG', /header ends before its MSGID/],
    ['<13>1 - h a p m', 'HALONG_PARSE_SYSLOG', /ends before its STRUCTURED-DATA/],
    ['<13>1 - h  a p m -', 'HALONG_PARSE_SYSLOG', /APP-NAME is empty/],
    [`<13>1 - ${'h'.repeat(256)} a p m -`, 'HALONG_PARSE_SYSLOG', /HOSTNAME is longer than 255 characters/],
    ['<13>1 - h a p m [x y="1"', 'HALONG_PARSE_SYSLOG', /\[x\] has no closing "\]"/],
  ])('rejects %s', (line, code, message) => {
    expect(() => parse(line)).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });
});
