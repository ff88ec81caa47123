// A parser for the RE2 syntax Sigma `re` values use, into a small AST the Lucene emitter can
// translate exactly. Anything whose meaning cannot be carried over (word boundaries, Unicode
// property classes, \C) is refused with the reason, never approximated.
import { Unsupported } from './errors';
import type { Range } from './re2-classes';
import { MAX_CP, PERL, POSIX, SIMPLE_ESCAPES, complement, normalize } from './re2-classes';

/** A parsed RE2 pattern: literals and classes are sets of code points. */
export type ReNode =
  | { t: 'set'; ranges: Range[]; negated: boolean; fold: boolean }
  | { t: 'cat'; items: ReNode[] }
  | { t: 'alt'; items: ReNode[] }
  | { t: 'rep'; node: ReNode; min: number; max?: number }
  /** `^`/`$` (line anchors when `multi`) and `\A`/`\z`. */
  | { t: 'anchor'; end: boolean; multi: boolean };

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
}

const lit = (cp: number, f: Flags): ReNode => ({ t: 'set', ranges: [[cp, cp]], negated: false, fold: f.i });

class Parser {
  private pos = 0;
  private readonly cps: number[];

  constructor(source: string) {
    this.cps = Array.from(source, (c) => c.codePointAt(0)!);
  }

  parse(flags: Flags): ReNode {
    const node = this.alternation(flags);
    if (this.pos < this.cps.length) throw new Unsupported(`regex: unmatched ')' at ${this.pos}`, 'HALONG_SIGMA_VALUE');
    return node;
  }

  private peek(offset = 0): string | undefined {
    const cp = this.cps[this.pos + offset];
    return cp === undefined ? undefined : String.fromCodePoint(cp);
  }

