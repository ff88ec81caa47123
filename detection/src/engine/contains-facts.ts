// Answers to `contains` tests taken from the prefilter's scan. A PowerShell module record's
// ContextInfo (~6 KiB) is scanned once by the index automaton, and then rules asked, literal
// after literal, whether it contains ' -w ', 'hidden', '-nop' …: each a full native search
// when the answer is no. When a scan target's automaton is scanned in full anyway (no anchors
// gate it), a second automaton adds the literals of its rules' `contains` tests as patterns that
// select no rule ("facts"), and a long text is scanned with that one instead; a test on that
// same lower-cased string then reads its answer from the scan's stamps. Short texts keep the
// smaller automaton: their includes() are cheap, and extra reports would not be. Anything not
// known from a scan (an array value, a literal not in the automaton, a path not scanned for this
// event, the naive matcher) is computed as before.
import { AhoCorasick } from './aho-corasick';
import type { FieldSource } from './event-view';
import type { PathRef } from './field-access';

/** Not known from a scan: compute it. */
export const FACT_UNKNOWN = 0;
/** The literal occurs in the path's only lower-cased value. */
export const FACT_FOUND = 1;
/** The literal does not occur in the path's only lower-cased value. */
export const FACT_ABSENT = 2;

const ids = new Map<string, number>();

/** The process-wide id of a lower-cased `contains` literal. */
export function factId(literal: string): number {
  let id = ids.get(literal);
  if (id === undefined) ids.set(literal, (id = ids.size));
  return id;
}

/** The id of a literal some test registered, or undefined. */
export function knownFactId(literal: string): number | undefined {
  return ids.get(literal);
}

/**
 * A scan target's automaton with the facts added (its patterns first, the added literals after,
 * so pattern indexes agree), and which pattern answers which fact.
 */
export class ScanFacts {
  /** Fact id → pattern index + 1 (0: not a pattern here); ids are dense, and a read is one load. */
  private readonly local: Int32Array;
  private built: AhoCorasick | undefined;

  /** @param patterns the target automaton's patterns, then the literals added */
  constructor(private readonly patterns: readonly string[]) {
    const known = patterns.map(knownFactId);
    this.local = new Int32Array(known.reduce<number>((n, id) => (id === undefined ? n : Math.max(n, id + 1)), 0));
    known.forEach((id, index) => {
      if (id !== undefined) this.local[id] = index + 1;
    });
  }

  /** The target's patterns then the added literals; built on first use, as only long texts need it. */
  get automaton(): AhoCorasick {
    if (this.built === undefined) this.built = new AhoCorasick(this.patterns);
    return this.built;
  }

  /** The state of fact `id` after a scan that stamped found patterns `seen[base + p] === generation`. */
  state(id: number, seen: Uint32Array, base: number, generation: number): number {
    const p = id < this.local.length ? this.local[id]! - 1 : -1;
    if (p < 0) return FACT_UNKNOWN;
    return seen[base + p] === generation ? FACT_FOUND : FACT_ABSENT;
  }
}

/** FACT_FOUND when one of the literals occurs at the path, FACT_ABSENT when none does, else FACT_UNKNOWN. */
export function anyFact(view: FieldSource, path: PathRef, ids: readonly number[]): number {
  if (!view.scanned(path)) return FACT_UNKNOWN;
  for (let k = 0; k < ids.length; k += 1) {
    const s = view.fact(path, ids[k]!);
    // One literal not known: the test is computed in full anyway.
    if (s !== FACT_ABSENT) return s;
  }
  return FACT_ABSENT;
}
