// One ValueTest → closures over a path of a FieldSource ("some value there satisfies the test")
// and over the event's string leaves (keyword searches), plus what a prefilter may assume.
import type { ValueTest } from '../sigma/types';
import type { PathRef } from './field-access';
import { lowerText, someLower, someRaw, stringForm } from './field-access';
import type { FieldSource, Leaves } from './event-view';
import { RuleCompileError } from './errors';
import { anyFact, FACT_FOUND, FACT_UNKNOWN, factId } from './contains-facts';
import { compileCidr } from './ip-cidr';
import { compileRegex } from './regex-test';
import { compilePattern, expandPlaceholders, type PlaceholderLookup } from './string-pattern';
import { compileTimePart } from './time-part';

/** What a matching value must look like, in lower-cased string form: equal to, or containing, `text`. */
export interface AtomSpec {
  kind: 'eq' | 'sub';
  text: string;
}

/** A compiled ValueTest. */
export interface CompiledValueTest {
  /** True when some value at the path satisfies the test. */
  check(view: FieldSource, path: PathRef): boolean;
  /** True when some string leaf satisfies the test; absent for tests that need a field (null, exists, fieldref). */
  leaves?: (leaves: Leaves) => boolean;
  /** Case-insensitive string tests only: the predicate on one lower-cased value, so a FieldTest can merge them. */
  lowerPredicate?: (s: string) => boolean;
  /** Exact lower-cased values of a case-insensitive, wildcard-free string test, for a Set lookup. */
  exacts?: string[];
  /** Lower-cased literals of a case-insensitive test made only of `*literal*` patterns, for one automaton. */
  contains?: string[];
  /** The fact ids of `contains` (contains-facts.ts). */
  factIds?: number[];
  /** Lower-cased literals of a case-insensitive test made only of `literal*` patterns, for one lookup. */
  prefixes?: string[];
  /** Lower-cased literals of a case-insensitive test made only of `*literal` patterns, for one lookup. */
  suffixes?: string[];
  cost: number;
  /** One of these holds for every matching value (OR); null when nothing can be said. */
  atoms: AtomSpec[] | null;
}

/** Everything a ValueTest may need from the rule's context. */
export interface ValueTestContext {
  placeholder: PlaceholderLookup;
  /** ECS paths of another Sigma field (fieldref). */
  fieldPaths(sigmaField: string): PathRef[];
}

const STRICT_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A number test's view of a value: numbers as is, decimal strings parsed, anything else NaN. */
export function numericValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.length <= 64 && STRICT_NUMBER.test(value)) return Number(value);
  return NaN;
}

/** Compiles one ValueTest. Throws RuleCompileError for what cannot be compiled. */
export function compileValueTest(test: ValueTest, ctx: ValueTestContext): CompiledValueTest {
  switch (test.kind) {
    case 'string':
      return compileString(test, ctx);
    case 'regex':
      return compileRegex(test);
    case 'number': {
      const { op, value } = test;
      const cmp = NUMBER_OPS[op];
      const atoms = op === 'eq' && Number.isFinite(value) ? [{ kind: 'eq' as const, text: String(value) }] : null;
      return rawTest((v) => cmp(numericValue(v), value), 1, atoms);
    }
    case 'boolean': {
      const word = test.value ? 'true' : 'false';
      const pred = (v: unknown) => v === test.value || (typeof v === 'string' && v.length === word.length && v.toLowerCase() === word);
      return rawTest(pred, 1, [{ kind: 'eq', text: word }]);
    }
    case 'null':
      return { check: (view, path) => isEmpty(view.raw(path)), cost: 1, atoms: null };
    case 'exists': {
      const expected = test.value;
      return { check: (view, path) => (view.raw(path) !== undefined) === expected, cost: 1, atoms: null };
    }
    case 'cidr':
      return rawTest(compileCidr(test.network), 8, null);
    case 'time-part':
      return rawTest(compileTimePart(test.unit, test.value), 10, null);
    case 'fieldref':
      return compileFieldRef(test, ctx);
    default:
      throw new RuleCompileError('HALONG_SIGMA_UNSUPPORTED', `unknown value test ${JSON.stringify((test as { kind: unknown }).kind)}`);
  }
}

const NUMBER_OPS: Record<Extract<ValueTest, { kind: 'number' }>['op'], (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
};

/** `field: null`: absent, null, '' — or only such values. */
function isEmpty(raw: unknown): boolean {
  if (raw === undefined || raw === null || raw === '') return true;
  if (!Array.isArray(raw)) return false;
  for (let k = 0; k < raw.length; k += 1) if (raw[k] !== null && raw[k] !== '') return false;
  return true;
}

/** A test on each raw value. */
function rawTest(pred: (v: unknown) => boolean, cost: number, atoms: AtomSpec[] | null): CompiledValueTest {
  return {
    check: (view, path) => someRaw(view.raw(path), pred),
    leaves: (leaves) => leaves.raw.some(pred),
    cost,
    atoms,
  };
}

