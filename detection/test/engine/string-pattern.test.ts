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

  it('runs in polynomial time on a pattern that is exponential for a backtracking matcher', () => {
    const p = compilePattern([any, lit('a'), any, lit('a'), any, lit('a'), any, lit('a'), any, lit('a'), one, lit('b')], false);
    const text = 'a'.repeat(20_000);
    const start = performance.now();
    expect(p.test(text)).toBe(false);
    expect(performance.now() - start).toBeLessThan(1000);
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
