// Case-insensitive equality, one code point at a time, in the two flavours the streaming matcher
// uses:
// - 'lower' (string patterns, fieldref): both sides lower-cased with toLowerCase, final sigma ς
//   read as σ (engine/field-access.ts lowerText). Per code point: a ~ b when lower(a) = lower(b).
// - 're2' (regex `i` flag): RE2's case folding, which also relates ſ to s, µ to μ …; it equals
//   fold(c) = lower(upper(c)) except for U+0130/U+0131 (checked in the tests).
// OpenSearch's `case_insensitive` only folds ASCII letters, so any other letter with case
// variants is written as a character class of its orbit (every code point equal to it).

/** Which case-insensitive equality (see the file comment). */
export type FoldKind = 'lower' | 're2';

const single = (s: string): number | undefined => {
  const cp = s.codePointAt(0);
  return cp !== undefined && String.fromCodePoint(cp).length === s.length ? cp : undefined;
};

const lowerCp = (cp: number): number => (cp === 0x3c2 ? 0x3c3 : single(String.fromCodePoint(cp).toLowerCase()) ?? cp);

/** The representative of a code point's orbit. */
export function foldCodePoint(cp: number, kind: FoldKind): number {
  if (kind === 'lower') return lowerCp(cp);
  if (cp === 0x130 || cp === 0x131) return cp;
  const upper = single(String.fromCodePoint(cp).toUpperCase()) ?? cp;
  return single(String.fromCodePoint(upper).toLowerCase()) ?? upper;
}

const tables: Partial<Record<FoldKind, Map<number, number[]>>> = {};

// Every code point with case variants lies below U+20000; each table is built once, on first use.
function orbitTable(kind: FoldKind): Map<number, number[]> {
  const cached = tables[kind];
  if (cached) return cached;
  const byFold = new Map<number, number[]>();
  for (let cp = 0; cp < 0x20000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const f = foldCodePoint(cp, kind);
    if (f === cp && !byFold.has(f)) continue;
    const list = byFold.get(f) ?? [f];
    if (f !== cp) list.push(cp);
    byFold.set(f, list);
  }
  const table = new Map<number, number[]>();
  for (const list of byFold.values()) {
    const sorted = [...new Set(list)].sort((a, b) => a - b);
    if (sorted.length > 1) for (const cp of sorted) table.set(cp, sorted);
  }
  tables[kind] = table;
  return table;
}

/** Every code point equal to `cp` ignoring case, `cp` included, ascending. */
export function caseOrbit(cp: number, kind: FoldKind): number[] {
  return orbitTable(kind).get(cp) ?? [cp];
}

/** Every code point that has case variants, ascending. */
export function casedCodePoints(kind: FoldKind): number[] {
  return [...orbitTable(kind).keys()].sort((a, b) => a - b);
}

/** True when no other code point equals `cp` ignoring case (digits, punctuation, CJK …). */
export function isCaseless(cp: number, kind: FoldKind): boolean {
  return !orbitTable(kind).has(cp);
}

const isAsciiLetter = (cp: number) => (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);

/**
 * True when OpenSearch's ASCII-only `case_insensitive` is exact for this code point under 'lower'
 * folding: caseless, or an ASCII letter whose only variant is its pair (k also equals U+212A).
 */
export function asciiFoldIsExact(cp: number): boolean {
  return isCaseless(cp, 'lower') || (isAsciiLetter(cp) && caseOrbit(cp, 'lower').length === 2);
}

/** Code points of a string (not UTF-16 units). */
export function codePoints(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0)!);
}

/** A string folded the 'lower' way, as the painless scripts fold values. */
export function foldString(s: string): string {
  return codePoints(s).map((cp) => String.fromCodePoint(foldCodePoint(cp, 'lower'))).join('');
}
