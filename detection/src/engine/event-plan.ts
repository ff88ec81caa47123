// Which scans an event needs depends only on the logsources it matched, and a stream holds few
// distinct combinations (a Sysmon process start, a PowerShell module record, a web access …).
// Each combination gets a plan, built on first sight and kept: the path indexes to consult, each
// narrowed to the patterns of rules in those logsources. A PowerShell record then searches its
// text for Mimikatz's 23 keywords, not for the 119 of every Windows keyword rule, and a set that
// small is usually covered by a few anchors a native indexOf can look for (anchors.ts).
import { AhoCorasick } from './aho-corasick';
import type { CandidateScratch, PathIndex, ScanTarget } from './literal-index';

/** Plans kept; a stream with more combinations scans the shared indexes for the rest. */
const MAX_PLANS = 1024;
/** Narrowed automata kept (shared between plans with the same pattern subset). */
const MAX_NARROWED = 4096;
/** A subset is copied only when it is small, or at most half the path's patterns. */
const SMALL_SUBSET = 96;

/** Per-combination scan plans over shared path indexes. */
export class PlanCache {
  // Keyed by a hash of the sorted groups, then compared: no string is built per event.
  private readonly plans = new Map<number, { groups: number[]; targets: ScanTarget[] }[]>();
  private readonly narrowed = new Map<string, ScanTarget>();
  private readonly key: number[] = [];
  private count = 0;

  /**
   * @param indexes the shared path indexes
   * @param groupPaths for each logsource group, the indexes holding its rules
   * @param ruleGroup each rule's logsource group
   */
  constructor(
    private readonly indexes: readonly PathIndex[],
    private readonly groupPaths: readonly (readonly number[])[],
    private readonly ruleGroup: Int32Array,
    private readonly scratch: CandidateScratch,
  ) {}

  /** Number of plans built so far. */
  get size(): number {
    return this.count;
  }

  /** The scans for an event that matched `groups` (any order). */
  plan(groups: readonly number[]): ScanTarget[] {
    const key = this.key;
    key.length = 0;
    // Insertion sort: an event matches a handful of logsources.
    for (let k = 0; k < groups.length; k += 1) {
      const g = groups[k]!;
      let j = key.length;
      key.push(g);
      while (j > 0 && key[j - 1]! > g) {
        key[j] = key[j - 1]!;
        j -= 1;
      }
      key[j] = g;
    }
    let hash = key.length;
    for (let k = 0; k < key.length; k += 1) hash = (Math.imul(hash, 31) + key[k]!) | 0;
    const bucket = this.plans.get(hash);
    if (bucket !== undefined) {
      for (let b = 0; b < bucket.length; b += 1) if (sameGroups(bucket[b]!.groups, key)) return bucket[b]!.targets;
    }
    const targets = this.build(key);
    if (this.count < MAX_PLANS) {
      this.count += 1;
      const entry = { groups: key.slice(), targets };
      if (bucket === undefined) this.plans.set(hash, [entry]);
      else bucket.push(entry);
    }
    return targets;
  }

  private build(groups: readonly number[]): ScanTarget[] {
    const inSet = new Set(groups);
    const paths = [...new Set(groups.flatMap((g) => this.groupPaths[g]!))].sort((a, b) => a - b);
    // A narrowed index with nothing left to find is not read at all (a leaves walk is costly).
    return paths.map((pi) => this.narrow(pi, inSet)).filter((t) => t.automaton !== undefined || t.eq.size > 0);
  }

  /** Index `pi` narrowed to the patterns some rule of `groups` needs, or the index itself. */
  private narrow(pi: number, groups: ReadonlySet<number>): ScanTarget {
    const index = this.indexes[pi]!;
    const automaton = index.automaton;
    if (automaton === undefined) return index;
    const keep: number[] = [];
    index.patternItems.forEach((items, p) => {
      if (items.some((r) => groups.has(this.ruleGroup[r]!))) keep.push(p);
    });
    if (keep.length === index.patternItems.length) return index;
    if (keep.length > SMALL_SUBSET && keep.length * 2 > index.patternItems.length) return index;
    const id = `${pi}:${keep.join(',')}`;
    const known = this.narrowed.get(id);
    if (known !== undefined) return known;
    if (this.narrowed.size >= MAX_NARROWED) return index;
    // Item lists stay whole: a rule of another logsource found here is dropped by the router check.
    const target: ScanTarget = {
      path: index.path,
      leaves: index.leaves,
      eq: index.eq,
      automaton: keep.length > 0 ? new AhoCorasick(keep.map((p) => automaton.patterns[p]!)) : undefined,
      patternItems: keep.map((p) => index.patternItems[p]!),
      patternBase: this.scratch.reservePatterns(keep.length),
    };
    this.narrowed.set(id, target);
    return target;
  }
}

function sameGroups(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k += 1) if (a[k] !== b[k]) return false;
  return true;
}
