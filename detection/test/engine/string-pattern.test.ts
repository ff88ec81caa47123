import { compilePattern, expandPlaceholders, parseSigmaString, type PlainPart } from '../../src/engine/string-pattern';
import { RuleCompileError } from '../../src/engine/errors';
import { any, lit, one, parts, thrown } from './ir';

const pattern = (value: string, cased = false) => compilePattern(parts(value) as PlainPart[], cased);

describe('compilePattern picks the cheapest test', () => {
  it.each([
    ['cmd.exe', 'cmd.exe', true],
    ['cmd.exe', 'xcmd.exe', false],
    ['cmd*', 'cmd.exe', true],
    ['cmd*', 'xcmd', false],
    ['*.exe', 'cmd.exe', true],
    ['*.exe', 'cmd.exe2', false],
    ['*md.e*', 'cmd.exe', true],
    ['*md.e*', 'cmdexe', false],
    ['c*e', 'cmd.exe', true],
    ['c*e', 'ce', true],
    ['ab*ba', 'aba', false],
    ['a*b*c', 'a-b-c', true],
    ['a*b*c', 'a-c-b', false],
    ['*a*b*', 'xxaxxbxx', true],
    ['*a*b*', 'xxbxxaxx', false],
    ['ab*bc*cd', 'abcd', false],
    ['ab*bc*cd', 'abbccd', true],
    ['*', '', true],
    ['*', 'anything', true],
    ['', '', true],
    ['', 'x', false],
  ])('%j on %j → %s', (p, s, expected) => {
    expect(pattern(p).test(s)).toBe(expected);
  });

  it('uses equality, not a scan, for wildcard-free patterns and reports the exact value', () => {
    expect(pattern('CMD.exe').exact).toBe('cmd.exe');
    expect(pattern('CMD.exe', true).exact).toBe('CMD.exe');
    expect(pattern('cmd*').exact).toBeUndefined();
  });

  it('lower-cases literals unless cased (the caller lower-cases the text)', () => {
    expect(pattern('*\\CMD.EXE').test('c:\\windows\\cmd.exe')).toBe(true);
    expect(pattern('*\\CMD.EXE', true).test('c:\\windows\\cmd.exe')).toBe(false);
    expect(pattern('*\\CMD.EXE', true).test('C:\\WINDOWS\\CMD.EXE')).toBe(true);
  });

  it('lists every literal piece as required', () => {
    expect(pattern('*abc*de?f*').required.sort()).toEqual(['abc', 'de', 'f']);
    expect(pattern('*').required).toEqual([]);
  });
});

describe('glob patterns (with ?)', () => {
  it.each([
    ['prog?.exe', 'proga.exe', true],
    ['prog?.exe', 'prog.exe', false],
    ['prog?.exe', 'progab.exe', false],
    ['?', 'a', true],
    ['?', '', false],
    ['??', 'a', false],
    ['*?', '', false],
    ['*?', 'x', true],
    ['?*', 'x', true],
    ['a?c*x?z', 'abcQQxyz', true],
    ['a?c*x?z', 'abcQQxz', false],
    ['*a?c*', 'zzabczz', true],
    ['*a?c*', 'zzaczz', false],
    ['*a?c*d', 'aXc-aYcd', true],
    ['*?b', 'ab', true],
    ['*?b', 'b', false],
  ])('%j on %j → %s', (p, s, expected) => {
    expect(pattern(p).test(s)).toBe(expected);
  });

  it('takes a surrogate pair as one character', () => {
    expect(pattern('a?b').test('a😀b')).toBe(true);
    expect(pattern('a??b').test('a😀b')).toBe(false);
    expect(pattern('*?b').test('😀b')).toBe(true);
    expect(pattern('*??b').test('😀b')).toBe(false);
  });

  // A backtracking matcher tries every placement of the five `*`s: ~n⁵ steps on a run of n a's,
  // exponential in the number of `*`s. How fast these are answered is measured by `npm run bench
  // -w detection` (section hostile); the tests below prove the matcher linear without a clock.
  it('answers a pattern that is exponential for a backtracking matcher', () => {
    const p = compilePattern([any, lit('a'), any, lit('a'), any, lit('a'), any, lit('a'), any, lit('a'), one, lit('b')], false);
    const run = 'a'.repeat(20_000);
    expect(p.test(run)).toBe(false);
    expect(p.test(`b${run}`)).toBe(false);
    expect(p.test(`${run}b`)).toBe(true);
    expect(p.test(`${run}xb`)).toBe(true);
    expect(p.test(`aaaa${'x'.repeat(20_000)}axb`)).toBe(true);
    expect(p.test(`aaa${'x'.repeat(20_000)}axb`)).toBe(false);
  });
});

