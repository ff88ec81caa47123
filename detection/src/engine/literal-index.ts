// The prefilter: items (rules, or logsources) registered under the atoms of one clause, per ECS
// path a hash from exact lower-cased value to items and one Aho–Corasick automaton over every
// required substring. For an event, an item is a candidate when one of its atoms holds; an item
// that is not a candidate cannot match, because its clause is a necessary condition.
import { AhoCorasick } from './aho-corasick';
import type { ScanFacts } from './contains-facts';
import type { FieldSource, Leaves } from './event-view';
import type { LeafVisitor } from './leaf-walk';
import { pathRef, type PathRef } from './field-access';
import { LEAVES_PATH, type Clause } from './requirements';
import { numericValue } from './value-test';

/** The index of one ECS path. */
export interface PathIndex {
  path: PathRef;
  /** The pseudo-path of every string leaf (keyword searches without keyword fields). */
  leaves: boolean;
  /** Exact value → items. */
  eq: Map<string, number[]>;
  automaton: AhoCorasick | undefined;
  /** Automaton pattern index → items. */
  patternItems: number[][];
  /** Where this path's patterns start in the shared per-event stamp array. */
  patternBase: number;
  /** Items registered under this path (sorted, distinct). */
  items: number[];
}

/**
 * What one scan of a path consults: its index, or a copy narrowed to some logsources' patterns
 * (event-plan.ts), possibly with `contains` literals added as facts (contains-facts.ts).
 */
export type ScanTarget = Pick<PathIndex, 'path' | 'leaves' | 'eq' | 'automaton' | 'patternItems' | 'patternBase'> & { facts?: ScanFacts };

/** Builds path indexes from (item, clause) pairs. */
export function buildPathIndexes(entries: { item: number; clause: Clause }[]): PathIndex[] {
  const byPath = new Map<string, { eq: Map<string, Set<number>>; sub: Map<string, Set<number>>; items: Set<number> }>();
  for (const { item, clause } of entries) {
    for (const atom of clause) {
      let slot = byPath.get(atom.path);
      if (slot === undefined) {
        slot = { eq: new Map(), sub: new Map(), items: new Set() };
        byPath.set(atom.path, slot);
      }
      const table = atom.kind === 'eq' ? slot.eq : slot.sub;
      let set = table.get(atom.text);
      if (set === undefined) table.set(atom.text, (set = new Set()));
      set.add(item);
      slot.items.add(item);
    }
  }
  const out: PathIndex[] = [];
  let patternBase = 0;
  for (const [path, slot] of byPath) {
    const patterns = [...slot.sub.keys()];
    out.push({
      patternBase,
      path: pathRef(path),
      leaves: path === LEAVES_PATH,
      eq: new Map([...slot.eq].map(([k, v]) => [k, sorted(v)])),
      automaton: patterns.length > 0 ? new AhoCorasick(patterns) : undefined,
      patternItems: patterns.map((p) => sorted(slot.sub.get(p)!)),
      items: sorted(slot.items),
    });
    patternBase += patterns.length;
  }
  return out;
}

