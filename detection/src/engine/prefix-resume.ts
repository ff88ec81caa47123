// Scans of long texts that resume where an earlier text left off. PowerShell module records
// (4103) carry a ~5 KiB ContextInfo that differs from the previous one of the same host only in
// its tail (sequence number, pipeline id, command): the host application line with its encoded
// command comes first, and ~90% of each text repeats one of the last few. A DFA's state after a
// prefix depends only on that prefix, so a text that starts with the same blocks as a remembered
// one takes the state at the last shared block boundary, reports the patterns the remembered
// text had found before that boundary, and scans only the rest. Prefixes are compared natively
// (string equality of slices), a few calls instead of a character loop, and only the rest is
// copied for the scan.
import { codeUnitsFrom } from './code-units';

/** Texts shorter than this are scanned from the start: the bookkeeping would cost more. */
export const RESUME_FROM = 1024;
/** Code units between two remembered DFA states. */
const BLOCK = 256;
/** Texts remembered per automaton. */
const RECENT = 4;

/** What a resumable scan needs from an automaton. */
export interface Resumable {
  /** Runs the DFA over units[from, to) from `row`; each pattern ending at i goes to sink.found(p, i). Returns the row. */
  run(units: Uint16Array, from: number, to: number, row: number, sink: FoundSink): number;
}

/** Receives the patterns a run finds. */
export interface FoundSink {
  found(pattern: number, at: number): void;
}

interface Remembered {
  text: string;
  /** rows[k]: the DFA row after k blocks. */
  rows: Int32Array;
  /** Pairs (pattern, position) of each pattern's first occurrence, by position. */
  finds: number[];
  used: number;
}

/** One automaton's remembered texts and the state of the scan in progress. */
export class PrefixResume implements FoundSink {
  private readonly texts: Remembered[] = [];
  private clock = 0;
  private firstSeen: Int32Array;
  private scanId = 0;
  private finds: number[] = [];
  private seen: Uint32Array = new Uint32Array(0);
  private base = 0;
  private generation = 0;
  private out: number[] = [];

  constructor(patterns: number) {
    this.firstSeen = new Int32Array(patterns);
  }

  /** Reports each pattern of `automaton` in `text` once per generation, as AhoCorasick.scan does. */
  scan(automaton: Resumable, text: string, seen: Uint32Array, base: number, generation: number, out: number[]): void {
    const length = text.length;
    const blocks = Math.floor(length / BLOCK);
    let from: Remembered | undefined;
    let shared = 0;
    for (const r of this.texts) {
      const k = sharedBlocks(text, r.text, blocks);
      if (k > shared) {
        shared = k;
        from = r;
      }
    }
    const units = codeUnitsFrom(text, shared * BLOCK);
    this.start(seen, base, generation, out);
    const rows = from !== undefined && from.rows.length >= blocks + 1 ? from.rows : new Int32Array(blocks + 1);
    let row = 0;
    if (from !== undefined) {
      const finds = from.finds;
      const limit = shared * BLOCK;
      for (let k = 0; k < finds.length && finds[k + 1]! < limit; k += 2) this.found(finds[k]!, finds[k + 1]!);
      if (rows !== from.rows) rows.set(from.rows.subarray(0, shared + 1));
      row = from.rows[shared]!;
    }
    for (let k = shared; k < blocks; k += 1) {
      row = automaton.run(units, k * BLOCK, (k + 1) * BLOCK, row, this);
      rows[k + 1] = row;
    }
    automaton.run(units, blocks * BLOCK, length, row, this);
    this.remember(from, text, rows);
  }

  found(pattern: number, at: number): void {
    if (this.firstSeen[pattern] !== this.scanId) {
      this.firstSeen[pattern] = this.scanId;
      this.finds.push(pattern, at);
    }
    const slot = this.base + pattern;
    if (this.seen[slot] !== this.generation) {
      this.seen[slot] = this.generation;
      this.out.push(pattern);
    }
  }

  private start(seen: Uint32Array, base: number, generation: number, out: number[]): void {
    this.scanId = this.scanId === 0x7fffffff ? this.restamp() : this.scanId + 1;
    this.finds = [];
    this.seen = seen;
    this.base = base;
    this.generation = generation;
    this.out = out;
  }

  private restamp(): number {
    this.firstSeen.fill(0);
    return 1;
  }

  /** Keeps the text just scanned in place of the one it resumed from, else of the least recently used. */
  private remember(from: Remembered | undefined, text: string, rows: Int32Array): void {
    let slot = from;
    if (slot === undefined && this.texts.length < RECENT) {
      slot = { text, rows, finds: [], used: 0 };
      this.texts.push(slot);
    }
    slot ??= this.texts.reduce((a, b) => (a.used <= b.used ? a : b));
    slot.text = text;
    slot.rows = rows;
    slot.finds = this.finds;
    slot.used = (this.clock += 1);
  }
}

/** Whole blocks `text` shares with a remembered text from the start: a binary search of native comparisons. */
function sharedBlocks(text: string, known: string, blocks: number): number {
  let lo = 0;
  let hi = Math.min(blocks, Math.floor(known.length / BLOCK));
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    // [0, lo) blocks are known equal: only [lo, mid) is compared.
    if (text.slice(lo * BLOCK, mid * BLOCK) === known.slice(lo * BLOCK, mid * BLOCK)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