// Characters read per character of the text and of the pattern: the glob matcher is
// O(text × pattern) by design, and the shapes below read 1.5 at most today.
const READS_PER_CHAR_PER_PATTERN_CHAR = 4;

/**
 * How many characters of strings a compiled test read through the String methods the matchers
 * use (an indexOf counts what it scanned), stopping it once past `budget`: a quadratic walk then
 * ends at once, not after minutes.
 */
function charReads(run: () => unknown, budget: number): number {
  const proto = String.prototype;
  const { charCodeAt, startsWith, endsWith, indexOf, includes } = proto;
  let reads = 0;
  const read = (n: number) => {
    reads += n;
    if (reads > budget) throw new RangeError('over the read budget');
  };
  const scanned = (s: string, found: number, needle: string, from = 0) => (found < 0 ? Math.max(0, s.length - from) : found - from + needle.length);
  proto.charCodeAt = function (this: string, index: number) {
    read(1);
    return charCodeAt.call(this, index);
  };
  proto.startsWith = function (this: string, needle: string, position?: number) {
    read(needle.length);
    return startsWith.call(this, needle, position);
  };
  proto.endsWith = function (this: string, needle: string, end?: number) {
    read(needle.length);
    return endsWith.call(this, needle, end);
  };
  proto.indexOf = function (this: string, needle: string, from?: number) {
    const found = indexOf.call(this, needle, from);
    read(scanned(this, found, needle, from));
    return found;
  };
  proto.includes = function (this: string, needle: string, from?: number) {
    const found = indexOf.call(this, needle, from);
    read(scanned(this, found, needle, from));
    return found >= 0;
  };
  try {
    run();
  } catch (error) {
    if (reads <= budget) throw error;
  } finally {
    Object.assign(proto, { charCodeAt, startsWith, endsWith, indexOf, includes });
  }
  return reads;
}

describe('compiled patterns read the text a bounded number of times per character', () => {
  // Each text fails only at its end or nowhere in particular, so every character must be read at
  // least once, which also shows that the counting sees the matcher's reads. A bound per
  // character that holds at 4 KB and at 64 KB alike proves the matcher linear in the text, where
  // one that backtracks or rescans text it already passed reads thousands of times per character.
  it.each<[string, (size: number) => string]>([
    ['*a?c*', (size) => 'a'.repeat(size)],
    ['*aaaaaaaa?b*', (size) => 'a'.repeat(size)],
    ['*a?a?a?a?b*', (size) => 'a'.repeat(size)],
    ['*a*a*a*a*a?b*', (size) => 'a'.repeat(size)],
    ['*😀?x*', (size) => '😀'.repeat(size / 2)],
    ['*ab*ab*ab*ac*', (size) => 'ab'.repeat(size / 2)],
  ])('%j on runs of its own characters', (source, make) => {
    const p = pattern(source);
    for (const size of [4 * 1024, 64 * 1024]) {
      const text = make(size);
      const budget = READS_PER_CHAR_PER_PATTERN_CHAR * source.length * text.length;
      let result: boolean | undefined;
      const reads = charReads(() => (result = p.test(text)), budget);
      expect(reads).toBeLessThanOrEqual(budget);
      expect(reads).toBeGreaterThanOrEqual(text.length);
      expect(result).toBe(false);
    }
  });
});

describe('parseSigmaString (placeholder values)', () => {
  it('reads wildcards and escapes as Sigma does', () => {
    expect(parseSigmaString('srv*')).toEqual([lit('srv'), any]);
    expect(parseSigmaString('a\\*b\\?c')).toEqual([lit('a*b?c')]);
    expect(parseSigmaString('a\\\\*')).toEqual([lit('a\\'), any]);
    expect(parseSigmaString('c:\\windows')).toEqual([lit('c:\\windows')]);
    expect(parseSigmaString('?x')).toEqual([one, lit('x')]);
  });
});

describe('expandPlaceholders', () => {
  const lookup = (name: string) => ({ Servers: ['srv*', 'dc?'], Admins: ['root', 'admin'] })[name];

  it('replaces each placeholder by each of its values (OR), combining several', () => {
    const out = expandPlaceholders(parts('x%Servers%-%Admins%'), lookup);
    expect(out).toHaveLength(4);
    expect(out.map((p) => compilePattern(p, false).test('xsrv01-root'))).toContain(true);
    expect(out.some((p) => compilePattern(p, false).test('xdc1-admin'))).toBe(true);
    expect(out.some((p) => compilePattern(p, false).test('xdc12-admin'))).toBe(false);
  });

  it('fails with HALONG_SIGMA_MAPPING on an unknown placeholder', () => {
    const error = thrown(() => expandPlaceholders(parts('%Nope%'), lookup));
    expect(error).toBeInstanceOf(RuleCompileError);
    expect((error as RuleCompileError).code).toBe('HALONG_SIGMA_MAPPING');
  });
});
