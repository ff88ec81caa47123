// RE2 search semantics (find anywhere, `.` stops at newlines, `$` only at the very end) turned
// into a Lucene regexp, which matches the whole value. Unanchored ends become `.*`; anchors are
// only accepted at the start or end of a top-level alternative, where they translate exactly.
import { caseOrbit, casedCodePoints } from './case-fold';
import { Unsupported } from './errors';
import { regexpChar, regexpClass } from './lucene-syntax';
import type { Range } from './re2-classes';
import { complement, normalize } from './re2-classes';
import type { ReNode } from './re2-parse';
import { parseRe2 } from './re2-parse';

/** A Lucene regexp, or the one string the regex can match (a term query; see README of field types). */
export type LuceneRegexp = { regexp: string } | { literal: string };

type SetNode = Extract<ReNode, { t: 'set' }>;

function foldClosure(ranges: Range[]): Range[] {
  const inside = (cp: number) => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
  const extra: Range[] = [];
  for (const cp of casedCodePoints('re2')) if (inside(cp)) for (const o of caseOrbit(cp, 're2')) extra.push([o, o]);
  return normalize([...ranges, ...extra]);
}

/** The code points a set node matches, as sorted ranges without surrogates. */
function setRanges(node: SetNode): Range[] {
  const base = node.fold ? foldClosure(node.ranges) : normalize(node.ranges);
  return node.negated ? complement(base) : complement(complement(base));
}

const size = (ranges: Range[]) => ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);

function emitSet(node: SetNode): string {
  const ranges = setRanges(node);
  if (ranges.length === 0) throw new Unsupported('regex: a character class that matches nothing');
  if (size(ranges) === 1) return regexpChar(ranges[0]![0]);
  const rest = complement(ranges);
  if (rest.length === 0) return '.';
  // `[^…]` reads better for "anything but a few"; Lucene's complement covers every code point.
  return rest.length < ranges.length ? regexpClass(rest, true) : regexpClass(ranges);
}

function quantifier(min: number, max: number | undefined): string {
  if (max === undefined) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function emit(node: ReNode): string {
  switch (node.t) {
    case 'set':
      return emitSet(node);
    case 'cat':
      return node.items.length === 0 ? '()' : node.items.map(emit).join('');
    case 'alt':
      return `(${node.items.map(emit).join('|')})`;
    case 'rep': {
      const inner = emit(node.node);
      const atomic = node.node.t === 'set' || node.node.t === 'alt';
      return `${atomic ? inner : `(${inner})`}${quantifier(node.min, node.max)}`;
    }
    case 'anchor':
      throw new Unsupported('regex: ^, $, \\A or \\z inside the pattern (only at its start or end) has no Lucene equivalent');
  }
}

/** The only string a node can match, if it matches exactly one. */
function single(node: ReNode): string | undefined {
  switch (node.t) {
    case 'set': {
      const r = setRanges(node);
      return size(r) === 1 ? String.fromCodePoint(r[0]![0]) : undefined;
    }
    case 'cat': {
      const parts = node.items.map(single);
      return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
    }
    case 'rep': {
      const s = single(node.node);
      return s !== undefined && node.max === node.min ? s.repeat(node.min) : undefined;
    }
    default:
      return undefined;
  }
}

function flatten(node: ReNode): ReNode[] {
  return node.t === 'cat' ? node.items.flatMap(flatten) : [node];
}

type Edge = 'none' | 'line' | 'text';

function stripEdge(items: ReNode[], end: boolean): Edge {
  let edge: Edge = 'none';
  for (;;) {
    const n = end ? items[items.length - 1] : items[0];
    if (!n || n.t !== 'anchor' || n.end !== end) return edge;
    edge = edge === 'text' || !n.multi ? 'text' : 'line';
    if (end) items.pop();
    else items.shift();
  }
}

/** Translates an RE2 pattern (Sigma `re`, flags from `re|i|m|s`) to Lucene; throws Unsupported. */
export function re2ToLucene(source: string, flags: { i: boolean; m: boolean; s: boolean }): LuceneRegexp {
  const ast = parseRe2(source, flags);
  const alternatives = ast.t === 'alt' ? ast.items : [ast];
  const out: string[] = [];
  for (const alt of alternatives) {
    const items = flatten(alt);
    const start = stripEdge(items, false);
    const end = stripEdge(items, true);
    const body: ReNode = { t: 'cat', items };
    if (alternatives.length === 1 && start === 'text' && end === 'text') {
      const literal = single(body);
      if (literal !== undefined) return { literal };
    }
    const nl = regexpChar(10);
    const prefix = start === 'text' ? '' : start === 'line' ? `(.*${nl})?` : '.*';
    const suffix = end === 'text' ? '' : end === 'line' ? `(${nl}.*)?` : '.*';
    const middle = items.length === 0 ? '' : emit(body);
    out.push(`${prefix}${middle}${suffix}` || '()');
  }
  return { regexp: out.join('|') };
}
