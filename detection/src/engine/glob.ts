// Wildcard matching without a regex engine. A pattern is split at its `*`s into segments of
// literals and `?`s; the first segment is anchored at the start, the last at the end, and each
// middle segment is taken at its leftmost fit. Leftmost is always safe: every later segment only
// needs *some* position after it, so choosing the earliest end never loses a match. There is no
// backtracking across segments, so time is O(text × pattern) in the worst case, never exponential.
//
// `?` is one code point (a surrogate pair counts once), of the text the test sees (lower-cased
// text for case-insensitive patterns).

/** A segment token: literal text, or null for `?`. */
export type GlobToken = string | null;

/** Matches `segments.join('*')` (with the outer `*`s implied by the anchors) against whole strings. */
export function compileGlob(segments: GlobToken[][], anchoredStart: boolean, anchoredEnd: boolean): (s: string) => boolean {
  const first = anchoredStart ? segments[0]! : undefined;
  const last = anchoredEnd && (segments.length > 1 || !anchoredStart) ? segments[segments.length - 1]! : undefined;
  const middle = segments.slice(first ? 1 : 0, last ? segments.length - 1 : segments.length);
  const whole = anchoredStart && anchoredEnd && segments.length === 1;
  return (s) => {
    let pos = 0;
    let end = s.length;
    if (first) {
      const e = matchForward(s, first, 0, s.length);
      if (e < 0) return false;
      if (whole) return e === s.length;
      pos = e;
    }
    if (last) {
      const b = matchBackward(s, last, pos, s.length);
      if (b < 0) return false;
      end = b;
    }
    for (let k = 0; k < middle.length; k += 1) {
      const e = leftmost(s, middle[k]!, pos, end);
      if (e < 0) return false;
      pos = e;
    }
    return pos <= end;
  };
}

/** End of the segment matched at `start`, or -1; never reads past `limit`. */
function matchForward(s: string, seg: GlobToken[], start: number, limit: number): number {
  let i = start;
  for (let k = 0; k < seg.length; k += 1) {
    const t = seg[k];
    if (t === null) {
      if (i >= limit) return -1;
      i += isPair(s, i) && i + 1 < limit ? 2 : 1;
    } else {
      if (i + t.length > limit || !s.startsWith(t, i)) return -1;
      i += t.length;
    }
  }
  return i;
}

/** Start of the segment matched so that it ends at `end`, or -1; never reads before `floor`. */
function matchBackward(s: string, seg: GlobToken[], floor: number, end: number): number {
  let i = end;
  for (let k = seg.length - 1; k >= 0; k -= 1) {
    const t = seg[k];
    if (t === null) {
      if (i <= floor) return -1;
      i -= i - 2 >= floor && isPair(s, i - 2) ? 2 : 1;
    } else {
      if (i - t.length < floor || !s.startsWith(t, i - t.length)) return -1;
      i -= t.length;
    }
  }
  return i;
}

/** End of the leftmost fit of a segment in [from, limit), or -1. */
function leftmost(s: string, seg: GlobToken[], from: number, limit: number): number {
  const head = seg[0];
  let start = from;
  while (start <= limit) {
    if (typeof head === 'string') {
      start = s.indexOf(head, start);
      if (start < 0 || start + head.length > limit) return -1;
    }
    const e = matchForward(s, seg, start, limit);
    if (e >= 0) return e;
    start += 1;
  }
  return -1;
}

function isPair(s: string, i: number): boolean {
  const hi = s.charCodeAt(i);
  if (hi < 0xd800 || hi > 0xdbff) return false;
  const lo = s.charCodeAt(i + 1);
  return lo >= 0xdc00 && lo <= 0xdfff;
}
