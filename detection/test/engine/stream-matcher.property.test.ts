// The prefilter and routing must never drop a true match: the indexed matcher is compared with
// the naive one (every rule, its conditions, every event) on random rules and events.
import { compileRule, createNaiveMatcher, createStreamMatcher, isSigmaProblem, type MatcherEntry, type RuleMatch } from '../../src/engine';
import { randomEvent, randomRule, type EventShape } from './generate';
import { random } from './random';

const RULES = 300;
const EVENTS = 2000;

function summary(matches: RuleMatch[]) {
  return matches.map((m) => ({ index: m.index, fields: m.fields }));
}

describe('indexed matcher ≡ naive matcher', () => {
  // Seed 4: nested events only (the one-lookup-per-segment reader) with long values (the copied,
  // anchor-gated automaton scans); the others mix dotted keys, arrays and short values.
  const shapes: Record<number, EventShape> = { 4: { nestedOnly: true, maxTokens: 60 } };
  it.each([1, 2, 3, 4])('on %i × random rules and events', (seed) => {
    const rnd = random(seed * 7919);
    const entries: MatcherEntry[] = [];
    let problems = 0;
    for (let i = 0; i < RULES; i += 1) {
      const { rule, mapping } = randomRule(rnd, `r${i}`);
      const compiled = compileRule(rule, mapping);
      if (isSigmaProblem(compiled)) {
        problems += 1;
        continue;
      }
      entries.push({ rule: compiled, conditions: mapping.conditions });
    }
    const indexed = createStreamMatcher(entries);
    const uncached = createStreamMatcher(entries, { cache: false });
    const naive = createNaiveMatcher(entries);
    let matched = 0;
    for (let e = 0; e < EVENTS; e += 1) {
      const event = randomEvent(rnd, shapes[seed]);
      const expected = summary(naive.match(event));
      const actual = summary(indexed.match(event));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        // Show the smallest useful counterexample: the event and the rules that differ.
        const diff = new Set([...expected, ...actual].map((m) => m.index).filter((i) => !expected.some((x) => x.index === i) || !actual.some((x) => x.index === i)));
        expect({ event, rules: [...diff].map((i) => entries[i]!.rule.rule.detection) }).toBeUndefined();
      }
      expect(summary(uncached.match(event))).toEqual(expected);
      matched += expected.length;
    }
    // The comparison only means something if rules do match, and the index only helps if it skips work.
    expect(problems).toBeLessThan(RULES / 10);
    expect(matched).toBeGreaterThan(EVENTS / 4);
    const d = indexed.describe();
    expect(d.indexedRules).toBeGreaterThan(entries.length / 5);
    const evaluations = (s: { evaluations: number }[]) => s.reduce((n, x) => n + x.evaluations, 0);
    expect(evaluations(indexed.stats())).toBeLessThan(evaluations(naive.stats()) / 2);
  });
});
