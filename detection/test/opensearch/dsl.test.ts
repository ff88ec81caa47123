import { MATCH_ALL, MATCH_NONE, and, atLeast, not, onIndices, or, term } from '../../src/opensearch/dsl';

const a = term('f', 'a');
const x = { wildcard: { g: { value: '*x*' } } };
const y = { prefix: { h: { value: 'y' } } };

describe('and / or / not', () => {
  it('fold constants', () => {
    expect(and([])).toEqual(MATCH_ALL);
    expect(or([])).toEqual(MATCH_NONE);
    expect(and([x, MATCH_ALL])).toEqual(x);
    expect(and([x, MATCH_NONE])).toEqual(MATCH_NONE);
    expect(or([x, MATCH_NONE])).toEqual(x);
    expect(or([x, MATCH_ALL])).toEqual(MATCH_ALL);
    expect(not(MATCH_ALL)).toEqual(MATCH_NONE);
    expect(not(MATCH_NONE)).toEqual(MATCH_ALL);
  });

  it('flatten nested bools of the same kind, and keep should explicit', () => {
    expect(and([and([x, y]), a])).toEqual({ bool: { filter: [x, y, a] } });
    expect(or([or([x, y]), a])).toEqual({ bool: { should: [x, y, a], minimum_should_match: 1 } });
    expect(and([x, not(y)])).toEqual({ bool: { filter: [x], must_not: [y] } });
    expect(and([not(x), not(y)])).toEqual({ bool: { must_not: [x, y] } });
    expect(not(not(x))).toEqual(x);
  });

  it('merge plain terms on one field into terms, keeping other clauses in place', () => {
    expect(or([term('f', 'a'), x, term('f', 'b'), { term: { f: { value: 'c' } } }, term('f', 'a')])).toEqual({
      bool: { should: [{ terms: { f: ['a', 'b', 'c'] } }, x], minimum_should_match: 1 },
    });
    const ci = { term: { f: { value: 'A', case_insensitive: true } } };
    expect(or([term('f', 'a'), ci])).toEqual({ bool: { should: [term('f', 'a'), ci], minimum_should_match: 1 } });
    expect(or([term('f', 1), term('g', 2)])).toEqual({ bool: { should: [term('f', 1), term('g', 2)], minimum_should_match: 1 } });
  });

  it('keep named bools whole', () => {
    const named = { bool: { filter: [x], _name: 'r1' } };
    expect(and([named, y])).toEqual({ bool: { filter: [named, y] } });
    expect(or([named])).toEqual(named);
  });
});

describe('atLeast', () => {
  it('is OR for one, AND for all, minimum_should_match between', () => {
    expect(atLeast(1, [x, y])).toEqual(or([x, y]));
    expect(atLeast(2, [x, y])).toEqual(and([x, y]));
    expect(atLeast(2, [x, y, a])).toEqual({ bool: { should: [x, y, a], minimum_should_match: 2 } });
    expect(atLeast(3, [x, y])).toEqual(MATCH_NONE);
    expect(atLeast(0, [x])).toEqual(MATCH_ALL);
  });

  it('counts constant clauses', () => {
    expect(atLeast(2, [MATCH_ALL, x, y])).toEqual(or([x, y]));
    expect(atLeast(2, [MATCH_NONE, x, y])).toEqual(and([x, y]));
  });
});

describe('onIndices', () => {
  it('restricts a clause to some indices, and leaves it alone otherwise', () => {
    expect(onIndices(['i1', 'i2'], x)).toEqual({ bool: { filter: [{ terms: { _index: ['i1', 'i2'] } }, x] } });
    expect(onIndices(undefined, x)).toEqual(x);
    expect(onIndices(['i1'], MATCH_NONE)).toEqual(MATCH_NONE);
  });
});
