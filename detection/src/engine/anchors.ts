// A native pre-check before the automaton. A JavaScript loop reads a string at several ns per
// character on the machines we measured, while String.prototype.indexOf runs natively at a
// fraction of that. When a handful of substrings ("anchors") cover a pattern set — every pattern
// contains one of them — a text in which no anchor occurs cannot contain any pattern, and a few
// indexOf calls settle it. Mimikatz's keywords are the typical case: "::", "mimikatz" and
// "dumpcred" cover all 23, and almost no Windows event contains any of the three.

/** Pattern sets larger than this are not searched for anchors: they would need too many. */
const MAX_PATTERNS = 96;
/** Longest anchor considered: long enough for a distinctive word, short enough to share. */
const MAX_ANCHOR = 8;

/**
 * At most `max` substrings such that every pattern contains one, or undefined when there are
 * none that few. Greedy set cover, preferring the anchor in most patterns, then the longest (a
 * longer anchor occurs less often by chance), then the first in code-unit order (deterministic).
 */
export function chooseAnchors(patterns: readonly string[], max = 4): string[] | undefined {
  if (patterns.length === 0 || patterns.length > MAX_PATTERNS) return undefined;
  let left = [...patterns];
  const anchors: string[] = [];
  while (left.length > 0) {
    if (anchors.length === max) return undefined;
    const best = bestAnchor(left);
    anchors.push(best);
    left = left.filter((p) => !p.includes(best));
  }
  return anchors;
}

function bestAnchor(patterns: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const p of patterns) {
    const subs = new Set<string>([p.length <= MAX_ANCHOR ? p : p.slice(0, MAX_ANCHOR)]);
    for (let len = 2; len <= Math.min(p.length, MAX_ANCHOR); len += 1) {
      for (let at = 0; at + len <= p.length; at += 1) {
        const sub = p.slice(at, at + len);
        if (distinctive(sub)) subs.add(sub);
      }
    }
    for (const s of subs) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [s, n] of counts) {
    if (n > bestCount || (n === bestCount && (s.length > best.length || (s.length === best.length && s < best)))) {
      best = s;
      bestCount = n;
    }
  }
  return best;
}

// Two letters ("er") occur in nearly every text, and an anchor that always occurs only adds
// work; two punctuation marks ("::", "\\\\") are rare in ordinary text and worth trying.
function distinctive(s: string): boolean {
  if (s.length >= 3) return true;
  for (let i = 0; i < s.length; i += 1) if (/[\p{L}\p{N}\s]/u.test(s[i]!)) return false;
  return true;
}

/**
 * A regex run on the text as it is, not lower-cased, that matches wherever the lower-cased text
 * (lowerText) contains one of the anchors: lower-casing a long text only to learn that none
 * occurs costs more than the search. Exact for ASCII anchors: an ASCII letter matches both
 * cases, and the only other code points whose lower case holds ASCII are U+212A (Kelvin sign,
 * 'k') and U+0130 ('İ', 'i' + U+0307, so only as an anchor's last character). Undefined when an
 * anchor is not ASCII or holds U+0000 (the leaves' separator).
 */
export function anchorGate(anchors: readonly string[]): RegExp | undefined {
  const alternatives: string[] = [];
  for (const anchor of anchors) {
    if (anchor.length === 0 || !isGateable(anchor)) return undefined;
    let source = '';
    for (let i = 0; i < anchor.length; i += 1) {
      const c = anchor[i]!;
      const upper = c.toUpperCase();
      if (upper === c) source += c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
      else source += `[${c}${upper}${c === 'k' ? '\\u212a' : ''}${c === 'i' && i === anchor.length - 1 ? '\\u0130' : ''}]`;
    }
    alternatives.push(source);
  }
  return alternatives.length === 0 ? undefined : new RegExp(alternatives.join('|'));
}

/** ASCII without U+0000. */
function isGateable(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 0 || c > 0x7f) return false;
  }
  return true;
}
