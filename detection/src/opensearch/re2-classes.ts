// Character sets of RE2's syntax as code point ranges: Perl and POSIX classes are ASCII-only in
// RE2, exactly as listed here.

/** Inclusive code point range. */
export type Range = [number, number];

/** The last code point. */
export const MAX_CP = 0x10ffff;
const D: Range[] = [[0x30, 0x39]];
const W: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const S: Range[] = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]];
/** `\d`, `\w`, `\s` (upper case: their complements). */
export const PERL: Record<string, Range[]> = { d: D, w: W, s: S };
/** `[[:name:]]` classes. */
export const POSIX: Record<string, Range[]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0, 0x1f], [0x7f, 0x7f]],
  digit: D,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: W,
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};
/** `\a \f \t \n \r \v`. */
export const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

/** Complement of sorted, merged ranges over all code points except surrogates. */
export function complement(ranges: Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of [...normalize(ranges), [0xd800, 0xdfff] as Range].sort((a, b) => a[0] - b[0])) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return normalize(out);
}

/** Sorts and merges overlapping or adjacent ranges. */
export function normalize(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
