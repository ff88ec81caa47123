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

import { anchorGate, chooseAnchors } from './anchors';
import { codeUnits, LITTLE_ENDIAN } from './code-units';
import { PrefixResume, RESUME_FROM, type FoundSink, type Resumable } from './prefix-resume';

/** Below this length a text is cheaper to scan than to gate with native searches. */
const GATE_FROM = 64;
/**
 * From this length a text the event has lower-cased already is searched with indexOf, cheaper
 * than the raw gate's regex; below, the regex beats the call (excludesRaw, mayHoldRaw).
 */
const RAW_GATE_UNTIL = 256;

/** Dense table above this many cells would use too much memory. */
const MAX_CELLS = 64 * 1024 * 1024;

/**
 * Texts shorter than this have their findings remembered. Field values repeat across events
 * (executables, registry hives, user names: ~80% of the short texts a stream scans), and on a
 * large table each step of a scan is a cache miss (~20 ns per character measured), while a
 * lookup hashes the text natively.
 */
const MEMO_UNTIL = 256;
/** Texts remembered per automaton; the memo starts over when full. */
const MEMO_ENTRIES = 1024;
/** The findings of a text holding no pattern, shared. */
const NOTHING: readonly number[] = Object.freeze([]);

/**
 * Trie state → its rank in breadth-first order. Most steps of a scan stay within a few
 * characters of the root, so numbering shallow states first keeps the rows a scan reads most
 * next to each other in the table, instead of spread over megabytes in pattern order.
 */
function breadthFirst(kids: readonly Map<number, number>[]): Int32Array {
  const rank = new Int32Array(kids.length);
  const queue = [0];
  for (let head = 0; head < queue.length; head += 1) {
    const s = queue[head]!;
    rank[s] = head;
    for (const t of kids[s]!.values()) queue.push(t);
  }
  return rank;
}

/** The lower case of a text, when already known (FieldSource.knownLower: long texts an event lower-cased). */
export interface TextLowering {
  knownLower(text: string): string | undefined;
}

/** A compiled set of patterns. */
export class AhoCorasick implements Resumable {
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
  /** anchorGate(anchors): the anchors looked for in a text before it is lower-cased. */
  private readonly gate: RegExp | undefined;
  /** Whether excludesRaw can ever answer true. */
  readonly gated: boolean;
  private readonly shortestAnchor: number;
  /** Remembered long texts (prefix-resume.ts), once the automaton has scanned one. */
  private resume: PrefixResume | undefined;
  /** Short text → the distinct patterns it holds, in order of first occurrence. */
  private memo: Map<string, readonly number[]> | undefined;

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
    this.gate = anchors === undefined ? undefined : anchorGate(anchors);
    this.gated = this.gate !== undefined;
    this.shortestAnchor = anchors === undefined ? 0 : Math.min(...anchors.map((a) => a.length));
    // A unit in no pattern leads every state back to the root, so no match can span it.
    this.separable = !classOf.has(0);
    const width = classOf.size + 1;
    const states = kids.length;
    const order = breadthFirst(kids);
    if (states * width > MAX_CELLS) throw new RangeError(`Aho–Corasick table too large (${states} states × ${width} symbols)`);
    this.classes = width <= 256 ? new Uint8Array(65536) : new Uint16Array(65536);
    for (const [code, c] of classOf) this.classes[code] = c;
    this.width = width;
    this.states = states;
    this.output = new Int32Array(states);
    for (let s = 0; s < states; s += 1) this.output[order[s]!] = ends[s]!;
    this.dictLink = new Int32Array(states).fill(-1);
    const delta = new Int32Array(states * width).fill(-1);
    kids.forEach((m, s) => m.forEach((t, c) => (delta[order[s]! * width + c] = order[t]!)));
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