  private alternation(flags: Flags): ReNode {
    const f = { ...flags };
    const items = [this.concat(f)];
    while (this.peek() === '|') {
      this.pos++;
      items.push(this.concat(f));
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  // `f` is mutable: an inline `(?i)` changes the flags for the rest of the enclosing group.
  private concat(f: Flags): ReNode {
    const items: ReNode[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) {
      const atom = this.atom(f);
      if (atom) items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0]! : { t: 'cat', items };
  }

  private quantified(node: ReNode): ReNode {
    let out = node;
    for (;;) {
      const c = this.peek();
      let min: number;
      let max: number | undefined;
      if (c === '*' || c === '+' || c === '?') {
        this.pos++;
        [min, max] = c === '*' ? [0, undefined] : c === '+' ? [1, undefined] : [0, 1];
      } else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 16)));
        if (!m) return out;
        this.pos += m[0].length;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? undefined : Number(m[3]);
        if (min > 1000 || (max ?? 0) > 1000 || (max !== undefined && max < min)) throw new Unsupported(`regex: bad repetition ${m[0]}`, 'HALONG_SIGMA_VALUE');
      } else return out;
      if (this.peek() === '?') this.pos++; // lazy: same set of matching strings
      out = { t: 'rep', node: out, min, ...(max === undefined ? {} : { max }) };
    }
  }

  private atom(f: Flags): ReNode | undefined {
    const c = this.peek()!;
    this.pos++;
    if (c === '(') return this.group(f);
    if (c === '[') return this.bracket(f);
    if (c === '.') return { t: 'set', ranges: f.s ? [[0, MAX_CP]] : [[10, 10]], negated: !f.s, fold: false };
    if (c === '^') return { t: 'anchor', end: false, multi: f.m };
    if (c === '$') return { t: 'anchor', end: true, multi: f.m };
    if (c === '\\') return this.escape(f, false);
    if (c === '*' || c === '+' || c === '?') throw new Unsupported(`regex: missing argument to repetition operator ${c}`, 'HALONG_SIGMA_VALUE');
    return lit(this.cps[this.pos - 1]!, f);
  }

  private group(f: Flags): ReNode | undefined {
    let inner = f;
    if (this.peek() === '?') {
      const rest = String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 64));
      const named = /^\?P?<[A-Za-z0-9_]+>/.exec(rest);
      const flagged = /^\?([imsU]*)(-([imsU]*))?(:|\))/.exec(rest);
      if (named) this.pos += named[0].length;
      else if (flagged) {
        this.pos += flagged[0].length;
        const set = { ...f };
        for (const ch of flagged[1]!) if (ch !== 'U') set[ch as keyof Flags] = true;
        for (const ch of flagged[3] ?? '') if (ch !== 'U') set[ch as keyof Flags] = false;
        if (flagged[4] === ')') {
          Object.assign(f, set);
          return undefined;
        }
        inner = set;
      } else throw new Unsupported(`regex: unsupported group syntax (${rest.slice(0, 8)}`, 'HALONG_SIGMA_VALUE');
    }
    const node = this.alternation(inner);
    if (this.peek() !== ')') throw new Unsupported('regex: missing )', 'HALONG_SIGMA_VALUE');
    this.pos++;
    return node;
  }

  /** An escape outside (`inClass` false) or inside brackets; returns a set node. */
  private escape(f: Flags, inClass: boolean): ReNode {
    const c = this.peek();
    if (c === undefined) throw new Unsupported('regex: trailing backslash', 'HALONG_SIGMA_VALUE');
    this.pos++;
    const lower = c.toLowerCase();
    if (PERL[lower]) return { t: 'set', ranges: PERL[lower]!, negated: c !== lower, fold: f.i };
    if (c in SIMPLE_ESCAPES) return lit(SIMPLE_ESCAPES[c]!, f);
    if (c === 'x') {
      const m = /^(\{([0-9A-Fa-f]{1,6})\}|[0-9A-Fa-f]{2})/.exec(String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 9)));
      if (!m) throw new Unsupported('regex: bad \\x escape', 'HALONG_SIGMA_VALUE');
      this.pos += m[0].length;
      const cp = parseInt(m[2] ?? m[1]!, 16);
      if (cp > MAX_CP) throw new Unsupported('regex: \\x escape out of range', 'HALONG_SIGMA_VALUE');
      return lit(cp, f);
    }
    if (/[0-7]/.test(c)) {
      const m = /^[0-7]{0,2}/.exec(String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 2)))!;
      if (c === '0' || m[0].length > 0) {
        this.pos += m[0].length;
        return lit(parseInt(c + m[0], 8), f);
      }
      throw new Unsupported(`regex: backreference \\${c} (RE2 has none)`, 'HALONG_SIGMA_VALUE');
    }
    if (!inClass && (c === 'A' || c === 'z')) return { t: 'anchor', end: c === 'z', multi: false };
    if (!inClass && c === 'Q') {
      const items: ReNode[] = [];
      while (this.pos < this.cps.length && !(this.peek() === '\\' && this.peek(1) === 'E')) items.push(lit(this.cps[this.pos++]!, f));
      if (this.pos < this.cps.length) this.pos += 2;
      return { t: 'cat', items };
    }
    if (c === 'b' || c === 'B') throw new Unsupported(`regex: word boundary \\${c} has no Lucene equivalent`);
    if (c === 'p' || c === 'P') throw new Unsupported(`regex: Unicode class \\${c} is not supported by the OpenSearch backend`);
    if (c === 'C') throw new Unsupported('regex: \\C (any byte) has no Lucene equivalent');
    if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`regex: invalid escape \\${c}`, 'HALONG_SIGMA_VALUE');
    return lit(this.cps[this.pos - 1]!, f);
  }

  private bracket(f: Flags): ReNode {
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    const ranges: Range[] = [];
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new Unsupported('regex: missing ]', 'HALONG_SIGMA_VALUE');
      if (c === ']' && !first) break;
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(String.fromCodePoint(...this.cps.slice(this.pos, this.pos + 12)));
      if (posix) {
        const set = POSIX[posix[2]!];
        if (!set) throw new Unsupported(`regex: unknown class [:${posix[2]}:]`, 'HALONG_SIGMA_VALUE');
        this.pos += posix[0].length;
        ranges.push(...(posix[1] ? complement(set) : set));
        continue;
      }
      const lo = this.classAtom(f);
      if (Array.isArray(lo)) {
        ranges.push(...lo);
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const hi = this.classAtom(f);
        if (Array.isArray(hi) || hi < lo) throw new Unsupported('regex: bad character class range', 'HALONG_SIGMA_VALUE');
        ranges.push([lo, hi]);
      } else ranges.push([lo, lo]);
    }
    this.pos++;
    return { t: 'set', ranges: normalize(ranges), negated, fold: f.i };
  }

  /** A code point, or the ranges of a class escape like `\d`. */
  private classAtom(f: Flags): number | Range[] {
    const c = this.peek()!;
    this.pos++;
    if (c !== '\\') return this.cps[this.pos - 1]!;
    const e = this.escape(f, true);
    if (e.t !== 'set') throw new Unsupported('regex: bad escape in class', 'HALONG_SIGMA_VALUE');
    if (e.ranges.length === 1 && e.ranges[0]![0] === e.ranges[0]![1] && !e.negated) return e.ranges[0]![0];
    return e.negated ? complement(e.ranges) : e.ranges;
  }
}

/** Parses an RE2 pattern with the flags of the `re` modifier. */
export function parseRe2(source: string, flags: Flags): ReNode {
  return new Parser(source).parse({ ...flags });
}
