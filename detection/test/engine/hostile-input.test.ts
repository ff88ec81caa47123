// Hostile events must cost time linear in their size: no pattern, regex or walk may blow up.
import { createStreamMatcher } from '../../src/engine';
import { compile, contains, field, keywords, maps, one, any, lit, re, ref, rule, str } from './ir';

const within = (ms: number, fn: () => void) => {
  const start = performance.now();
  fn();
  return performance.now() - start < ms;
};

describe('hostile input', () => {
  const rules = [
    compile(rule({ sel: maps([field('cmd', contains('needle'))]) }, undefined, 'contains')),
    compile(rule({ sel: maps([field('cmd', { kind: 'string', pattern: [any, lit('a'), any, lit('a'), any, lit('a'), one, lit('b'), any], cased: false })]) }, undefined, 'glob')),
    compile(rule({ sel: maps([field('cmd', re('(a+)+b'))]) }, undefined, 'regex')),
    compile(rule({ kw: keywords([str('needle')]) }, ref('kw'), 'keyword')),
    compile(rule({ sel: maps([field('cmd', Array.from({ length: 500 }, (_, i) => contains(`lit${i}x`)))]) }, undefined, 'many')),
  ];
  const matcher = createStreamMatcher(rules.map((r) => ({ rule: r, conditions: [] })));

  it('a 5 MB field value is matched in bounded time by every kind of test', () => {
    const huge = 'a'.repeat(5_000_000);
    let hits: string[] = [];
    expect(within(10_000, () => (hits = matcher.match({ cmd: huge }).map((h) => h.rule.rule.id!)))).toBe(true);
    expect(hits).toEqual([]);
    expect(matcher.match({ cmd: `${huge}needle` }).map((h) => h.rule.rule.id)).toEqual(['contains', 'keyword']);
  });

  it('a deeply nested event and a huge array are walked in bounded time without overflowing the stack', () => {
    let deep: Record<string, unknown> = { cmd: 'needle' };
    for (let i = 0; i < 200_000; i += 1) deep = { n: deep };
    expect(within(10_000, () => matcher.match({ deep }))).toBe(true);
    const wide = { cmd: Array.from({ length: 200_000 }, (_, i) => `value ${i}`) };
    let hits: string[] = [];
    expect(within(10_000, () => (hits = matcher.match(wide).map((h) => h.rule.rule.id!)))).toBe(true);
    expect(hits).toEqual([]);
    wide.cmd.push('the needle');
    expect(matcher.match(wide).map((h) => h.rule.rule.id)).toEqual(['contains', 'keyword']);
  });

  it('many distinct fields, hostile keys and odd value types are ignored, not fatal', () => {
    const odd: Record<string, unknown> = { cmd: { nested: 'needle' }, 'cmd.x': 1 };
    for (let i = 0; i < 50_000; i += 1) odd[`f${i}`] = i % 2 ? null : [i, { x: 'y' }];
    Object.defineProperty(odd, '__proto__', { value: 'x', enumerable: true });
    expect(within(10_000, () => matcher.match(odd))).toBe(true);
    expect(matcher.stats().every((s) => s.errors === 0)).toBe(true);
  });
});
