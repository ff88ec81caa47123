// Aho–Corasick over UTF-16 code units, compiled to a full DFA. Written here rather than taken
// from modern-ahocorasick because that library matches grapheme clusters: it does not find "\n"
// inside "\r\n" nor "e" inside "e\u0301", and a prefilter that misses an occurrence
// String.prototype.includes finds would drop true matches. It is also ~10 µs per scan of a
// 170-character command line, half our per-event budget.
//
// Characters are mapped to a compact alphabet (those that occur in some pattern, plus "other"),
// and every state has a full row, so a scan reads two table cells per code unit: the class of
// the character and the next state. Rows are stored premultiplied (a state is its row offset)
// and a state that ends some pattern is stored negated, so the loop has no multiply and no
// second lookup to know whether to report.

import { chooseAnchors } from './anchors';

/** Below this length a text is cheaper to scan than to gate with native searches. */
const GATE_FROM = 64;

/** Dense table above this many cells would use too much memory. */
const MAX_CELLS = 64 * 1024 * 1024;

// Reading a string through charCodeAt costs several times more per character than reading a
// typed array, so a long text is first copied (natively, as UTF-16LE: lone surrogates survive)
// into one shared buffer. Below this length the copy costs more than it saves.
const COPY_FROM = 48;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
let units = new Uint16Array(4096);
let unitBytes = Buffer.from(units.buffer);

/** `text`'s code units in the shared buffer, valid until the next call. */
function codeUnits(text: string): Uint16Array {
  if (text.length > units.length) {
    units = new Uint16Array(2 ** Math.ceil(Math.log2(text.length)));
    unitBytes = Buffer.from(units.buffer);
  }
  unitBytes.write(text, 0, 'utf16le');
  return units;
}

/** A compiled set of patterns. */
export class AhoCorasick {
  /** Code unit → alphabet index (0 = a unit that occurs in no pattern). */
  private readonly classes: Uint8Array | Uint16Array;
  private readonly width: number;
  /** Row offset of the next state, bitwise-negated (~) when that state reports something. */
  private readonly jump: Int32Array;
  /** Pattern ending exactly at a state, or -1. */
  private readonly output: Int32Array;
  /** Nearest state on the failure chain with an output, or -1. */
  private readonly dictLink: Int32Array;
  /** Number of trie states. */
  readonly states: number;
  /** Substrings covering every pattern (anchors.ts), when a few do. */
  readonly anchors: readonly string[] | undefined;
  /** No pattern holds U+0000: scanning texts joined by it finds what scanning each text finds. */
  readonly separable: boolean;

  /**
   * @param patterns distinct, non-empty strings; a match reports the index into this array.
   * @param anchors chooseAnchors(patterns), when the caller has it already.
   */
  constructor(
    readonly patterns: readonly string[],
    anchors: readonly string[] | undefined = chooseAnchors(patterns),
  ) {
    const classOf = new Map<number, number>();
    // A sparse trie first: the dense table is allocated once the number of states is known.
    const kids: Map<number, number>[] = [new Map()];
    const ends: number[] = [-1];
    patterns.forEach((p, index) => {
      if (p.length === 0) throw new RangeError('Aho–Corasick patterns must not be empty');
      let s = 0;
      for (let i = 0; i < p.length; i += 1) {
        const code = p.charCodeAt(i);
        let c = classOf.get(code);
        if (c === undefined) classOf.set(code, (c = classOf.size + 1));
        let t = kids[s]!.get(c);
        if (t === undefined) {
          t = kids.length;
          kids.push(new Map());
          ends.push(-1);
          kids[s]!.set(c, t);
        }
        s = t;
      }
      ends[s] = index;
    });
    this.anchors = anchors;
    // A unit in no pattern leads every state back to the root, so no match can span it.
    this.separable = !classOf.has(0);
    const width = classOf.size + 1;
    const states = kids.length;
    if (states * width > MAX_CELLS) throw new RangeError(`Aho–Corasick table too large (${states} states × ${width} symbols)`);
    this.classes = width <= 256 ? new Uint8Array(65536) : new Uint16Array(65536);
    for (const [code, c] of classOf) this.classes[code] = c;
    this.width = width;
    this.states = states;
    this.output = Int32Array.from(ends);
    this.dictLink = new Int32Array(states).fill(-1);
    const delta = new Int32Array(states * width).fill(-1);
    kids.forEach((m, s) => m.forEach((t, c) => (delta[s * width + c] = t)));
    this.link(delta);
    this.jump = new Int32Array(states * width);
    for (let cell = 0; cell < delta.length; cell += 1) {
      const t = delta[cell]!;
      this.jump[cell] = this.reports(t) ? ~(t * width) : t * width;
    }
  }

