// Per-rule counters and error isolation. Every evaluation goes through `evaluate`: a rule that
// throws is counted, reported, treated as "no match" and, after `maxErrors` failures, disabled,
// so one broken rule can never break the stream for the others. Timing is sampled (1 in
// `sampleEvery` evaluations, across all rules) to keep the clock off the hot path.
import { EngineError } from './errors';
import type { CompiledRule } from './types';

/** What the matcher knows about one rule. */
export interface RuleStats {
  /** Position of the rule in the matcher's input. */
  index: number;
  ruleId?: string;
  title: string;
  logsourceKey: string;
  evaluations: number;
  matches: number;
  errors: number;
  disabled: boolean;
  lastError?: { code: EngineError['code']; message: string };
  /** Evaluations that were timed, and their total duration. */
  sampledEvaluations: number;
  sampledNanos: number;
  /** sampledNanos / sampledEvaluations, when any was timed. */
  meanEvaluationNanos?: number;
}

/** A failure of one rule, handed to `onRuleError`. */
export interface RuleErrorReport {
  index: number;
  rule: CompiledRule;
  /** HALONG_DETECTION_RULE_FAILED, or HALONG_DETECTION_RULE_DISABLED when this failure disabled the rule. */
  error: EngineError;
}

/** Options shared by both matchers. */
export interface StatsOptions {
  /** Time one evaluation in this many (default 64). */
  sampleEvery?: number;
  /** Disable a rule after this many failures (default 10). */
  maxErrors?: number;
  /** Called for every rule failure; what it throws is ignored. */
  onRuleError?: (report: RuleErrorReport) => void;
}

/** Counters for a fixed list of rules. */
export class RuleStatsTable {
  private readonly evaluations: Float64Array;
  private readonly matches: Float64Array;
  private readonly errors: Uint32Array;
  private readonly disabled: Uint8Array;
  private readonly sampled: Float64Array;
  private readonly nanos: Float64Array;
  private readonly lastErrors: (EngineError | undefined)[];
  private readonly sampleEvery: number;
  private readonly maxErrors: number;
  private countdown: number;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly options: StatsOptions = {},
  ) {
    this.sampleEvery = positiveInteger('sampleEvery', options.sampleEvery ?? 64);
    this.maxErrors = positiveInteger('maxErrors', options.maxErrors ?? 10);
    this.countdown = this.sampleEvery;
    const n = rules.length;
    this.evaluations = new Float64Array(n);
    this.matches = new Float64Array(n);
    this.errors = new Uint32Array(n);
    this.disabled = new Uint8Array(n);
    this.sampled = new Float64Array(n);
    this.nanos = new Float64Array(n);
    this.lastErrors = new Array<EngineError | undefined>(n).fill(undefined);
  }

  /** Runs rule `index` on `arg` with counting, sampling and isolation; false when disabled or failing. */
  evaluate<T>(index: number, fn: (arg: T) => boolean, arg: T): boolean {
    if (this.disabled[index] === 1) return false;
    this.evaluations[index] += 1;
    let ok: boolean;
    try {
      if (--this.countdown === 0) {
        this.countdown = this.sampleEvery;
        const start = performance.now();
        ok = fn(arg);
        this.nanos[index] += (performance.now() - start) * 1e6;
        this.sampled[index] += 1;
      } else {
        ok = fn(arg);
      }
    } catch (error) {
      this.fail(index, error);
      return false;
    }
    if (ok) this.matches[index] += 1;
    return ok;
  }

  /** Snapshot of every rule's counters. */
  snapshot(): RuleStats[] {
    return this.rules.map((compiled, index) => {
      const s: RuleStats = {
        index,
        title: compiled.rule.title,
        logsourceKey: compiled.logsourceKey,
        evaluations: this.evaluations[index]!,
        matches: this.matches[index]!,
        errors: this.errors[index]!,
        disabled: this.disabled[index] === 1,
        sampledEvaluations: this.sampled[index]!,
        sampledNanos: this.nanos[index]!,
      };
      if (compiled.rule.id !== undefined) s.ruleId = compiled.rule.id;
      const last = this.lastErrors[index];
      if (last !== undefined) s.lastError = { code: last.code, message: last.message };
      if (s.sampledEvaluations > 0) s.meanEvaluationNanos = s.sampledNanos / s.sampledEvaluations;
      return s;
    });
  }

  private fail(index: number, cause: unknown): void {
    this.errors[index] += 1;
    const rule = this.rules[index]!;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const name = rule.rule.id ?? rule.rule.title;
    let error = new EngineError('HALONG_DETECTION_RULE_FAILED', `rule ${name} threw: ${reason}`, { cause });
    if (this.errors[index]! >= this.maxErrors) {
      this.disabled[index] = 1;
      error = new EngineError('HALONG_DETECTION_RULE_DISABLED', `rule ${name} disabled after ${this.errors[index]} errors; last: ${reason}`, { cause });
    }
    this.lastErrors[index] = error;
    try {
      this.options.onRuleError?.({ index, rule, error });
    } catch {
      // A failing observer must not turn one rule's failure into a stream failure.
    }
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new EngineError('HALONG_DETECTION_INVALID_OPTION', `${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
