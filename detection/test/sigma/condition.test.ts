import { ConditionError, parseCondition, resolveTarget } from '../../src/sigma/condition';
import { parseSigmaFile } from '../../src/sigma/parse-file';
import type { ConditionNode } from '../../src/sigma/types';
import { parseRule, ruleErrors } from './helpers';

const NAMES = ['selection', 'selection_img', 'selection_cli', 'filter_main_a', 'filter_optional_b', 'keywords', '_internal', 'sel-dash'];
const ref = (name: string): ConditionNode => ({ kind: 'ref', name });
const p = (text: string): ConditionNode => parseCondition(text, NAMES);
const failure = (text: string): [string, number] => {
  try {
    p(text);
  } catch (err) {
    if (err instanceof ConditionError) return [err.message, err.column];
    throw err;
  }
  throw new Error(`'${text}' parsed`);
};

describe('condition grammar (specification "Condition")', () => {
  it('reads identifiers, and, or, not', () => {
    expect(p('selection')).toEqual(ref('selection'));
    expect(p('selection and keywords')).toEqual({ kind: 'and', children: [ref('selection'), ref('keywords')] });
    expect(p('selection or keywords')).toEqual({ kind: 'or', children: [ref('selection'), ref('keywords')] });
    expect(p('not selection')).toEqual({ kind: 'not', child: ref('selection') });
    expect(p('sel-dash')).toEqual(ref('sel-dash'));
  });

  it('binds not tighter than and, and tighter than or', () => {
    expect(p('selection or keywords and not selection_img')).toEqual({
      kind: 'or',
      children: [ref('selection'), { kind: 'and', children: [ref('keywords'), { kind: 'not', child: ref('selection_img') }] }],
    });
  });

  it('lets parentheses override precedence and flattens chains', () => {
    expect(p('(selection or keywords) and selection_img')).toEqual({
      kind: 'and',
      children: [{ kind: 'or', children: [ref('selection'), ref('keywords')] }, ref('selection_img')],
    });
    expect(p('selection and (keywords and selection_img)')).toEqual({ kind: 'and', children: [ref('selection'), ref('keywords'), ref('selection_img')] });
    expect(p('not not selection')).toEqual({ kind: 'not', child: { kind: 'not', child: ref('selection') } });
  });

  it('resolves 1 of / all of patterns over identifiers, binding tighter than not', () => {
    expect(p('all of selection*')).toEqual({ kind: 'of', count: 'all', names: ['selection', 'selection_img', 'selection_cli'] });
    expect(p('1 of selection_*')).toEqual({ kind: 'of', count: 1, names: ['selection_img', 'selection_cli'] });
    expect(p('selection and not 1 of filter_*')).toEqual({
      kind: 'and',
      children: [ref('selection'), { kind: 'not', child: { kind: 'of', count: 1, names: ['filter_main_a', 'filter_optional_b'] } }],
    });
    expect(p('any of *_b')).toEqual({ kind: 'of', count: 1, names: ['filter_optional_b'] });
  });

  it('them covers every identifier except those starting with _', () => {
    expect(p('1 of them')).toEqual({ kind: 'of', count: 1, names: NAMES.filter((n) => n !== '_internal') });
    expect(p('all of them')).toMatchObject({ count: 'all' });
    expect(resolveTarget('*', NAMES)).not.toContain('_internal');
    expect(resolveTarget('_*', NAMES)).toEqual(['_internal']);
  });

  it('matches patterns against the whole identifier', () => {
    expect(resolveTarget('selection', NAMES)).toEqual(['selection']);
    expect(resolveTarget('*img', NAMES)).toEqual(['selection_img']);
  });
});

describe('condition errors carry the column', () => {
  it('reports unknown identifiers', () => {
    expect(failure('selection and nothing')).toEqual(["unknown search identifier 'nothing'", 15]);
    expect(failure('selection AND keywords')).toEqual(["unexpected 'AND' (expected 'and', 'or' or the end); operators are lower case ('and')", 11]);
  });

  it('reports patterns matching nothing', () => {
    expect(failure('1 of nope*')).toEqual(["'nope*' matches no search identifier", 6]);
  });

  it('reports syntax errors', () => {
    expect(failure('(selection')).toEqual(["missing ')' for the '(' at column 1", 11]);
    expect(failure('selection)')).toEqual(["unexpected ')' (expected 'and', 'or' or the end)", 10]);
    expect(failure('selection and')).toEqual(['the condition ends where a search identifier was expected', 14]);
    expect(failure('and selection')).toEqual(["unexpected 'and' where a search identifier was expected", 1]);
    expect(failure('')).toEqual(['the condition is empty', 1]);
    expect(failure('2 of selection*')).toEqual(["'2 of' is not allowed: use '1 of' or 'all of'", 1]);
    expect(failure('1 of')).toEqual(["'1 of' needs a pattern or 'them'", 5]);
    expect(failure('selection*')).toEqual(["wildcard 'selection*' is only allowed after '1 of' or 'all of'", 1]);
  });

  it('reports the removed aggregation syntax', () => {
    expect(failure('selection | count() by host > 5')).toEqual(["aggregations after '|' were removed in Sigma 2.0; express them as a correlation rule", 11]);
  });
});

describe('conditions in rules', () => {
  it('ORs several condition entries', () => {
    const rule = parseRule('    a:\n        x: 1\n    b:\n        y: 2\n    condition:\n        - a\n        - b');
    expect(rule.detection.condition).toEqual({ kind: 'or', children: [ref('a'), ref('b')] });
  });

  it('places the error on the file line and column of the offending word', () => {
    const [error] = ruleErrors('    sel:\n        x: 1\n    condition: sel and nope');
    expect(error).toMatchObject({ code: 'HALONG_SIGMA_CONDITION', severity: 'error', source: { file: 'test.yml', line: 10, column: 24 } });
    expect(error?.message).toBe("condition 'sel and nope', column 9: unknown search identifier 'nope'");
  });

  it('warns about identifiers the condition never uses', () => {
    const text = 'title: t\nlogsource:\n    product: x\ndetection:\n    sel:\n        x: 1\n    unused:\n        y: 2\n    condition: sel';
    const { documents, problems } = parseSigmaFile(text, 'w.yml');
    expect(documents).toHaveLength(1);
    expect(problems).toEqual([
      { code: 'HALONG_SIGMA_CONDITION', severity: 'warning', message: "search identifier 'unused' is not used by the condition", source: { file: 'w.yml', line: 7, column: 5 } },
    ]);
  });
});
