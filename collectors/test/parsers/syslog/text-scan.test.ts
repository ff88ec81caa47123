import { MAX_TOKEN, setField, skipSpaces, tokenEnd, trimTrailers } from '../../../src/parsers/syslog/text-scan';

describe('bounded text scanning', () => {
  it('finds the end of a token, or -1 when it is longer than the bound', () => {
    expect(tokenEnd('host tag', 0)).toBe(4);
    expect(tokenEnd('host', 0)).toBe(4);
    expect(tokenEnd('a  b', 1)).toBe(1);
    expect(tokenEnd('x'.repeat(MAX_TOKEN), 0)).toBe(MAX_TOKEN);
    expect(tokenEnd(`${'x'.repeat(MAX_TOKEN)} y`, 0)).toBe(MAX_TOKEN);
    expect(tokenEnd('x'.repeat(MAX_TOKEN + 1), 0)).toBe(-1);
    expect(tokenEnd('abcdef', 0, 3)).toBe(-1);
  });

  it('skips spaces', () => {
    expect(skipSpaces('a   b', 1)).toBe(4);
    expect(skipSpaces('ab', 1)).toBe(1);
  });

  it('trims transport trailers (CR, LF, NUL) at both ends but keeps spaces', () => {
    expect(trimTrailers('<13>msg\r\n\0\0')).toBe('<13>msg');
    expect(trimTrailers('\n<13>msg \n')).toBe('<13>msg ');
    expect(trimTrailers('\0\r\n')).toBe('');
    const same = '<13>msg';
    expect(trimTrailers(same)).toBe(same);
  });

  it('sets sender-chosen keys as own properties, __proto__ included', () => {
    const target: Record<string, unknown> = {};
    setField(target, '__proto__', 'x');
    setField(target, 'constructor', 'y');
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(target))).toEqual({ ['__proto__']: 'x', constructor: 'y' });
  });
});
