import { parseKeyValues } from '../../../src/parsers/syslog/key-values';

describe('key=value bodies', () => {
  it('reads unquoted, quoted, escaped and empty values', () => {
    expect(parseKeyValues('date=2019-05-10 logid="0000000013" msg="say \\"hi\\" to C:\\\\x" empty= url=/a?b=c')).toEqual({
      date: '2019-05-10',
      logid: '0000000013',
      msg: 'say "hi" to C:\\x',
      empty: '',
      url: '/a?b=c',
    });
    expect(parseKeyValues('  a=1   b="two words"  ')).toEqual({ a: '1', b: 'two words' });
  });

  it('refuses anything that is not key=value throughout', () => {
    expect(parseKeyValues('')).toBeUndefined();
    expect(parseKeyValues('   ')).toBeUndefined();
    expect(parseKeyValues('a=1 free text b=2')).toBeUndefined();
    expect(parseKeyValues('a="unterminated')).toBeUndefined();
    expect(parseKeyValues('a="x"y b=1')).toBeUndefined();
    expect(parseKeyValues('=1')).toBeUndefined();
    expect(parseKeyValues(`${'k'.repeat(65)}=1`)).toBeUndefined();
  });

  it('keeps sender-chosen keys as data', () => {
    const pairs = parseKeyValues('__proto__=x constructor=y')!;
    expect(Object.keys(pairs)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(pairs)).toBe(Object.prototype);
  });
});
