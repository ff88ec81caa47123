import { createNaiveMatcher, createStreamMatcher, type MatcherEntry } from '../../src/engine';
import { planOf } from '../../src/engine/compile-rule';
import { FACT_ABSENT, FACT_FOUND, FACT_UNKNOWN, factId, ScanFacts } from '../../src/engine/contains-facts';
import { CachedView, DirectView } from '../../src/engine/event-view';
import { pathRef } from '../../src/engine/field-access';
import { compile, contains, field, maps, not, or, ref, rule, str } from './ir';
import { random } from './random';

// Six literals with nothing in common: no four anchors cover them, so the automaton scans in full and carries facts.
const WORDS = ['qzx', 'wvy', 'jkp', 'mnb', 'hgf', 'tr-e'];

describe('contains facts', () => {
  it('map literals to the patterns of the automaton that answers them', () => {
    const [a, b, c] = [factId('facts-a'), factId('facts-b'), factId('facts-c')];
    const facts = new ScanFacts(['other', 'facts-b', 'facts-a']);
    const seen = Uint32Array.from([7, 0, 0, 7]);
    expect(facts.automaton.patterns).toEqual(['other', 'facts-b', 'facts-a']);
    expect(facts.state(a, seen, 1, 7)).toBe(FACT_FOUND);
    expect(facts.state(b, seen, 1, 7)).toBe(FACT_ABSENT);
    expect(facts.state(c, seen, 1, 7)).toBe(FACT_UNKNOWN);
    expect(facts.state(a, seen, 1, 8)).toBe(FACT_ABSENT);
  });

  it('answer a contains test from the noted scan instead of the text (the fast path is taken)', () => {
    const r = compile(rule({ sel: maps([field('cmd', contains('facts-lit'))]), two: maps([field('cmd', [contains('facts-x'), contains('facts-y')])]) }, or(ref('sel'), ref('two'))));
    const evaluate = planOf(r)!.evaluate;
    const view = new CachedView();
    const event = { cmd: 'no such literal in here' };
    view.reset(event);
    expect(evaluate(view)).toBe(false);
    // A scan that (falsely) says the literal occurs: trusted, so the test must answer true.
    view.reset(event);
    view.noteScan(pathRef('cmd'), new ScanFacts(['facts-lit']), Uint32Array.from([5]), 0, 5);
    expect(evaluate(view)).toBe(true);
    view.reset(event);
    view.noteScan(pathRef('cmd'), new ScanFacts(['facts-x', 'facts-lit', 'facts-y']), Uint32Array.from([0, 0, 5]), 0, 5);
    expect(evaluate(view)).toBe(true);
    // And one that says none occurs, on a text holding one: answered false.
    view.reset({ cmd: 'FACTS-Y' });
    view.noteScan(pathRef('cmd'), new ScanFacts(['facts-x', 'facts-lit', 'facts-y']), Uint32Array.from([0, 0, 0]), 0, 5);
    expect(evaluate(view)).toBe(false);
    expect(new DirectView(event).fact()).toBe(FACT_UNKNOWN);
  });

  it('answer a contains|all test from the noted scan, literal by literal, computing only what it does not know', () => {
    const r = compile(rule({ sel: maps([field('cmd', [contains('facts-all-a'), contains('facts-all-b'), contains('facts-all-c')], { all: true })]) }));
    const evaluate = planOf(r)!.evaluate;
    const view = new CachedView();
    const event = { cmd: 'FACTS-ALL-C only' };
    const note = (stamps: number[]) => {
      view.reset(event);
      view.noteScan(pathRef('cmd'), new ScanFacts(['facts-all-a', 'facts-all-b']), Uint32Array.from(stamps), 0, 5);
    };
    view.reset(event);
    expect(evaluate(view)).toBe(false);
    // a and b said to occur (falsely): trusted; c is not in the scan, so the text is asked, and holds it.
    note([5, 5]);
    expect(evaluate(view)).toBe(true);
    note([5, 0]);
    expect(evaluate(view)).toBe(false);
    view.reset({ cmd: 'facts-all-a facts-all-b' });
    view.noteScan(pathRef('cmd'), new ScanFacts(['facts-all-a', 'facts-all-b']), Uint32Array.from([5, 5]), 0, 5);
    expect(evaluate(view)).toBe(false);
  });

  it('give the naive answers on long texts, arrays and short texts', () => {
    const m = (conditions: MatcherEntry['conditions'], id: string, searches: Parameters<typeof rule>[0], condition?: Parameters<typeof rule>[1]) => ({
      rule: compile(rule(searches, condition, id)),
      conditions,
    });
    const entries: MatcherEntry[] = [
      m([], 'any', { sel: maps([field('cmd', WORDS.map((w) => contains(w)))]) }),
      m([], 'all', { sel: maps([field('cmd', [contains('qzx'), contains('ab'), contains('-c ')], { all: true })]) }),
      m([], 'filtered', { sel: maps([field('cmd', contains('wvy'))]), filter: maps([field('cmd', [contains('mnb'), contains('zz'), str('*x y*')])]) }, not(ref('filter'))),
      m([], 'mixed', { sel: maps([field('cmd', [contains('jkp'), str('exact')])]), other: maps([field('cmd', contains('hgf')), field('cmd', contains('tr-e'))]) }, or(ref('sel'), ref('other'))),
    ];
    const indexed = createStreamMatcher(entries);
    const naive = createNaiveMatcher(entries);
    const rnd = random(9);
    const pieces = [...WORDS, ...WORDS.map((w) => w.toUpperCase()), 'ab', '-c ', 'zz', 'x', ' ', 'y', 'filler text ', 'Σ'];
    const text = (min: number) => {
      let s = '';
      while (s.length < min) s += rnd.bool(0.1) ? rnd.pick(pieces) : 'lorem ipsum ';
      return s;
    };
    let long = 0;
    for (let n = 0; n < 400; n += 1) {
      const roll = rnd.next();
      const cmd = roll < 0.5 ? text(rnd.int(512, 2000)) : roll < 0.7 ? [text(600), text(10)] : roll < 0.9 ? text(rnd.int(1, 100)) : 'exact';
      if (typeof cmd === 'string' && cmd.length >= 512) long += 1;
      const event = { cmd };
      expect(indexed.match(event).map((h) => h.index)).toEqual(naive.match(event).map((h) => h.index));
    }
    expect(long).toBeGreaterThan(100);
  });
});
