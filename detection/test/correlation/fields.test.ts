import { encodeGroupKey, numeric, readField } from '../../src/correlation/fields';

describe('fields', () => {
  it('reads dotted keys, then nested paths; empty values read as missing', () => {
    expect(readField({ 'host.name': 'a', host: { name: 'b' } }, 'host.name')).toBe('a');
    expect(readField({ host: { name: 'b' } }, 'host.name')).toBe('b');
    expect(readField({ host: ['x'] }, 'host.name')).toBeUndefined();
    expect([null, '', []].map((v) => readField({ f: v }, 'f'))).toEqual([undefined, undefined, undefined]);
  });

  it('parses numbers and numeric strings only', () => {
    expect([3, '4.5', ' ', 'x', Infinity, true].map(numeric)).toEqual([3, 4.5, undefined, undefined, undefined, undefined]);
  });

  it('encodes group keys unambiguously', () => {
    expect(encodeGroupKey(['a', 'b'], ['x&b=y', 1])).toBe('a=x%26b%3Dy&b=1');
    expect(encodeGroupKey(['a', 'b'], ['x', 'b=y'])).not.toBe(encodeGroupKey(['a', 'b'], ['x&b=y', '']));
    expect(encodeGroupKey(['ip'], [['10.0.0.1', '10.0.0.2']])).toBe('ip=%5B%2210.0.0.1%22%2C%2210.0.0.2%22%5D');
    expect(encodeGroupKey([], [])).toBe('');
  });
});
