import RE2 from 're2';
import { compileRule, isSigmaProblem } from '../../src/engine';
import { lowerText } from '../../src/engine/field-access';
import { requiredRegexLiterals } from '../../src/engine/regex-literals';
import { compileField, field, mapping, maps, re, rule } from './ir';
import { random } from './random';

const matches = (source: string, value: unknown, flags: Partial<{ i: boolean; m: boolean; s: boolean }> = {}) =>
  compileField(field('f', re(source, flags))).matches({ f: value });

describe('regex tests', () => {
  it('are case-sensitive unless i', () => {
    expect(matches('cmd\\.exe', 'CMD.EXE')).toBe(false);
    expect(matches('cmd\\.exe', 'CMD.EXE', { i: true })).toBe(true);
    expect(matches('(?i)cmd\\.exe', 'CMD.EXE')).toBe(true);
  });

  it('are guarded by a clause of alternatives: a value holding any one of them is tested', () => {
    const pnscan = '-(W|R)\\s?(\\s|"|\')([0-9a-fA-F]{2}\\s?){2,20}(\\s|"|\')';
    expect(matches(pnscan, 'pnscan -R "00 11 22" 10.0.0.0/8')).toBe(true);
    expect(matches(pnscan, 'pnscan -W "00 11" 10.0.0.0/8')).toBe(true);
    expect(matches(pnscan, ['x', 'pnscan -R "0a 1b" 10.0.0.0/8'])).toBe(true);
    expect(matches(pnscan, 'pnscan -r "00 11 22" x')).toBe(false);
    expect(matches(pnscan, 'pnscan -x "00 11 22" x')).toBe(false);
  });

  it('honour m and s', () => {
    expect(matches('^b$', 'a\nb\nc')).toBe(false);
    expect(matches('^b$', 'a\nb\nc', { m: true })).toBe(true);
    expect(matches('a.b', 'a\nb')).toBe(false);
    expect(matches('a.b', 'a\nb', { s: true })).toBe(true);
  });

  it('search anywhere in the value, on string forms of numbers, any element of arrays', () => {
    expect(matches('\\d{4}', 'id 4688 x')).toBe(true);
    expect(matches('^46\\d\\d$', 4688)).toBe(true);
    expect(matches('^x$', ['a', 'x'])).toBe(true);
    expect(matches('x', null)).toBe(false);
  });

  it('are refused with HALONG_SIGMA_UNSUPPORTED when RE2 cannot run them linearly', () => {
    for (const source of ['a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b', '(a)\\1']) {
      const result = compileRule(rule({ sel: maps([field('f', re(source))]) }), mapping());
      expect(isSigmaProblem(result)).toBe(true);
      expect(isSigmaProblem(result) && result.code).toBe('HALONG_SIGMA_UNSUPPORTED');
      expect(isSigmaProblem(result) && result.message).toContain('RE2');
    }
  });

  // What keeps this input linear is the engine: V8's would try every split of the run of a's
  // (2^50,000). The short input goes first, so a regex moved off RE2 fails there instead of
  // hanging on the long one. How fast RE2 answers is measured by `npm run bench -w detection`
  // (section hostile).
  it('run input that is catastrophic for a backtracking engine on RE2, and answer it', () => {
    const re2Test = jest.spyOn(RE2.prototype, 'test');
    try {
      for (const run of ['a'.repeat(20), 'a'.repeat(50_000)]) {
        for (const [value, expected] of [[`${run}!`, false], [run, true], [`!${run}`, false]] as const) {
          re2Test.mockClear();
          expect([value.length, matches('^(a+)+$', value)]).toEqual([value.length, expected]);
          expect(re2Test).toHaveBeenCalledWith(value);
        }
      }
    } finally {
      re2Test.mockRestore();
    }
  });

  it('are guarded by a required literal without changing results', () => {
    expect(matches('powershell.*-enc\\s', 'PowerShell -enc AAA', { i: true })).toBe(true);
    expect(matches('powershell.*-enc\\s', 'POWERſHELL -enc AAA', { i: true })).toBe(true);
    expect(matches('powershell.*-enc\\s', 'pwsh -enc AAA', { i: true })).toBe(false);
  });
});

