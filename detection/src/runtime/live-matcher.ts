// The stream matcher over the enabled rules. A disabled rule's hits are filtered out at once;
// the matcher is then rebuilt without it after a short quiet period (a few toggles, one rebuild),
// so it also stops costing evaluations. Per-rule counters survive rebuilds.
import { createStreamMatcher } from '../engine/stream-matcher';
import type { MatcherEntry, MatcherSummary, RuleMatch, StreamMatcher, StreamMatcherOptions } from '../engine/matcher-types';
import type { RuleStats } from '../engine/rule-stats';
import type { EventRecord } from '../engine/types';
import type { RuleEntry, RuleProblem, RuleSet } from './rule-set';
import { fromSigmaProblem } from './rule-set';

/** A rule's counters since the rule set was loaded. */
export interface RuleCounters {
  evaluations: number;
  matches: number;
  errors: number;
  sampledEvaluations: number;
  sampledNanos: number;
  /** Switched off by the matcher after too many errors (until the next rebuild). */
  failing: boolean;
  lastError?: { code: string; message: string };
}

/** One enabled rule that matched one event. */
export interface LiveMatch {
  entry: RuleEntry;
  match: RuleMatch;
}

/** The last matcher build. */
export interface MatcherBuild {
  rules: number;
  ms: number;
  at: string;
}

/** Options of {@link LiveMatcher}. */
export interface LiveMatcherOptions extends StreamMatcherOptions {
  /** Quiet time after a state change before the rebuild (default 2 s). */
  rebuildDelayMs?: number;
  onRebuilt?: (build: MatcherBuild) => void;
  clock?: () => Date;
}

/** What the live matcher needs to know about rule states. */
export interface EnabledRules {
  isEnabled(key: string): boolean;
}

const zero = (): RuleCounters => ({ evaluations: 0, matches: 0, errors: 0, sampledEvaluations: 0, sampledNanos: 0, failing: false });

/** Matches events against the enabled rules of a rule set. */
export class LiveMatcher {
  private matcher!: StreamMatcher;
  private keys: string[] = [];
  private readonly retired = new Map<string, RuleCounters>();
  private timer: NodeJS.Timeout | undefined;
  private build!: MatcherBuild;

  constructor(
    readonly ruleSet: RuleSet,
    private readonly states: EnabledRules,
    private readonly options: LiveMatcherOptions = {},
  ) {
    this.rebuild();
  }

  /** The enabled rules that match the event. Never throws because of a rule. */
  match(event: EventRecord): LiveMatch[] {
    const out: LiveMatch[] = [];
    for (const match of this.matcher.match(event)) {
      const key = this.keys[match.index]!;
      if (this.states.isEnabled(key)) out.push({ entry: this.ruleSet.byKey.get(key)!, match });
    }
    return out;
  }

  /** Rebuild after the quiet period (filtering already keeps disabled rules silent meanwhile). */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rebuild();
    }, this.options.rebuildDelayMs ?? 2000);
    this.timer.unref();
  }

  /** Builds the matcher over the enabled rules now; synchronous, returns how long it took. */
  rebuild(): MatcherBuild {
    if (this.matcher) this.retire();
    const started = performance.now();
    const enabled = this.ruleSet.matcherEntries.filter((e) => this.states.isEnabled(e.key));
    const entries: MatcherEntry[] = enabled.map((e) => e.entry);
    this.matcher = createStreamMatcher(entries, this.options);
    this.keys = enabled.map((e) => e.key);
    this.build = { rules: entries.length, ms: performance.now() - started, at: (this.options.clock?.() ?? new Date()).toISOString() };
    this.options.onRebuilt?.(this.build);
    return this.build;
  }

  /** Every rule's counters, by key (rules never evaluated are absent). */
  counters(): Map<string, RuleCounters> {
    const out = new Map<string, RuleCounters>();
    for (const [key, c] of this.retired) out.set(key, { ...c });
    for (const s of this.matcher.stats()) add(out, this.keys[s.index]!, s, true);
    return out;
  }

  /** Rules the matcher left out (logsource conditions it cannot compile). */
  problems(): RuleProblem[] {
    return this.matcher.problems.map((p) => fromSigmaProblem(p, 'matcher'));
  }

  describe(): MatcherSummary & { lastBuild: MatcherBuild } {
    return { ...this.matcher.describe(), lastBuild: { ...this.build } };
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private retire(): void {
    for (const s of this.matcher.stats()) add(this.retired, this.keys[s.index]!, s, false);
  }
}

function add(into: Map<string, RuleCounters>, key: string, s: RuleStats, live: boolean): void {
  const c = into.get(key) ?? zero();
  c.evaluations += s.evaluations;
  c.matches += s.matches;
  c.errors += s.errors;
  c.sampledEvaluations += s.sampledEvaluations;
  c.sampledNanos += s.sampledNanos;
  // A rebuild gives a failing rule a fresh start: only the live matcher says it is switched off.
  if (live) c.failing = s.disabled;
  if (s.lastError) c.lastError = { ...s.lastError };
  into.set(key, c);
}
