// All case-insensitive string tests of one entry (`field|contains: [200 values]`) merged into
// one predicate on a lower-cased value: exact values through a Set, many `*literal*` patterns
// through one Aho–Corasick pass (one scan of the value instead of one per literal), many
// `literal*` or `*literal` through lookups by length (affix-set.ts), a few values of one kind
// in one loop, the rest one by one, cheapest first.
import { prefixTest, suffixTest } from './affix-set';
import { AhoCorasick } from './aho-corasick';
import type { CompiledValueTest } from './value-test';

/** From this many exact values a Set beats comparisons. */
const SET_THRESHOLD = 4;
/** From this many contained literals one automaton pass beats includes() calls. */
const AUTOMATON_THRESHOLD = 6;
/** From this many prefixes (suffixes) lookups by length beat startsWith() (endsWith()) calls. */
const AFFIX_THRESHOLD = 8;

/** One predicate equivalent to "some of these tests accepts the lower-cased value". */
export function mergeLower(tests: readonly CompiledValueTest[]): (s: string) => boolean {
  const exact = new Set<string>();
  const contained = new Set<string>();
  const prefixes = new Set<string>();
  const suffixes = new Set<string>();
  const preds: { pred: (s: string) => boolean; cost: number }[] = [];
  for (const t of tests) {
    if (t.exacts !== undefined) for (const e of t.exacts) exact.add(e);
    else if (t.contains !== undefined) for (const c of t.contains) contained.add(c);
    else if (t.prefixes !== undefined) for (const p of t.prefixes) prefixes.add(p);
    else if (t.suffixes !== undefined) for (const p of t.suffixes) suffixes.add(p);
    else preds.push({ pred: t.lowerPredicate!, cost: t.cost });
  }
  // One closure per kind of test rather than one per value: each call between closures is an
  // indirect call V8 cannot inline, and a rule evaluation is mostly such calls.
  if (prefixes.size >= AFFIX_THRESHOLD) preds.push({ pred: prefixTest([...prefixes]), cost: 2 });
  else if (prefixes.size > 0) preds.push({ pred: anyPrefix([...prefixes]), cost: prefixes.size });
  if (suffixes.size >= AFFIX_THRESHOLD) preds.push({ pred: suffixTest([...suffixes]), cost: 2 });
  else if (suffixes.size > 0) preds.push({ pred: anySuffix([...suffixes]), cost: suffixes.size });
  const fns: ((s: string) => boolean)[] = [];
  if (exact.size >= SET_THRESHOLD) fns.push((s) => exact.has(s));
  else if (exact.size > 0) fns.push(anyEqual([...exact]));
  if (contained.size >= AUTOMATON_THRESHOLD) {
    const automaton = new AhoCorasick([...contained]);
    fns.push((s) => automaton.test(s));
  } else if (contained.size > 0) fns.push(anyIncludes([...contained]));
  preds.sort((a, b) => a.cost - b.cost);
  for (const p of preds) fns.push(p.pred);
  if (fns.length === 1) return fns[0]!;
  if (fns.length === 2) {
    const [a, b] = fns as [(s: string) => boolean, (s: string) => boolean];
    return (s) => a(s) || b(s);
  }
  return (s) => {
    for (let k = 0; k < fns.length; k += 1) if (fns[k]!(s)) return true;
    return false;
  };
}

function anyEqual(values: readonly string[]): (s: string) => boolean {
  if (values.length === 1) {
    const v = values[0]!;
    return (s) => s === v;
  }
  return (s) => {
    for (let k = 0; k < values.length; k += 1) if (s === values[k]) return true;
    return false;
  };
}

function anyIncludes(values: readonly string[]): (s: string) => boolean {
  if (values.length === 1) {
    const v = values[0]!;
    return (s) => s.includes(v);
  }
  return (s) => {
    for (let k = 0; k < values.length; k += 1) if (s.includes(values[k]!)) return true;
    return false;
  };
}

function anyPrefix(values: readonly string[]): (s: string) => boolean {
  if (values.length === 1) {
    const v = values[0]!;
    return (s) => s.startsWith(v);
  }
  return (s) => {
    for (let k = 0; k < values.length; k += 1) if (s.startsWith(values[k]!)) return true;
    return false;
  };
}

function anySuffix(values: readonly string[]): (s: string) => boolean {
  if (values.length === 1) {
    const v = values[0]!;
    return (s) => s.endsWith(v);
  }
  return (s) => {
    for (let k = 0; k < values.length; k += 1) if (s.endsWith(values[k]!)) return true;
    return false;
  };
}