describe('requiredRegexLiterals', () => {
  it.each([
    ['cmd\\.exe /c', false, [['cmd.exe /c']]],
    ['abc?d', false, [['ab'], ['d']]],
    ['abc*d', false, [['ab'], ['d']]],
    ['abc+d', false, [['abc'], ['d']]],
    ['abc{0,2}d', false, [['ab'], ['d']]],
    ['abc{2}d', false, [['abc'], ['d']]],
    ['(foo|bar)baz', false, [['foobaz', 'barbaz']]],
    ['(foo)?baz', false, [['baz']]],
    ['x[abc]yz', false, [['xayz', 'xbyz', 'xcyz']]],
    ['\\s-[FTd]\\s', false, [['-f', '-t', '-d']]],
    ['x[^ab]yz', false, [['yz'], ['x']]],
    ['x[a-c]yz', false, [['yz'], ['x']]],
    ['[.]exe', false, [['.exe']]],
    ['x[ab]?yz', false, [['yz'], ['x']]],
    ['[st]x', true, [['x']]],
    ['\\\\windows\\\\system32', false, [['\\windows\\system32']]],
    ['foo|bar', false, []],
    ['\\x41bc', false, []],
    ['ABC', false, [['abc']]],
    ['powershell', true, [['power'], ['hell']]],
    ['(?i)powershell', false, [['power'], ['hell']]],
    ['naïve', false, [['na'], ['ve']]],
    ['a\\d+b', false, [['a'], ['b']]],
    ['-(W|R)\\s?(\\s|"|\')([0-9a-fA-F]{2}\\s?){2,20}(\\s|"|\')', false, [['-w', '-r']]],
    ['(?:ab|cd)+e', false, [['ab', 'cd'], ['e']]],
    ['x(ab|cd)?y', false, [['x'], ['y']]],
    ['(a|)b', false, [['b']]],
    ['(ab|c.)d', false, [['d']]],
    ['(?i:ab|cd)e', false, [['e']]],
    ['(s|t)x', true, [['x']]],
    ['(\\.exe|\\.dll)$', false, [['.exe', '.dll']]],
  ])('%j (i=%s) → %j', (source, i, expected) => {
    expect(requiredRegexLiterals(source, i)).toEqual(expected);
  });

  it('never claims a literal that a matching string lacks (random regexes against RE2)', () => {
    const rnd = random(7);
    const atoms = ['a', 'b', 'S', 's', '\\.', '.', '[ab]', '(a|b)', '(ab)', '(?:ab|ba)', '(a|bs)', '(k|b)', 'ſ', 'K'];
    const quantifiers = ['', '', '', '?', '*', '+', '{0,2}', '{1,2}'];
    const alphabet = ['a', 'b', 's', 'S', 'ſ', '.', 'k', 'K', 'K'];
    let checked = 0;
    for (let n = 0; n < 400; n += 1) {
      let source = '';
      for (let k = rnd.int(1, 6); k > 0; k -= 1) source += rnd.pick(atoms) + rnd.pick(quantifiers);
      const i = rnd.bool();
      const regex = new RE2(source, i ? 'i' : '');
      const literals = requiredRegexLiterals(source, i);
      for (let m = 0; m < 60; m += 1) {
        let text = '';
        for (let k = rnd.int(0, 9); k > 0; k -= 1) text += rnd.pick(alphabet);
        if (!regex.test(text)) continue;
        checked += 1;
        for (const l of literals) expect({ source, text, l, found: l.some((x) => lowerText(text).includes(x)) }).toEqual({ source, text, l, found: true });
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
