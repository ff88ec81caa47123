import { parseKeyValues } from '../../../src/parsers/syslog/key-values';
import { referenceKeyValues } from './support/key-values-reference';

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

  it('reads exactly what the character-loop reader read, on random bodies', () => {
    // Bodies built token by token from keys, values and separators dense in the cases that
    // matter (quotes, escapes, junk after a closing quote, no space between tokens, long keys).
    // mulberry32: a small seeded generator whose low bits are usable.
    let seed = 5424;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const keys = ['a', 'srcip', 'k'.repeat(64), 'k'.repeat(65), '-', 'x.y_z', '', '"q"', 'é'];
    const values = ['', '1', 'x=y', '""', '"a b"', '"say \\"hi\\""', '"C:\\\\x"', '"C:\\x"', '"\\"', '"unclosed', '"x"y', '"x"=', '\\', 'a"b', '\t'];
    const separators = [' ', ' ', '  ', '', '\t'];
    let keyValue = 0;
    for (let i = 0; i < 20_000; i++) {
      let text = random(4) === 0 ? ' ' : '';
      const tokens = 1 + random(4);
      for (let j = 0; j < tokens; j++) text += `${j > 0 ? separators[random(separators.length)] : ''}${keys[random(keys.length)]}=${values[random(values.length)]}`;
      if (random(5) === 0) text += ' ';
      const expected = referenceKeyValues(text);
      if (expected && Object.keys(expected).length > 1) keyValue++;
      expect([text, parseKeyValues(text)]).toEqual([text, expected]);
    }
    // Bodies of several pairs must be common, or the comparison says little.
    expect(keyValue).toBeGreaterThan(500);
  });
});
