import type { ConditionNode } from '../../src/sigma/types';
import { compileRule, isSigmaProblem } from '../../src/engine';
import { and, compile, contains, endswith, field, keywords, mapping, maps, not, num, of, or, ref, rule, str } from './ir';

// Searches from the spec's examples: a Security log event id selection, keyword lists and filters.
const searches = {
  selection: maps([field('EventLog', str('Security')), field('EventID', [num(517), num(1102)])]),
  keywords1: keywords([str('*event::clear*'), str('*event::drop*')]),
  keywords2: keywords([str('*OabVirtualDirectory*'), str('* -ExternalUrl *')], true),
  filter_a: maps([field('User', str('SYSTEM'))]),
  filter_b: maps([field('User', endswith('$'))]),
  _private: maps([field('Debug', str('1'))]),
};

const evaluate = (condition: ConditionNode, event: Record<string, unknown>) => compile(rule(searches, condition)).matches(event);

const security1102 = { EventLog: 'security', EventID: 1102, User: 'alice' };

describe('conditions', () => {
  it('ref: a map is the AND of its fields, a value list is an OR', () => {
    expect(evaluate(ref('selection'), security1102)).toBe(true);
    expect(evaluate(ref('selection'), { EventLog: 'Security', EventID: '517' })).toBe(true);
    expect(evaluate(ref('selection'), { EventLog: 'Security', EventID: 4688 })).toBe(false);
    expect(evaluate(ref('selection'), { EventLog: 'System', EventID: 1102 })).toBe(false);
  });

  it('and / or / not, with brackets', () => {
    expect(evaluate(and(ref('selection'), not(ref('filter_a'))), security1102)).toBe(true);
    expect(evaluate(and(ref('selection'), not(ref('filter_a'))), { ...security1102, User: 'system' })).toBe(false);
    expect(evaluate(or(ref('filter_a'), ref('filter_b')), { User: 'HOST$' })).toBe(true);
    expect(evaluate(and(ref('selection'), or(ref('keywords1'), ref('keywords2'))), { ...security1102, msg: 'x event::drop y' })).toBe(true);
    expect(evaluate(and(ref('selection'), or(ref('keywords1'), ref('keywords2'))), security1102)).toBe(false);
  });

  it('keywords: OR over the values, AND with |all, searched in every string of the event', () => {
    expect(evaluate(ref('keywords1'), { a: { b: ['x', 'mimikatz EVENT::CLEAR'] } })).toBe(true);
    expect(evaluate(ref('keywords2'), { m: 'Set-OabVirtualDirectory -ExternalUrl http://x' })).toBe(true);
    expect(evaluate(ref('keywords2'), { m: 'Set-OabVirtualDirectory', n: ' -ExternalUrl ' })).toBe(true);
    expect(evaluate(ref('keywords2'), { m: 'Set-OabVirtualDirectory' })).toBe(false);
  });

  it('1 of / all of a pattern (names resolved by the parser)', () => {
    const anyFilter = of(1, ['filter_a', 'filter_b']);
    const allFilters = of('all', ['filter_a', 'filter_b']);
    expect(evaluate(anyFilter, { User: 'system' })).toBe(true);
    expect(evaluate(anyFilter, { User: 'bob' })).toBe(false);
    expect(evaluate(allFilters, { User: 'system' })).toBe(false);
    expect(evaluate(allFilters, { User: ['system', 'pc$'] })).toBe(true);
    expect(evaluate(and(ref('selection'), not(of(1, ['filter_a', 'filter_b']))), security1102)).toBe(true);
  });

  it('n of with n between 1 and all counts matches', () => {
    const twoOf = of(2, ['filter_a', 'filter_b', '_private']);
    expect(evaluate(twoOf, { User: 'SYSTEM', Debug: '1' })).toBe(true);
    expect(evaluate(twoOf, { User: 'SYSTEM' })).toBe(false);
    expect(evaluate(twoOf, { User: ['SYSTEM', 'a$'], Debug: '1' })).toBe(true);
    expect(evaluate(of(4, ['filter_a', 'filter_b', '_private']), { User: 'SYSTEM', Debug: '1' })).toBe(false);
  });

  it('an undefined search is a HALONG_SIGMA_REFERENCE problem', () => {
    const result = compileRule(rule(searches, and(ref('selection'), ref('nope'))), mapping());
    expect(isSigmaProblem(result) && result.code).toBe('HALONG_SIGMA_REFERENCE');
    const inherited = compileRule(rule(searches, ref('constructor')), mapping());
    expect(isSigmaProblem(inherited) && inherited.code).toBe('HALONG_SIGMA_REFERENCE');
  });

  it('short-circuits: a cheap false branch spares the expensive one', () => {
    let reads = 0;
    const eventWith = (cheap: string) => {
      const event: Record<string, unknown> = { cheap };
      Object.defineProperty(event, 'expensive', {
        enumerable: true,
        get() {
          reads += 1;
          return 'x';
        },
      });
      return event;
    };
    const r = rule({ a: maps([field('expensive', contains('x'))]), b: maps([field('cheap', str('yes'))]) }, and(ref('a'), ref('b')));
    const c = compile(r);
    // `a` (contains) costs more than `b` (equality): b runs first, is false, and a is never read.
    expect(c.matches(eventWith('no'))).toBe(false);
    expect(reads).toBe(0);
    expect(c.matches(eventWith('yes'))).toBe(true);
    expect(reads).toBe(1);
  });

  it('deeply nested conditions are refused rather than overflowing the stack', () => {
    let node: ConditionNode = ref('selection');
    for (let i = 0; i < 1000; i += 1) node = not(node);
    const result = compileRule(rule(searches, node), mapping());
    expect(isSigmaProblem(result) && result.code).toBe('HALONG_SIGMA_CONDITION');
  });
});
