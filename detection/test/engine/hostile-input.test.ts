// Hostile events must be answered right, whatever their size and shape: no pattern, regex or walk
// may blow up or overflow the stack. How fast, at n and 4n, is measured by `npm run bench -w
// detection` (section hostile), never here.
import RE2 from 're2';
import { createStreamMatcher } from '../../src/engine';
import { hostileRules } from './hostile-rules';

describe('hostile input', () => {
  const rules = hostileRules();
  const matcher = createStreamMatcher(rules.map((r) => ({ rule: r, conditions: [] })));
  const ids = (hits: ReturnType<typeof matcher.match>) => hits.map((h) => h.rule.rule.id);

  it('a 5 MB field value is answered right by every kind of test', () => {
    const huge = 'a'.repeat(5_000_000);
    expect(ids(matcher.match({ cmd: huge }))).toEqual([]);
    expect(ids(matcher.match({ cmd: `${huge}needle` }))).toEqual(['contains', 'keyword']);
    expect(ids(matcher.match({ cmd: `${huge}ab` }))).toEqual(['glob', 'regex']);
  });

  // `(a+)+b` holds the literal b: with one in the value, the regex is run on all 5 MB, and RE2
  // (linear) is what must run it.
  it('a 5 MB value that holds the literal of the regex rule is tested by RE2', () => {
    const value = `b${'a'.repeat(5_000_000)}`;
    const re2Test = jest.spyOn(RE2.prototype, 'test');
    try {
      expect(ids(matcher.match({ cmd: value }))).toEqual([]);
      expect(re2Test).toHaveBeenCalledWith(value);
    } finally {
      re2Test.mockRestore();
    }
  });

  it('a deeply nested event and a huge array are walked without overflowing the stack', () => {
    let deep: Record<string, unknown> = { cmd: 'needle' };
    for (let i = 0; i < 200_000; i += 1) deep = { n: deep };
    // The keyword walk stops at a fixed depth: the needle 200,000 levels down is out of its reach.
    expect(ids(matcher.match({ deep }))).toEqual([]);
    const wide = { cmd: Array.from({ length: 200_000 }, (_, i) => `value ${i}`) };
    expect(ids(matcher.match(wide))).toEqual([]);
    wide.cmd.push('the needle');
    expect(ids(matcher.match(wide))).toEqual(['contains', 'keyword']);
  });

  it('many distinct fields, hostile keys and odd value types are ignored, not fatal', () => {
    const odd: Record<string, unknown> = { cmd: { nested: 'needle' }, 'cmd.x': 1 };
    for (let i = 0; i < 50_000; i += 1) odd[`f${i}`] = i % 2 ? null : [i, { x: 'y' }];
    Object.defineProperty(odd, '__proto__', { value: 'x', enumerable: true });
    expect(ids(matcher.match(odd))).toEqual(['keyword']);
    expect(matcher.stats().every((s) => s.errors === 0)).toBe(true);
  });
});