  /** True when some pattern occurs in `text`; a long one is scanned up to the first, a short one answered as scan() would. */
  test(text: string): boolean {
    if (this.excluded(text)) return false;
    if (text.length < MEMO_UNTIL) return this.remembered(text).length > 0;
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
    if (text.length >= RESUME_FROM && LITTLE_ENDIAN) {
      (this.resume ??= new PrefixResume(this.patterns.length)).scan(this, text, seen, base, generation, out);
      return;
    }
    if (text.length >= MEMO_UNTIL) {
      if (LITTLE_ENDIAN) this.scanUnits(codeUnits(text), text.length, seen, base, generation, out);
      else this.replay(this.findAll(text), seen, base, generation, out);
      return;
    }
    // What scanning would report: each pattern at its first occurrence, unless already seen.
    this.replay(this.remembered(text), seen, base, generation, out);
  }

  /** findAll(text) for a short text, from the memo when the text was met before. */
  private remembered(text: string): readonly number[] {
    const memo = (this.memo ??= new Map());
    let found = memo.get(text);
    if (found === undefined) {
      found = this.findAll(text);
      if (memo.size >= MEMO_ENTRIES) memo.clear();
      memo.set(text, found);
    }
    return found;
  }

  /** The distinct patterns that occur in `text`, in order of first occurrence (as report() meets them). */
  private findAll(text: string): readonly number[] {
    const { classes, jump, width, output, dictLink } = this;
    let found: number[] | undefined;
    let row = 0;
    for (let i = 0; i < text.length; i += 1) {
      row = jump[row + classes[text.charCodeAt(i)]!]!;
      if (row < 0) {
        row = ~row;
        const state = row / width;
        for (let t = output[state]! >= 0 ? state : dictLink[state]!; t >= 0; t = dictLink[t]!) {
          const p = output[t]!;
          if (found === undefined) found = [p];
          else if (!found.includes(p)) found.push(p);
        }
      }
    }
    return found ?? NOTHING;
  }

  private replay(found: readonly number[], seen: Uint32Array, base: number, generation: number, out: number[]): void {
    for (let k = 0; k < found.length; k += 1) {
      const p = found[k]!;
      if (seen[base + p] !== generation) {
        seen[base + p] = generation;
        out.push(p);
      }
    }
  }

  /**
   * True when no pattern can occur in lowerText(`raw`): the text is then skipped without being
   * lower-cased. False when unsure (no gate; a short text, cheaper to scan; a long one, for which
   * lower-casing and indexOf beat the regex).
   */
  excludesRaw(raw: string): boolean {
    const gate = this.gate;
    return gate !== undefined && raw.length >= GATE_FROM && raw.length < RAW_GATE_UNTIL && !gate.test(raw);
  }

  /**
   * For texts scanned joined by U+0000, which no anchor holds: true when an anchor may occur in
   * lowerText(`raw`), false when none can (then no pattern can either). A leaf walk that finds no
   * such leaf settles that the leaves hold no pattern, without joining or lower-casing them. A
   * long text the event has lower-cased already (a field a scan read) is searched with indexOf;
   * any other goes through the gate's regex, cheaper than lower-casing it first (measured on
   * Sysmon and Security messages of 0.5 KiB, and on 5 KiB PowerShell texts). Without a gate,
   * always true.
   */
  mayHoldRaw(raw: string, lowering: TextLowering): boolean {
    const gate = this.gate;
    if (gate === undefined) return true;
    if (raw.length < this.shortestAnchor) return false;
    const lower = raw.length < RAW_GATE_UNTIL ? undefined : lowering.knownLower(raw);
    return lower === undefined ? gate.test(raw) : !this.excluded(lower);
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

  /** Runs the DFA over units[from, to) from `row`, handing each pattern found to `sink` with its end; returns the row reached (prefix-resume.ts). */
  run(units: Uint16Array, from: number, to: number, row: number, sink: FoundSink): number {
    const { classes, jump, width, output, dictLink } = this;
    for (let i = from; i < to; i += 1) {
      row = jump[row + classes[units[i]!]!]!;
      if (row < 0) {
        row = ~row;
        const state = row / width;
        for (let t = output[state]! >= 0 ? state : dictLink[state]!; t >= 0; t = dictLink[t]!) sink.found(output[t]!, i);
      }
    }
    return row;
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
