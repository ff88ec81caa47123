// Small builders for the rule IR, so engine tests do not depend on the YAML parser.
import type { LogsourceMapping } from '../../src/mapping/types';
import type { ConditionNode, FieldTest, PatternPart, Search, SigmaRule, ValueTest } from '../../src/sigma/types';
import { compileRule, isSigmaProblem, type CompiledRule } from '../../src/engine';

export const any: Extract<PatternPart, { kind: 'any' }> = { kind: 'any' };
export const one: Extract<PatternPart, { kind: 'one' }> = { kind: 'one' };
export const lit = (text: string): Extract<PatternPart, { kind: 'literal' }> => ({ kind: 'literal', text });

/** A Sigma string value: `*` and `?` are wildcards, `%name%` a placeholder (no escapes: tests spell parts out when they need them). */
export function parts(value: string): PatternPart[] {
  const out: PatternPart[] = [];
  const re = /(\*|\?|%[A-Za-z0-9_]+%)/;
  for (const piece of value.split(re)) {
    if (piece === '') continue;
    if (piece === '*') out.push(any);
    else if (piece === '?') out.push(one);
    else if (/^%[A-Za-z0-9_]+%$/.test(piece)) out.push({ kind: 'placeholder', name: piece.slice(1, -1) });
    else out.push(lit(piece));
  }
  return out;
}

export const str = (value: string, cased = false): ValueTest => ({ kind: 'string', pattern: parts(value), cased });
export const contains = (s: string, cased = false): ValueTest => ({ kind: 'string', pattern: [any, lit(s), any], cased });
export const startswith = (s: string, cased = false): ValueTest => ({ kind: 'string', pattern: [lit(s), any], cased });
export const endswith = (s: string, cased = false): ValueTest => ({ kind: 'string', pattern: [any, lit(s)], cased });
export const num = (value: number, op: 'eq' | 'lt' | 'lte' | 'gt' | 'gte' = 'eq'): ValueTest => ({ kind: 'number', op, value });
export const re = (source: string, flags: Partial<{ i: boolean; m: boolean; s: boolean }> = {}): ValueTest => ({
  kind: 'regex',
  source,
  flags: { i: false, m: false, s: false, ...flags },
});

/** A FieldTest. */
export function field(name: string, tests: ValueTest | ValueTest[], opts: { all?: boolean; negate?: boolean } = {}): FieldTest {
  return { field: name, modifiers: [], tests: Array.isArray(tests) ? tests : [tests], all: opts.all ?? false, negate: opts.negate ?? false };
}

/** A maps search: each argument is one alternative (AND of its FieldTests). */
export const maps = (...alternatives: FieldTest[][]): Search => ({ kind: 'maps', alternatives });
export const keywords = (tests: ValueTest[], all = false): Search => ({ kind: 'keywords', tests, all });

export const ref = (name: string): ConditionNode => ({ kind: 'ref', name });
export const and = (...children: ConditionNode[]): ConditionNode => ({ kind: 'and', children });
export const or = (...children: ConditionNode[]): ConditionNode => ({ kind: 'or', children });
export const not = (child: ConditionNode): ConditionNode => ({ kind: 'not', child });
export const of = (count: number | 'all', names: string[]): ConditionNode => ({ kind: 'of', count, names });

/** A rule; the condition defaults to `sel`. */
export function rule(searches: Record<string, Search>, condition: ConditionNode = ref('sel'), id = 'rule-1'): SigmaRule {
  return {
    type: 'rule',
    id,
    title: `title of ${id}`,
    references: [],
    tags: { all: [], tactics: [], techniques: [] },
    falsepositives: [],
    source: { file: `${id}.yml` },
    raw: {},
    fields: [],
    related: [],
    logsource: { category: 'test' },
    detection: { searches, condition },
  };
}

/** A mapping: Sigma fields map to themselves unless listed. */
export function mapping(opts: Partial<{ key: string; fields: Record<string, string[]>; placeholders: Record<string, string[]>; keywordFields: string[]; conditions: FieldTest[] }> = {}): LogsourceMapping {
  return {
    key: opts.key ?? 'test/any',
    conditions: opts.conditions ?? [],
    field: (f) => opts.fields?.[f] ?? [f],
    placeholder: (name) => opts.placeholders?.[name],
    keywordFields: opts.keywordFields ?? [],
  };
}

/** compileRule that fails the test on a problem. */
export function compile(r: SigmaRule, m: LogsourceMapping = mapping()): CompiledRule {
  const c = compileRule(r, m);
  if (isSigmaProblem(c)) throw new Error(`unexpected problem ${c.code}: ${c.message}`);
  return c;
}

/** A one-search rule `sel` over one FieldTest, compiled with the identity mapping. */
export function compileField(ft: FieldTest, m: LogsourceMapping = mapping()): CompiledRule {
  return compile(rule({ sel: maps([ft]) }), m);
}

/** What fn throws (a test fails if it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