function sorted(set: Set<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

/** From this length a text is scanned with its target's facts (contains-facts.ts): below, includes() is cheap. */
const FACTS_FROM = 512;

/** Total automaton patterns over some path indexes: the size of a CandidateScratch's pattern stamps. */
export function patternTotal(indexes: PathIndex[]): number {
  return indexes.reduce((n, i) => n + i.patternItems.length, 0);
}

/** Per-event scratch state for candidate collection, reused across events. */
export class CandidateScratch {
  private patternSeen: Uint32Array;
  private patternsUsed: number;
  private readonly itemSeen: Uint32Array;
  private readonly found: number[] = [];
  private readonly anchorWalk = new AnchorWalk();
  /** The current event's stamp; every stamp array is cleared when it wraps. */
  generation = 0;

  constructor(items: number, patterns: number) {
    this.itemSeen = new Uint32Array(Math.max(1, items));
    this.patternSeen = new Uint32Array(Math.max(1, patterns));
    this.patternsUsed = patterns;
  }

  /** Starts an event. */
  next(): void {
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      this.itemSeen.fill(0);
      this.patternSeen.fill(0);
      this.generation = 1;
    }
  }

  /** Whether `item` was collected for the current event. */
  collected(item: number): boolean {
    return this.itemSeen[item] === this.generation;
  }

  /** Reserves stamps for `count` more patterns (a narrowed automaton's); returns their base. */
  reservePatterns(count: number): number {
    const base = this.patternsUsed;
    this.patternsUsed += count;
    if (this.patternsUsed > this.patternSeen.length) {
      const grown = new Uint32Array(Math.max(this.patternsUsed, this.patternSeen.length * 2));
      grown.set(this.patternSeen);
      this.patternSeen = grown;
    }
    return base;
  }

  /** Appends to `out` the items of `index` whose atoms hold in `view`, each once per event. */
  collect(index: ScanTarget, view: FieldSource, out: number[]): void {
    if (index.leaves) {
      const automaton = index.automaton;
      if (index.eq.size === 0 && automaton !== undefined && automaton.gated && automaton.separable) {
        // Most events hold no anchor in any leaf: the walk then stops nowhere, and no list of leaves is built.
        const walk = this.anchorWalk;
        walk.automaton = automaton;
        walk.view = view;
        if (!view.someLeaf(walk)) return;
      }
      this.collectLeaves(index, view.leaves(), out);
      return;
    }
    // Most targets of a plan are paths an event lacks (winlog.user_data.* on a Sysmon event): one cached read tells.
    const raw = view.raw(index.path);
    if (raw === undefined) return;
    // A text that cannot hold a pattern is not lower-cased for the scan (a rule may still ask for it).
    if (typeof raw === 'string' && index.eq.size === 0 && index.automaton?.gated === true && index.automaton.excludesRaw(raw)) return;
    const lower = view.lower(index.path);
    if (lower === undefined) return;
    if (typeof lower !== 'string') for (let k = 0; k < lower.length; k += 1) this.collectValue(index, lower[k]!, out);
    else if (index.facts === undefined || lower.length < FACTS_FROM) this.collectValue(index, lower, out);
    else {
      this.lookUp(index, lower, out);
      this.scanValue(index, index.facts.automaton, lower, out);
      view.noteScan(index.path, index.facts, this.patternSeen, index.patternBase, this.generation);
    }
  }

  /** An event has dozens of leaves, mostly short: one scan of them joined beats one per leaf. */
  private collectLeaves(index: ScanTarget, leaves: Leaves, out: number[]): void {
    const automaton = index.automaton;
    const whole = automaton !== undefined && automaton.separable;
    if (index.eq.size > 0 || !whole) {
      const lower = leaves.lower;
      for (let k = 0; k < lower.length; k += 1) {
        this.lookUp(index, lower[k]!, out);
        if (!whole && automaton !== undefined) this.scanValue(index, automaton, lower[k]!, out);
      }
    }
    if (whole && leaves.raw.length > 0) this.scanValue(index, automaton, leaves.joinedLower, out);
  }

  private collectValue(index: ScanTarget, value: string, out: number[]): void {
    this.lookUp(index, value, out);
    const automaton = index.automaton;
    if (automaton !== undefined) this.scanValue(index, automaton, value, out);
  }

  private lookUp(index: ScanTarget, value: string, out: number[]): void {
    if (index.eq.size === 0) return;
    this.add(index.eq.get(value), out);
    const canonical = canonicalNumber(value);
    if (canonical !== undefined) this.add(index.eq.get(canonical), out);
  }

  private scanValue(index: ScanTarget, automaton: AhoCorasick, value: string, out: number[]): void {
    const found = this.found;
    // Setting an array's length is a runtime call even when nothing changes: most scans find nothing.
    if (found.length !== 0) found.length = 0;
    automaton.scan(value, this.patternSeen, index.patternBase, this.generation, found);
    for (let k = 0; k < found.length; k += 1) this.add(index.patternItems[found[k]!], out);
  }

  private add(items: number[] | undefined, out: number[]): void {
    if (items === undefined) return;
    const seen = this.itemSeen;
    const g = this.generation;
    for (let k = 0; k < items.length; k += 1) {
      const item = items[k]!;
      if (seen[item] !== g) {
        seen[item] = g;
        out.push(item);
      }
    }
  }
}

/** A leaf walk that stops at the first leaf in which one of a gated automaton's anchors may occur. */
class AnchorWalk implements LeafVisitor {
  automaton: AhoCorasick | undefined;
  view: FieldSource | undefined;

  visit(text: string): boolean {
    return this.automaton!.mayHoldRaw(text, this.view!);
  }
}

// A number test matches "4688", "4688.0" and "04688" alike, and its atom is the canonical
// String(number): an event value that is a decimal number is also looked up in that form.
function canonicalNumber(s: string): string | undefined {
  const c = s.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return undefined;
  // Most are integers written canonically already ("4688"): no parse, no String(n).
  if (c !== 48 && s.length <= 15 && allDigits(s)) return undefined;
  const n = numericValue(s);
  if (Number.isNaN(n)) return undefined;
  const k = String(n);
  return k === s ? undefined : k;
}

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
