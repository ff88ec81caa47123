// Sigma string patterns → the cheapest JS test that implements them. Most rule values are plain
// equals / startswith / endswith / contains and run as one native string call; only patterns
// with `?` need the glob matcher. Placeholders are expanded here, with the pipeline's values.
import type { PatternPart } from '../sigma/types';
import { RuleCompileError } from './errors';
import { lowerText } from './field-access';
import { compileGlob, type GlobToken } from './glob';

/** A placeholder may expand a value into at most this many patterns. */
const MAX_EXPANSIONS = 4096;

/** A pattern part after placeholder expansion. */
export type PlainPart = Exclude<PatternPart, { kind: 'placeholder' }>;

/** A compiled string pattern: the test, its cost and what a prefilter may rely on. */
export interface CompiledPattern {
  test(s: string): boolean;
  /** Rough relative cost of one test call. */
  cost: number;
  /** Set when the pattern has no wildcard: the only value that matches. */
  exact?: string;
  /** Literal pieces every matching value contains. */
  required: string[];
  /** Set when the pattern is `*literal*`: the literal, so many of them can share one automaton. */
  contains?: string;
  /** Set when the pattern is `literal*`: the literal, so many of them can share one lookup (affix-set.ts). */
  prefix?: string;
  /** Set when the pattern is `*literal`: the literal, so many of them can share one lookup (affix-set.ts). */
  suffix?: string;
}

/** Resolves `%name%` placeholders; undefined = the pipeline has no such placeholder. */
export type PlaceholderLookup = (name: string) => string[] | undefined;

/** Expands placeholders into every combination of their values (OR). Values are Sigma strings: `*`, `?` and `\` escapes apply. */
export function expandPlaceholders(parts: PatternPart[], lookup: PlaceholderLookup): PlainPart[][] {
  let results: PlainPart[][] = [[]];
  for (const part of parts) {
    if (part.kind !== 'placeholder') {
      for (const r of results) r.push(part);
      continue;
    }
    const values = lookup(part.name);
    if (values === undefined) throw new RuleCompileError('HALONG_SIGMA_MAPPING', `placeholder %${part.name}% has no values in the pipeline`);
    if (results.length * values.length > MAX_EXPANSIONS) {
      throw new RuleCompileError('HALONG_SIGMA_UNSUPPORTED', `placeholder %${part.name}% expands to more than ${MAX_EXPANSIONS} patterns`);
    }
    const next: PlainPart[][] = [];
    for (const r of results) for (const v of values) next.push([...r, ...parseSigmaString(v)]);
    results = next;
  }
  return results;
}

/** A Sigma string value into pattern parts: `*` any, `?` one, `\` escapes a wildcard or a backslash. */
export function parseSigmaString(value: string): PlainPart[] {
  const parts: PlainPart[] = [];
  let text = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length && (value[i + 1] === '*' || value[i + 1] === '?' || value[i + 1] === '\\')) {
      text += value[i + 1];
      i += 1;
    } else if (c === '*' || c === '?') {
      if (text) parts.push({ kind: 'literal', text });
      text = '';
      parts.push(c === '*' ? { kind: 'any' } : { kind: 'one' });
    } else {
      text += c;
    }
  }
  if (text) parts.push({ kind: 'literal', text });
  return parts;
}

/** Compiles one expanded pattern; literals are lower-cased unless `cased` (the text is lower-cased by the caller then). */
export function compilePattern(parts: PlainPart[], cased: boolean): CompiledPattern {
  const segments = splitSegments(parts, cased);
  const anchoredStart = parts.length === 0 || parts[0]!.kind !== 'any';
  const anchoredEnd = parts.length === 0 || parts[parts.length - 1]!.kind !== 'any';
  const required: string[] = [];
  let hasOne = false;
  for (const seg of segments) for (const t of seg) if (t === null) hasOne = true;
  for (const seg of segments) for (const t of seg) if (t !== null && t.length > 0) required.push(t);
  if (hasOne) {
    return { test: compileGlob(segments, anchoredStart, anchoredEnd), cost: 6, required };
  }
  const lits = segments.map((seg) => (seg.length === 0 ? '' : (seg[0] as string)));
  return { ...literalShape(lits, anchoredStart, anchoredEnd), required };
}

/** Literal pieces between `*`s, adjacent literals merged and `?` kept as null tokens. */
function splitSegments(parts: PlainPart[], cased: boolean): GlobToken[][] {
  const segments: GlobToken[][] = [[]];
  let text = '';
  const flush = () => {
    if (text) segments[segments.length - 1]!.push(cased ? text : lowerText(text));
    text = '';
  };
  for (const part of parts) {
    if (part.kind === 'literal') text += part.text;
    else if (part.kind === 'one') {
      flush();
      segments[segments.length - 1]!.push(null);
    } else {
      flush();
      if (segments[segments.length - 1]!.length > 0 || segments.length === 1) segments.push([]);
    }
  }
  flush();
  return segments;
}

function literalShape(lits: string[], anchoredStart: boolean, anchoredEnd: boolean): Omit<CompiledPattern, 'required'> {
  // Empty pieces at unanchored ends come from a leading or trailing `*` and constrain nothing.
  const core = lits.slice(anchoredStart ? 0 : 1, anchoredEnd ? lits.length : lits.length - 1);
  if (core.length === 0) return { test: () => true, cost: 0 };
  if (core.length === 1) {
    const c = core[0]!;
    if (anchoredStart && anchoredEnd) return { test: (s) => s === c, cost: 1, exact: c };
    if (anchoredStart) return { test: (s) => s.startsWith(c), cost: 1, prefix: c };
    if (anchoredEnd) return { test: (s) => s.endsWith(c), cost: 1, suffix: c };
    return { test: (s) => s.includes(c), cost: 2, contains: c };
  }
  if (core.length === 2 && anchoredStart && anchoredEnd) {
    const [a, b] = core as [string, string];
    const min = a.length + b.length;
    return { test: (s) => s.length >= min && s.startsWith(a) && s.endsWith(b), cost: 2 };
  }
  return { test: compileScan(lits, anchoredStart, anchoredEnd), cost: 3 };
}

/** `*`-only patterns with several pieces: anchored ends checked first, middle pieces found in order. */
function compileScan(lits: string[], anchoredStart: boolean, anchoredEnd: boolean): (s: string) => boolean {
  const head = anchoredStart ? lits[0]! : '';
  const tail = anchoredEnd ? lits[lits.length - 1]! : '';
  const middle = lits.slice(anchoredStart ? 1 : 0, anchoredEnd ? lits.length - 1 : lits.length).filter((l) => l.length > 0);
  const min = head.length + tail.length + middle.reduce((n, l) => n + l.length, 0);
  return (s) => {
    if (s.length < min) return false;
    if (head && !s.startsWith(head)) return false;
    if (tail && !s.endsWith(tail)) return false;
    let pos = head.length;
    const end = s.length - tail.length;
    for (let k = 0; k < middle.length; k += 1) {
      const m = middle[k]!;
      const at = s.indexOf(m, pos);
      if (at < 0 || at + m.length > end) return false;
      pos = at + m.length;
    }
    return true;
  };
}
