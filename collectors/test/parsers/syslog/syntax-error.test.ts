import { SyslogSyntaxError, notSyslog } from '../../../src/parsers/syslog/syntax-error';

describe('syslog syntax errors', () => {
  it('carry a stable code and the sentence given', () => {
    const error = new SyslogSyntaxError('HALONG_PARSE_TIME', 'The timestamp is impossible.');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'SyslogSyntaxError', code: 'HALONG_PARSE_TIME', message: 'The timestamp is impossible.' });
  });

  it('notSyslog throws HALONG_PARSE_SYSLOG', () => {
    expect(() => notSyslog('No header.')).toThrow(expect.objectContaining({ code: 'HALONG_PARSE_SYSLOG', message: 'No header.' }));
  });
});