  private reports(state: number): boolean {
    return this.output[state]! >= 0 || this.dictLink[state]! >= 0;
  }

  /** Breadth-first: failure links become full DFA rows, outputs chain through dictLink. */
  private link(delta: Int32Array): void {
    const { width, output, dictLink } = this;
    const fail = new Int32Array(this.states);
    const queue = new Int32Array(this.states);
    let head = 0;
    let tail = 0;
    for (let c = 0; c < width; c += 1) {
      const t = delta[c]!;
      if (t < 0) delta[c] = 0;
      else {
        fail[t] = 0;
        queue[tail++] = t;
      }
    }
    while (head < tail) {
      const s = queue[head++]!;
      const f = fail[s]!;
      dictLink[s] = output[f]! >= 0 ? f : dictLink[f]!;
      for (let c = 0; c < width; c += 1) {
        const cell = s * width + c;
        const t = delta[cell]!;
        if (t < 0) delta[cell] = delta[f * width + c]!;
        else {
          fail[t] = delta[f * width + c]!;
          queue[tail++] = t;
        }
      }
    }
  }

  /** True when some pattern occurs in `text`; stops at the first. */
  test(text: string): boolean {
    if (this.excluded(text)) return false;
    const { classes, jump } = this;
    let row = 0;
    for (let i = 0; i < text.length; i += 1) {
      row = jump[row + classes[text.charCodeAt(i)]!]!;
      if (row < 0) return true;
    }
    return false;
  }

  /**
   * Reports each pattern found in `text` once per generation: `seen[base + i] === generation`
   * marks pattern i as already reported, found indexes are appended to `out`.
   */
  scan(text: string, seen: Uint32Array, base: number, generation: number, out: number[]): void {
    if (this.excluded(text)) return;
    if (text.length >= COPY_FROM && LITTLE_ENDIAN) {
      this.scanUnits(codeUnits(text), text.length, seen, base, generation, out);
      return;
    }
    const { classes, jump } = this;
    let row = 0;
    for (let i = 0; i < text.length; i += 1) {
      row = jump[row + classes[text.charCodeAt(i)]!]!;
      if (row < 0) {
        row = ~row;
        this.report(row / this.width, seen, base, generation, out);
      }
    }
  }

  /** True when no anchor occurs in `text`, so no pattern can. */
  private excluded(text: string): boolean {
    const anchors = this.anchors;
    if (anchors === undefined || text.length < GATE_FROM) return false;
    for (let k = 0; k < anchors.length; k += 1) if (text.indexOf(anchors[k]!) !== -1) return false;
    return true;
  }

  private scanUnits(text: Uint16Array, length: number, seen: Uint32Array, base: number, generation: number, out: number[]): void {
    const { classes, jump } = this;
    let row = 0;
    for (let i = 0; i < length; i += 1) {
      row = jump[row + classes[text[i]!]!]!;
      if (row < 0) {
        row = ~row;
        this.report(row / this.width, seen, base, generation, out);
      }
    }
  }

  private report(state: number, seen: Uint32Array, base: number, generation: number, out: number[]): void {
    const { output, dictLink } = this;
    for (let t = output[state]! >= 0 ? state : dictLink[state]!; t >= 0; t = dictLink[t]!) {
      const p = output[t]!;
      if (seen[base + p] !== generation) {
        seen[base + p] = generation;
        out.push(p);
      }
    }
  }
}
