// One `field|modifiers: values` entry → a closure. The Sigma field maps to one or more ECS
// paths (OR). Without `all`, the entry matches when some test matches some value of some path;
// with `all`, every test must be matched by some value (not necessarily the same one), which is
// also what the OpenSearch query does with a multi-valued field. `negate` inverts the entry.
import type { FieldTest, ValueTest } from '../sigma/types';
import type { FieldSource } from './event-view';
import { RuleCompileError } from './errors';
import { mergeLower } from './merge-lower';
import { andCnf, orCnf, type Atom, type Cnf } from './requirements';
import { anyFact, FACT_FOUND, FACT_UNKNOWN } from './contains-facts';
import { someLower, type PathRef } from './field-access';
import { compileValueTest, lowerCheck, lowerCheckAt, type CompiledValueTest, type ValueTestContext } from './value-test';

/** A compiled piece of a rule: its closure, a cost estimate and its requirements. */
export interface CompiledPart {
  evaluate(view: FieldSource): boolean;
  cost: number;
  cnf: Cnf;
}

/** What compiling a rule's searches needs from the rule and its pipeline. */
export interface RuleContext extends ValueTestContext {
  /** ECS paths of a Sigma field; throws when the pipeline maps it nowhere. */
  paths(sigmaField: string): PathRef[];
  /** Paths searched by keyword searches; empty = every string leaf. */
  keywordPaths: PathRef[];
  /** Told the `contains` literals tests read at each path, so a scan can answer them (contains-facts.ts). */
  noteFacts?(path: PathRef, literals: readonly string[]): void;
}

/** Compiles one FieldTest. */
export function compileFieldTest(ft: FieldTest, ctx: RuleContext): CompiledPart {
  const paths = ctx.paths(ft.field);
  const tests = ft.tests.map((t) => compileTest(t, ctx, ft));
  noteFacts(ctx, tests, paths);
  const cost = paths.length * tests.reduce((n, t) => n + t.cost, 0);
  const base = ft.all ? allOf(tests, paths) : anyOf(tests, paths);
  const evaluate = ft.negate ? (view: FieldSource) => !base(view) : base;
  const cnf = ft.negate || tests.length === 0 ? [] : testsCnf(tests, paths.map((p) => p.path), ft.all);
  return { evaluate, cost, cnf };
}

function compileTest(test: ValueTest, ctx: RuleContext, ft: FieldTest): CompiledValueTest {
  try {
    return compileValueTest(test, ctx);
  } catch (error) {
    if (error instanceof RuleCompileError) {
      const where = [ft.field, ...ft.modifiers].join('|');
      throw new RuleCompileError(error.code, `${where}: ${error.message}`);
    }
    throw error;
  }
}

/** Tells the context the `contains` literals of `tests`, read at each of `paths`. */
export function noteFacts(ctx: RuleContext, tests: readonly CompiledValueTest[], paths: readonly PathRef[]): void {
  if (ctx.noteFacts === undefined) return;
  for (const t of tests) if (t.contains !== undefined) for (const p of paths) ctx.noteFacts(p, t.contains);
}

/** Some test holds for some value of some path. */
export function anyOf(tests: CompiledValueTest[], paths: PathRef[]): (view: FieldSource) => boolean {
  const lowered = tests.filter((t) => t.lowerPredicate !== undefined);
  const others = tests.filter((t) => t.lowerPredicate === undefined).sort((a, b) => a.cost - b.cost);
  const pred = lowered.length > 0 ? mergeLower(lowered) : undefined;
  // Only `*literal*` tests: the merged predicate is the OR of their includes, which facts can answer.
  const ids = lowered.every((t) => t.factIds !== undefined) ? lowered.flatMap((t) => t.factIds!) : undefined;
  // One path and one kind of test (most entries): a closure over the path, one call less per evaluation.
  if (paths.length === 1 && pred !== undefined && others.length === 0) {
    const p = paths[0]!;
    return ids === undefined ? (view) => someLower(view.lower(p), pred) : lowerCheckAt(pred, ids, p);
  }
  if (paths.length === 1 && pred === undefined && others.length === 1) {
    const p = paths[0]!;
    const only = others[0]!.check;
    return (view) => only(view, p);
  }
  const check = pred === undefined ? undefined : ids === undefined ? (view: FieldSource, p: PathRef) => someLower(view.lower(p), pred) : lowerCheck(pred, ids);
  return (view) => {
    for (let i = 0; i < paths.length; i += 1) {
      const p = paths[i]!;
      if (check !== undefined && check(view, p)) return true;
      for (let k = 0; k < others.length; k += 1) if (others[k]!.check(view, p)) return true;
    }
    return false;
  };
}

