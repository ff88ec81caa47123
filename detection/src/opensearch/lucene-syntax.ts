// Writing Lucene wildcard and regexp syntax. Lucene regexps are anchored (they match the whole
// value), `.` is any code point (newline included), and `\` makes any character literal except
// letters, which would turn into shorthands like `\d`: only ASCII punctuation is escaped.
import type { FoldKind } from './case-fold';
import { caseOrbit, codePoints } from './case-fold';

/** A Sigma string pattern after placeholder expansion. */
export type GlobPart = { kind: 'literal'; text: string } | { kind: 'any' } | { kind: 'one' };

/** Merges adjacent literals, drops empty ones and collapses runs of `*`. */
export function normalizeGlob(parts: GlobPart[]): GlobPart[] {
  const out: GlobPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'literal') {
      if (p.text === '') continue;
      if (last?.kind === 'literal') out[out.length - 1] = { kind: 'literal', text: last.text + p.text };
      else out.push(p);
    } else if (!(p.kind === 'any' && last?.kind === 'any')) out.push(p);
  }
  return out;
}

/** The literal text of the parts, in order. */
export function globLiterals(parts: GlobPart[]): string {
  return parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
}

/** Lucene wildcard query syntax for the parts. */
export function toWildcard(parts: GlobPart[]): string {
  return parts.map((p) => (p.kind === 'any' ? '*' : p.kind === 'one' ? '?' : p.text.replace(/[\\*?]/g, (c) => `\\${c}`))).join('');
}

// ASCII that is not a letter or digit: controls, space and punctuation.
const isPunct = (cp: number) => cp <= 0x7f && !((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a));

/** One code point as a Lucene regexp atom outside brackets. */
export function regexpChar(cp: number): string {
  const c = String.fromCodePoint(cp);
  return isPunct(cp) ? `\\${c}` : c;
}

/** One code point inside brackets. */
function classChar(cp: number): string {
  return regexpChar(cp);
}

/** A bracket expression for inclusive code point ranges; `negated` → `[^…]`. */
export function regexpClass(ranges: [number, number][], negated = false): string {
  const body = ranges.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('');
  return `[${negated ? '^' : ''}${body}]`;
}

/** A literal code point, as a class of its case orbit when folding. */
export function foldedChar(cp: number, fold: FoldKind | undefined): string {
  if (!fold) return regexpChar(cp);
  const orbit = caseOrbit(cp, fold);
  return orbit.length === 1 ? regexpChar(cp) : regexpClass(orbit.map((c) => [c, c]));
}

/** Lucene regexp syntax for a glob, folding case ('lower' orbits) with classes when `fold`. */
export function globToRegexp(parts: GlobPart[], fold: boolean): string {
  return parts
    .map((p) => {
      if (p.kind === 'any') return '.*';
      if (p.kind === 'one') return '.';
      return codePoints(p.text).map((cp) => foldedChar(cp, fold ? 'lower' : undefined)).join('');
    })
    .join('');
}

/** Whether a string matches a glob, in code (for values known up front, e.g. booleans). */
export function globMatches(parts: GlobPart[], value: string, fold: (s: string) => string = (s) => s): boolean {
  const units: (number | 'any' | 'one')[] = [];
  for (const p of parts) {
    if (p.kind === 'literal') units.push(...codePoints(fold(p.text)));
    else units.push(p.kind);
  }
  const text = codePoints(fold(value));
  // reachable[j]: the pattern prefix consumed so far can end at text position j.
  let reachable = new Array<boolean>(text.length + 1).fill(false);
  reachable[0] = true;
  for (const u of units) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    for (let j = 0; j <= text.length; j++) {
      if (!reachable[j]) continue;
      if (u === 'any') for (let k = j; k <= text.length; k++) next[k] = true;
      else if (j < text.length && (u === 'one' || text[j] === u)) next[j + 1] = true;
    }
    reachable = next;
  }
  return reachable[text.length]!;
}
