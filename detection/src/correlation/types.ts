import type { RuleHit } from '../engine/types';
import type { CorrelationCondition, CorrelationType, SigmaCorrelation } from '../sigma/types';

/**
 * What goes on the detections topic: one rule hit addressed to one correlation group.
 * The Kafka key is `groupKey`, so every hit of a group reaches the same partition (and engine).
 */
export interface DetectionRecord {
  correlationId: string;
  groupKey: string;
  hit: RuleHit;
  /**
   * Only for a hit made from a correlation match (chaining): the base-rule hits behind it,
   * bounded, so the outer correlation's alert can still point at real events.
   */
  origin?: RuleHit[];
}

/** Which correlation a hit feeds and under which group key. */
export interface CorrelationKey {
  correlationId: string;
  groupKey: string;
}

/** One correlation firing for one group. */
export interface CorrelationMatch {
  /** Deterministic: the same correlation, group and closing hit always give the same id. */
  id: string;
  correlationId: string;
  type: CorrelationType;
  groupKey: string;
  /** group-by name (alias or field, as written in the correlation) → value. */
  groupValues: Record<string, unknown>;
  /** Event time of the earliest hit in the matched window. */
  windowStart: number;
  /** Event time of the hit that closes the window (the match's own timestamp). */
  windowEnd: number;
  /** The aggregate the condition was tested on (count, distinct count, sum, average, …). */
  value: number;
  /** Base-rule hits of the window (chained matches flattened), at most `maxMatchHits`. */
  hits: RuleHit[];
  /** How many hits the window held before `hits` was bounded. */
  hitCount: number;
}

/** Sigma field → ECS paths in a rule's hits (from the rule's logsource mapping). */
export type FieldPathResolver = (ruleKey: string, sigmaField: string) => string[];

/** A correlation ready to evaluate: references resolved, fields mapped, condition completed. */
export interface CompiledCorrelation {
  id: string;
  rule: SigmaCorrelation;
  type: CorrelationType;
  /** Canonical keys of the referenced rules/correlations, in the order written. */
  refs: string[];
  groupBy: string[];
  timespanMs: number;
  /** Never empty: temporal types without a condition get "every referenced rule". */
  ops: CorrelationCondition['ops'];
  /** value_percentile: the percentile rank (pySigma's `percentile`), when the rule gives one. */
  percentile?: number;
  /** A late hit can only make the condition more true, so it may fire before its window is final. */
  monotone: boolean;
  /** 0 when it references rules only, else 1 + the deepest correlation it references. */
  depth: number;
  generate: boolean;
  /** Per referenced rule: ECS paths for each group-by entry, and for the condition field. */
  paths: ReadonlyMap<string, { group: string[][]; value: string[] }>;
}

/** Engine settings. Every bound is a count or a duration of event time. */
export interface CorrelationEngineOptions {
  /** Hits older than watermark − lateness are dropped (and counted). Default 2 minutes. */
  allowedLatenessMs?: number;
  /** Open groups kept per correlation; the least recently fed is evicted. Default 10 000. */
  maxGroupsPerCorrelation?: number;
  /** Hits kept per group; the oldest is evicted. Default 1 000. */
  maxEventsPerGroup?: number;
  /** Hits carried by one match. Default 50. */
  maxMatchHits?: number;
  /** Event time between two expiry sweeps. Default 1 second. */
  sweepIntervalMs?: number;
  /**
   * With a clock: hits stamped more than this ahead of the clock are dropped, so one bad
   * source clock cannot push the watermark into the future and make every other hit late.
   */
  maxFutureMs?: number;
  clock?: { now(): number };
  /**
   * `local` (default): a match is fed at once, in this engine, to the correlations that reference
   * its correlation (right when every group of the chain reaches this engine, e.g. one engine
   * for all partitions). `publish`: matches come back as `chained` records for the runtime to
   * publish keyed by the outer group key; a correlation then accepts hits `allowedLatenessMs`
   * later per level of chain below it, since an inner match can be decided that much later.
   */
  chaining?: 'local' | 'publish';
}

/** Counters, for metrics. */
export interface CorrelationStats {
  accepted: number;
  matches: number;
  lateDropped: number;
  duplicates: number;
  /** Hits at or before the group's last match (that burst has already fired). */
  afterMatchDropped: number;
  futureDropped: number;
  missingGroupField: number;
  unknownCorrelation: number;
  groupsEvicted: number;
  eventsEvicted: number;
  groupsExpired: number;
}

/** One stored hit of a group. */
export interface Entry {
  hit: RuleHit;
  /** Canonical key of the rule (or correlation) that produced the hit. */
  ref: string;
  /** The condition field's value, normalised for the correlation type. */
  v?: string | number;
  origin?: RuleHit[];
}

/** JSON form of one group. */
export interface GroupSnapshot {
  correlationId: string;
  key: string;
  values: Record<string, unknown>;
  consumedUntil: number | null;
  entries: Entry[];
  seen: [string, number][];
  pending: string[];
}

/** JSON form of the whole engine state (`JSON.stringify`-safe). */
export interface CorrelationSnapshot {
  version: 1;
  watermark: number | null;
  lastSweep: number | null;
  stats: CorrelationStats;
  /** Least recently fed first, per correlation. */
  groups: GroupSnapshot[];
}

/** What one call into the engine produced. */
export interface CorrelationOutput {
  /** Every match, chained ones included (local chaining), in the order they were decided. */
  matches: CorrelationMatch[];
  /** `publish` chaining only: matches re-addressed to the correlations referencing theirs; publish these. */
  chained: DetectionRecord[];
}
