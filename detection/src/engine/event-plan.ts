// Which scans an event needs depends only on the logsources it matched, and a stream holds few
// distinct combinations (a Sysmon process start, a PowerShell module record, a web access …).
// Each combination gets a plan, built on first sight and kept: the path indexes to consult, each
// narrowed to the patterns of rules in those logsources. A PowerShell record then searches its
// text for Mimikatz's 23 keywords, not for the 119 of every Windows keyword rule, and a set that
// small is usually covered by a few anchors a native indexOf can look for (anchors.ts).
import { AhoCorasick } from './aho-corasick';
import { chooseAnchors } from './anchors';
import { ScanFacts } from './contains-facts';
import type { PathRef } from './field-access';
import type { CandidateScratch, PathIndex, ScanTarget } from './literal-index';
import { LEAVES_PATH } from './requirements';

/** Plans kept; a stream with more combinations scans the shared indexes for the rest. */
const MAX_PLANS = 1024;
/** Narrowed automata kept (shared between plans with the same pattern subset). */
const MAX_NARROWED = 4096;
/** A subset is copied only when it is small, or at most half the path's patterns. */
const SMALL_SUBSET = 96;
/** More fact literals than this for one target are not added: the automaton would grow too large. */
const MAX_FACTS = 256;

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
   * @param pathFacts by path, the `contains` literals rules test there and those rules (contains-facts.ts)
   */
  constructor(
    private readonly indexes: readonly PathIndex[],
    private readonly groupPaths: readonly (readonly number[])[],
    private readonly ruleGroup: Int32Array,
    private readonly scratch: CandidateScratch,
    private readonly pathFacts: ReadonlyMap<PathRef, ReadonlyMap<string, readonly number[]>> = new Map(),
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
    const targets = paths.map((pi) => this.narrow(pi, inSet)).filter((t) => t.automaton !== undefined || t.eq.size > 0);
    // Leaves last: a long leaf that is also a scanned field (a 4103 record's ContextInfo) is then
    // lower-cased already when the leaves are gated (CachedView.lowerText).
    return [...targets.filter((t) => !t.leaves), ...targets.filter((t) => t.leaves)];
  }

  /** Index `pi` narrowed to the patterns some rule of `groups` needs, with their facts when it is scanned in full; or the index itself. */
  private narrow(pi: number, groups: ReadonlySet<number>): ScanTarget {
    const index = this.indexes[pi]!;
    const automaton = index.automaton;
    if (automaton === undefined) return index;
    const keep: number[] = [];
    index.patternItems.forEach((items, p) => {
      if (items.some((r) => groups.has(this.ruleGroup[r]!))) keep.push(p);
    });
    const kept = keep.map((p) => automaton.patterns[p]!);
    const full = keep.length === index.patternItems.length;
    // Anchors of the kept set: the shared automaton's when all are kept, else found once here.
    const anchors = full ? automaton.anchors : chooseAnchors(kept);
    const facts = anchors === undefined ? this.factsFor(index.path, groups, kept) : undefined;
    if (facts === undefined) {
      if (full) return index;
      if (keep.length > SMALL_SUBSET && keep.length * 2 > index.patternItems.length) return index;
    }
    const keptSet = new Set(kept);
    const extra = facts === undefined ? [] : facts.filter((f) => !keptSet.has(f));
    const id = `${pi}:${keep.join(',')}:${facts === undefined ? '-' : extra.join('\u0000')}`;
    const known = this.narrowed.get(id);
    if (known !== undefined) return known;
    if (this.narrowed.size >= MAX_NARROWED) return index;
    // Item lists stay whole: a rule of another logsource found here is dropped by the router check.
    const target: ScanTarget = {
      path: index.path,
      leaves: index.leaves,
      eq: index.eq,
      // Every pattern kept, in order: the shared automaton serves as is.
      automaton: full ? automaton : kept.length > 0 ? new AhoCorasick(kept, anchors) : undefined,
      patternItems: [...keep.map((p) => index.patternItems[p]!), ...extra.map(() => [])],
      patternBase: this.scratch.reservePatterns(kept.length + extra.length),
      facts: facts === undefined ? undefined : new ScanFacts([...kept, ...extra]),
    };
    this.narrowed.set(id, target);
    return target;
  }

  /**
   * The `contains` literals rules of `groups` test at `path` (sorted), to ride on the scan of the
   * `kept` patterns. Only for a text scanned in full anyway (the caller checks that no anchors
   * gate it: added literals would undo them, anchors.ts), and not so many that the automaton
   * would balloon. Undefined otherwise.
   */
  private factsFor(path: PathRef, groups: ReadonlySet<number>, kept: readonly string[]): string[] | undefined {
    const facts = this.pathFacts.get(path);
    if (facts === undefined || path.path === LEAVES_PATH || kept.length === 0) return undefined;
    const keptSet = new Set(kept);
    const out: string[] = [];
    let extra = 0;
    for (const [text, rules] of facts) {
      if (text.length === 0 || !rules.some((r) => groups.has(this.ruleGroup[r]!))) continue;
      out.push(text);
      if (!keptSet.has(text) && (extra += 1) > MAX_FACTS) return undefined;
    }
    return out.length > 0 ? out.sort() : undefined;
  }
}

function sameGroups(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k += 1) if (a[k] !== b[k]) return false;
  return true;
}