function compileString(test: Extract<ValueTest, { kind: 'string' }>, ctx: ValueTestContext): CompiledValueTest {
  const patterns = expandPlaceholders(test.pattern, ctx.placeholder).map((parts) => compilePattern(parts, test.cased));
  let atoms: AtomSpec[] | null = [];
  for (const p of patterns) {
    const atom = patternAtom(p.exact, p.required, test.cased);
    if (atom === null) atoms = null;
    else if (atoms !== null) atoms.push(atom);
  }
  const tests = patterns.map((p) => p.test);
  const pred = tests.length === 1 ? tests[0]! : (s: string) => tests.some((t) => t(s));
  const cost = patterns.reduce((n, p) => n + p.cost, 0);
  if (test.cased) {
    const rawPred = (v: unknown) => {
      const s = stringForm(v);
      return s !== undefined && pred(s);
    };
    return { ...rawTest(rawPred, cost, atoms) };
  }
  const exacts = patterns.every((p) => p.exact !== undefined) ? patterns.map((p) => p.exact!) : undefined;
  const contains = patterns.every((p) => p.contains !== undefined) ? patterns.map((p) => p.contains!) : undefined;
  const factIds = contains?.map(factId);
  const prefixes = patterns.every((p) => p.prefix !== undefined) ? patterns.map((p) => p.prefix!) : undefined;
  const suffixes = patterns.every((p) => p.suffix !== undefined) ? patterns.map((p) => p.suffix!) : undefined;
  return {
    check: factIds === undefined ? (view, path) => someLower(view.lower(path), pred) : lowerCheck(pred, factIds),
    leaves: (leaves) => leaves.lower.some(pred),
    lowerPredicate: pred,
    ...(exacts ? { exacts } : {}),
    ...(contains ? { contains, factIds } : {}),
    ...(prefixes ? { prefixes } : {}),
    ...(suffixes ? { suffixes } : {}),
    cost,
    atoms,
  };
}

/**
 * The prefilter atom of one pattern: the whole value when there is no wildcard, else its longest
 * literal piece. A cased piece is only usable lower-cased when it is ASCII (see regex-literals.ts).
 */
function patternAtom(exact: string | undefined, required: string[], cased: boolean): AtomSpec | null {
  if (exact !== undefined) return { kind: 'eq', text: cased ? lowerText(exact) : exact };
  let best = '';
  for (const r of required) {
    const usable = cased ? (isAscii(r) ? lowerText(r) : '') : r;
    if (usable.length > best.length) best = usable;
  }
  return best ? { kind: 'sub', text: best } : null;
}

/** "Some lower-cased value satisfies pred", answered from the scans' facts when they know (`pred` is the OR of `ids`' includes). */
export function lowerCheck(pred: (s: string) => boolean, ids: readonly number[]): (view: FieldSource, path: PathRef) => boolean {
  return (view, path) => {
    const known = anyFact(view, path, ids);
    return known === FACT_UNKNOWN ? someLower(view.lower(path), pred) : known === FACT_FOUND;
  };
}

/** lowerCheck at one fixed path. */
export function lowerCheckAt(pred: (s: string) => boolean, ids: readonly number[], path: PathRef): (view: FieldSource) => boolean {
  return (view) => {
    const known = anyFact(view, path, ids);
    return known === FACT_UNKNOWN ? someLower(view.lower(path), pred) : known === FACT_FOUND;
  };
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function compileFieldRef(test: Extract<ValueTest, { kind: 'fieldref' }>, ctx: ValueTestContext): CompiledValueTest {
  const others = ctx.fieldPaths(test.field);
  const compare = FIELDREF_OPS[test.position];
  const forms = test.cased ? (view: FieldSource, p: PathRef) => rawForms(view.raw(p)) : (view: FieldSource, p: PathRef) => view.lower(p);
  return {
    check: (view, path) => {
      const mine = forms(view, path);
      if (mine === undefined) return false;
      for (const other of others) {
        const theirs = forms(view, other);
        if (theirs === undefined) continue;
        for (const a of typeof mine === 'string' ? [mine] : mine) {
          for (const b of typeof theirs === 'string' ? [theirs] : theirs) if (compare(a, b)) return true;
        }
      }
      return false;
    },
    cost: 5,
    atoms: null,
  };
}

const FIELDREF_OPS: Record<Extract<ValueTest, { kind: 'fieldref' }>['position'], (a: string, b: string) => boolean> = {
  eq: (a, b) => a === b,
  startswith: (a, b) => a.startsWith(b),
  endswith: (a, b) => a.endsWith(b),
  contains: (a, b) => a.includes(b),
};

function rawForms(raw: unknown): string | string[] | undefined {
  if (!Array.isArray(raw)) return stringForm(raw);
  const out: string[] = [];
  for (const v of raw) {
    const s = stringForm(v);
    if (s !== undefined) out.push(s);
  }
  return out;
}
