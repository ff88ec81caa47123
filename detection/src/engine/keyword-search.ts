// Keyword (field-less) searches: the values are looked for in the pipeline's keyword fields, or
// when it names none in every string leaf of the event. A keyword is a full-text search, so a
// string value matches anywhere inside a value (`*value*`), as in every streaming Sigma engine.
// Case-insensitive string values are merged so the leaves are walked once, whatever their number.
import type { ValueTest } from '../sigma/types';
import type { FieldSource, Leaves } from './event-view';
import { RuleCompileError } from './errors';
import { allOf, anyOf, noteFacts, testsCnf, type CompiledPart, type RuleContext } from './field-test';
import { mergeLower } from './merge-lower';
import { LEAVES_PATH } from './requirements';
import { compileValueTest, type CompiledValueTest } from './value-test';

/** Compiles a keywords search: OR over its values, AND with `|all`. */
export function compileKeywords(valueTests: ValueTest[], all: boolean, ctx: RuleContext): CompiledPart {
  const tests = valueTests.map((t) => compileValueTest(fullText(t), ctx)).sort((a, b) => a.cost - b.cost);
  const paths = ctx.keywordPaths;
  const cost = tests.reduce((n, t) => n + t.cost, 0);
  if (paths.length > 0) {
    noteFacts(ctx, tests, paths);
    const evaluate = all ? allOf(tests, paths) : anyOf(tests, paths);
    return { evaluate, cost: paths.length * cost, cnf: tests.length === 0 ? [] : testsCnf(tests, paths.map((p) => p.path), all) };
  }
  const leafTests = tests.map((t) => {
    if (t.leaves === undefined) throw new RuleCompileError('HALONG_SIGMA_UNSUPPORTED', 'a keyword search cannot test null, existence or field references');
    return t.leaves;
  });
  const evaluate = all ? everyLeafTest(leafTests) : someLeafTest(tests, leafTests);
  // Walking every leaf is the most expensive thing a rule can do: it goes last in an AND.
  return { evaluate, cost: 100 + 10 * cost, cnf: tests.length === 0 ? [] : testsCnf(tests, [LEAVES_PATH], all) };
}

/** A string keyword matches inside a value: `value` becomes `*value*` (extra `*`s are harmless). */
function fullText(test: ValueTest): ValueTest {
  if (test.kind !== 'string') return test;
  return { ...test, pattern: [{ kind: 'any' }, ...test.pattern, { kind: 'any' }] };
}

function everyLeafTest(leafTests: ((leaves: Leaves) => boolean)[]): (view: FieldSource) => boolean {
  return (view) => {
    const leaves = view.leaves();
    for (let k = 0; k < leafTests.length; k += 1) if (!leafTests[k]!(leaves)) return false;
    return true;
  };
}

function someLeafTest(tests: CompiledValueTest[], leafTests: ((leaves: Leaves) => boolean)[]): (view: FieldSource) => boolean {
  const lowered = tests.filter((t) => t.lowerPredicate !== undefined);
  const others = leafTests.filter((_, k) => tests[k]!.lowerPredicate === undefined);
  const pred = lowered.length > 0 ? mergeLower(lowered) : undefined;
  return (view) => {
    const leaves = view.leaves();
    if (pred !== undefined) {
      const lower = leaves.lower;
      for (let k = 0; k < lower.length; k += 1) if (pred(lower[k]!)) return true;
    }
    for (let k = 0; k < others.length; k += 1) if (others[k]!(leaves)) return true;
    return false;
  };
}
