// Logsource routing: which logsources (groups of rules sharing routing conditions) an event
// belongs to, each group's conditions evaluated at most once per event. Groups whose conditions
// require a literal (`event.category: process`, `event.code: 4688` …) are found through the
// literal index; the others are tested on every event; empty conditions match everything.
import type { FieldTest } from '../sigma/types';
import type { FieldSource } from './event-view';
import type { CompiledPart } from './field-test';
import { buildPathIndexes, CandidateScratch, patternTotal, type PathIndex } from './literal-index';
import { atomKey, type Clause, type Cnf } from './requirements';
import { memoPaths, RouteMemo } from './route-memo';

/** Routes events to groups. */
export class LogsourceRouter {
  private readonly always: number[] = [];
  private readonly scanned: number[] = [];
  private readonly indexes: PathIndex[];
  private readonly checks: ((view: FieldSource) => boolean)[];
  private readonly scratch: CandidateScratch;
  private readonly okStamp: Uint32Array;
  private readonly candidates: number[] = [];
  private readonly memo: RouteMemo | undefined;
  private generation = 0;

  /**
   * @param groups each group's compiled conditions; `always` when it has none.
   * @param conditions when given, each group's conditions as FieldTests: routes are remembered when they allow it (route-memo.ts).
   */
  constructor(groups: readonly { conditions: CompiledPart; always: boolean }[], conditions?: readonly (readonly FieldTest[])[]) {
    this.checks = groups.map((g) => g.conditions.evaluate);
    const indexed: { item: number; clause: Clause }[] = [];
    const shared = atomFrequencies(groups.map((g) => g.conditions.cnf));
    groups.forEach((g, id) => {
      const clause = g.always ? null : leastShared(g.conditions.cnf, shared);
      if (g.always) this.always.push(id);
      else if (clause !== null && clause.length > 0) indexed.push({ item: id, clause });
      else this.scanned.push(id);
    });
    this.indexes = buildPathIndexes(indexed);
    this.scratch = new CandidateScratch(groups.length, patternTotal(this.indexes));
    this.okStamp = new Uint32Array(Math.max(1, groups.length));
    // Only when the index reads those paths anyway: a memo must not add reads.
    const read = new Set(this.indexes.map((i) => i.path));
    const paths = conditions === undefined ? undefined : memoPaths(conditions);
    if (paths !== undefined && paths.every((p) => read.has(p))) this.memo = new RouteMemo(conditions!);
  }

  /** Logsources found through the index. */
  get indexedCount(): number {
    return this.checks.length - this.always.length - this.scanned.length;
  }

  /** Appends to `out` every group whose conditions the event satisfies. */
  route(view: FieldSource, out: number[]): void {
    this.generation = this.generation === 0xfffffffe ? this.restamp() : this.generation + 1;
    const memo = this.memo;
    if (memo === undefined) {
      this.compute(view, out);
      return;
    }
    const known = memo.get(view);
    if (known !== undefined) {
      for (let k = 0; k < known.length; k += 1) this.accept(known[k]!, this.generation, out);
      return;
    }
    const start = out.length;
    this.compute(view, out);
    memo.set(view, out.slice(start));
  }

  private compute(view: FieldSource, out: number[]): void {
    this.scratch.next();
    const g = this.generation;
    for (let k = 0; k < this.always.length; k += 1) this.accept(this.always[k]!, g, out);
    for (let k = 0; k < this.scanned.length; k += 1) {
      const id = this.scanned[k]!;
      if (this.checks[id]!(view)) this.accept(id, g, out);
    }
    const candidates = this.candidates;
    if (candidates.length !== 0) candidates.length = 0;
    for (let k = 0; k < this.indexes.length; k += 1) this.scratch.collect(this.indexes[k]!, view, candidates);
    for (let k = 0; k < candidates.length; k += 1) {
      const id = candidates[k]!;
      if (this.checks[id]!(view)) this.accept(id, g, out);
    }
  }

  /** Whether the last routed event belongs to group `id`. */
  matched(id: number): boolean {
    return this.okStamp[id] === this.generation;
  }

  private accept(id: number, generation: number, out: number[]): void {
    this.okStamp[id] = generation;
    out.push(id);
  }

  private restamp(): number {
    this.okStamp.fill(0);
    return 1;
  }
}

/** How many logsources can use each atom. */
function atomFrequencies(cnfs: Cnf[]): Map<string, number> {
  const freq = new Map<string, number>();
  for (const cnf of cnfs) {
    const atoms = new Set(cnf.flat().map(atomKey));
    for (const key of atoms) freq.set(key, (freq.get(key) ?? 0) + 1);
  }
  return freq;
}

/**
 * Logsources often share a condition (`event.module: windows`): indexing them all under it would
 * make every Windows event test all of them. The clause whose atoms the fewest other logsources
 * share is taken instead (`event.dataset`, `event.code` …).
 */
function leastShared(cnf: Cnf, freq: Map<string, number>): Clause | null {
  let best: Clause | null = null;
  let bestCost = Infinity;
  for (const clause of cnf) {
    let cost = 0;
    for (const atom of clause) cost += freq.get(atomKey(atom)) ?? 1;
    if (clause.length > 0 && cost < bestCost) {
      best = clause;
      bestCost = cost;
    }
  }
  return best;
}