/** Every test holds for some value of some path. */
export function allOf(tests: CompiledValueTest[], paths: PathRef[]): (view: FieldSource) => boolean {
  const ordered = [...tests].sort((a, b) => a.cost - b.cost);
  if (ordered.length > 0 && ordered.every((t) => t.factIds !== undefined && t.lowerPredicate !== undefined)) return allContained(ordered, paths);
  return (view) => {
    for (let k = 0; k < ordered.length; k += 1) {
      const t = ordered[k]!;
      let hit = false;
      for (let i = 0; i < paths.length && !hit; i += 1) hit = t.check(view, paths[i]!);
      if (!hit) return false;
    }
    return true;
  };
}

/**
 * allOf for `contains|all` (each test `*literal*` ones, with facts): the facts of a scan are read
 * in one loop, without a call through each test's closure (most answers come from facts).
 */
function allContained(tests: CompiledValueTest[], paths: PathRef[]): (view: FieldSource) => boolean {
  const ids = tests.map((t) => t.factIds!);
  const preds = tests.map((t) => t.lowerPredicate!);
  return (view) => {
    for (let k = 0; k < ids.length; k += 1) {
      let hit = false;
      for (let i = 0; i < paths.length && !hit; i += 1) {
        const p = paths[i]!;
        const known = anyFact(view, p, ids[k]!);
        hit = known === FACT_UNKNOWN ? someLower(view.lower(p), preds[k]!) : known === FACT_FOUND;
      }
      if (!hit) return false;
    }
    return true;
  };
}

/** One clause (any test) or one clause per test (all); a test without atoms breaks the first form. */
export function testsCnf(tests: CompiledValueTest[], paths: string[], all: boolean): Cnf {
  const clauses: Cnf = [];
  for (const t of tests) {
    if (t.atoms === null) {
      if (all) continue;
      return [];
    }
    const clause: Atom[] = [];
    for (const path of paths) for (const a of t.atoms) clause.push({ path, kind: a.kind, text: a.text });
    clauses.push(clause);
  }
  return all ? clauses : [clauses.flat()];
}

/** AND of parts, cheapest first: evaluation is pure, so any order gives the same answer. */
export function andParts(parts: CompiledPart[]): CompiledPart {
  const ordered = [...parts].sort((a, b) => a.cost - b.cost);
  const fns = ordered.map((p) => p.evaluate);
  const cost = ordered.reduce((n, p) => n + p.cost, 0);
  const cnf = andCnf(ordered.map((p) => p.cnf));
  if (fns.length === 1) return { evaluate: fns[0]!, cost, cnf };
  if (fns.length === 2) {
    const [a, b] = fns as [CompiledPart['evaluate'], CompiledPart['evaluate']];
    return { evaluate: (v) => a(v) && b(v), cost, cnf };
  }
  return {
    evaluate: (v) => {
      for (let k = 0; k < fns.length; k += 1) if (!fns[k]!(v)) return false;
      return true;
    },
    cost,
    cnf,
  };
}

/** OR of parts, cheapest first. */
export function orParts(parts: CompiledPart[]): CompiledPart {
  const ordered = [...parts].sort((a, b) => a.cost - b.cost);
  const fns = ordered.map((p) => p.evaluate);
  const cost = ordered.reduce((n, p) => n + p.cost, 0);
  // An OR of one part is that part, all its clauses kept (a second one may be indexed, stream-matcher.ts).
  if (ordered.length === 1) return ordered[0]!;
  const cnf = orCnf(ordered.map((p) => p.cnf));
  if (fns.length === 2) {
    const [a, b] = fns as [CompiledPart['evaluate'], CompiledPart['evaluate']];
    return { evaluate: (v) => a(v) || b(v), cost, cnf };
  }
  return {
    evaluate: (v) => {
      for (let k = 0; k < fns.length; k += 1) if (fns[k]!(v)) return true;
      return false;
    },
    cost,
    cnf,
  };
}
