import RE2 from 're2';
import { Unsupported } from '../../src/opensearch/errors';
import { re2ToLucene } from '../../src/opensearch/re2-lucene';
import { luceneToJs } from './fixtures/lucene-to-js';

type Flags = { i: boolean; m: boolean; s: boolean };
const NONE: Flags = { i: false, m: false, s: false };

const SAMPLES = [
  '', 'a', 'abc', 'ABC', 'xabcx', 'whoami /all', 'WHOAMI   /ALL', 'line1\nwhoami /all', 'line1\nwhoami\n', 'whoami\n',
  'cmd.exe /c', 'cmdXexe', 'echo 12345', 'a\tb', 'a b', 'foo-bar', 'foo_bar', 'x]y', 'a^b', 'a$b', 'C:\\Windows\\x',
  'Kelvin \u212A', 'kelvin', 'ſam', 'SAM', 'µ', 'μ', 'ΣΑΣ', 'σας', 'Émile', 'émile', '😀', '😀x', 'aaa', 'aaaa', '1.2.3.4',
  '%temp%', 'a\u0000b', '{a}', 'a{2}', 'Straße',
];

const CASES: [string, Partial<Flags>][] = [
  ['abc', {}], ['^abc', {}], ['abc$', {}], ['^abc$', {}], ['a.c', {}], ['a.c', { s: true }], ['whoami\\s+/all', {}],
  ['whoami\\s+/all', { i: true }], ['^whoami', { m: true }], ['all$', { m: true }], ['\\d{3,}', {}], ['\\d{2,3}', {}],
  ['a{2}', {}], ['^a{2,}$', {}], ['[^a-c]', {}], ['[a-c]', { i: true }], ['[^k]', { i: true }], ['kelvin', { i: true }],
  ['sam', { i: true }], ['µ', { i: true }], ['σασ', { i: true }], ['(?i)émile', {}], ['(?i:a)bc', {}], ['(?i)a(?-i)bc', {}],
  ['[[:digit:]]+', {}], ['[[:^alpha:][:digit:]]', {}], ['\\w+', {}], ['\\W', {}], ['\\S+', {}], ['x\\]y', {}], ['x[]]y', {}],
  ['a\\^b', {}], ['a\\$b', {}], ['\\x41', {}], ['\\x{1F600}', {}], ['\\101', {}], ['\\Qa.b\\E', {}], ['a|^b|c$', {}],
  ['(?:ab)+', {}], ['(?P<n>a)b', {}], ['a*?', {}], ['^$', {}], ['', {}], ['%temp%', {}], ['\\\\Windows', {}], ['[\\d.]+', {}],
  ['{a}', {}], ['a{,2}', {}], ['a\\x00b', {}], ['.', {}], ['^.$', {}], ['(?s).', {}], ['strasse', { i: true }], ['ß', { i: true }],
];

const flagString = (f: Flags) => `${f.i ? 'i' : ''}${f.m ? 'm' : ''}${f.s ? 's' : ''}`;

describe('re2ToLucene', () => {
  it.each(CASES)('%s %j selects the same strings as RE2', (source, partial) => {
    const flags = { ...NONE, ...partial };
    const re2 = new RE2(source, flagString(flags));
    const out = re2ToLucene(source, flags);
    const test = 'literal' in out ? (s: string) => s === out.literal : (s: string) => luceneToJs(out.regexp).test(s);
    for (const s of SAMPLES) expect([s, test(s)]).toEqual([s, re2.test(s)]);
  });

  it('makes unanchored ends `.*` and keeps anchored ones', () => {
    expect(re2ToLucene('abc', NONE)).toEqual({ regexp: '.*abc.*' });
    expect(re2ToLucene('^abc', NONE)).toEqual({ regexp: 'abc.*' });
    expect(re2ToLucene('^a.c$', NONE)).toEqual({ regexp: 'a[^\\\n]c' });
    expect(re2ToLucene('^a.c$', { ...NONE, s: true })).toEqual({ regexp: 'a.c' });
    expect(re2ToLucene('^x$', { ...NONE, m: true })).toEqual({ regexp: '(.*\\\n)?x(\\\n.*)?' });
  });

  it('answers a regex matching one string with that string (a term query)', () => {
    expect(re2ToLucene('^cmd\\.exe$', NONE)).toEqual({ literal: 'cmd.exe' });
    expect(re2ToLucene('\\A(?:ab){2}\\z', NONE)).toEqual({ literal: 'abab' });
    expect(re2ToLucene('^1$', { ...NONE, i: true })).toEqual({ literal: '1' });
    expect(re2ToLucene('^a$', { ...NONE, i: true })).toEqual({ regexp: '[Aa]' });
  });

  it('folds case with classes of RE2 orbits (k also matches the Kelvin sign)', () => {
    expect(re2ToLucene('^k$', { ...NONE, i: true })).toEqual({ regexp: '[Kk\u212A]' });
  });

  it.each([
    ['\\bword', /word boundary/],
    ['\\pL', /Unicode class/],
    ['\\C', /any byte/],
    ['a^b', /inside the pattern/],
    ['(^a|b)c', /inside the pattern/],
    ['(a', /missing \)/],
    ['a)', /unmatched/],
    ['[a', /missing \]/],
    ['\\1', /backreference/],
    ['a{3,1}', /bad repetition/],
    ['*a', /missing argument/],
    ['(?=a)', /unsupported group/],
    ['\\8', /invalid escape/],
    ['[^\\x00-\\x{10FFFF}]', /matches nothing/],
  ])('refuses %s', (source, reason) => {
    expect(() => re2ToLucene(source, NONE)).toThrow(Unsupported);
    expect(() => re2ToLucene(source, NONE)).toThrow(reason);
  });
});
