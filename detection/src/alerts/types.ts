import type { Alert, AttackRef, IndexNames, MatchedEventRef } from '@halong/core';
import type { RuleHit } from '../engine/types';
import type { SigmaRule } from '../sigma/types';

/** Wall-clock time in ms since the epoch; injected so tests freeze it. */
export interface Clock {
  now(): number;
}

/** What an alert needs from a rule or correlation (both satisfy it). */
export type AlertRule = Pick<SigmaRule, 'id' | 'name' | 'title' | 'level' | 'tags'>;

/** One thing that fired: a plain rule hit or a correlation match, ready to aggregate. */
export interface AlertSource {
  rule: AlertRule;
  groupKey: string;
  /** Event time that places it in a dedup window: the hit's time, or the match's window end. */
  at: number;
  /** De-duplication id: the event id of a hit, the match id of a match. */
  sourceId: string;
  /** Events to reference (may be a bounded sample). */
  hits: RuleHit[];
  /** How many events this stands for (a match's full window, not only the sample). */
  count: number;
}

/** Aggregator settings; durations of event time unless said otherwise. */
export interface AlertAggregatorOptions {
  clock: Clock;
  /** Index names, for references to matched events. */
  indices: IndexNames;
  /** Width of the dedup window (epoch-aligned). Default 15 minutes. */
  dedupWindowMs?: number;
  /** Hits for a closed window are dropped once older than watermark − lateness. Default 2 minutes. */
  allowedLatenessMs?: number;
  /** Wall-clock time between two re-emissions of an updated alert. Default 60 seconds. */
  updateIntervalMs?: number;
  /** Event references kept per alert (the first ones). Default 50. */
  maxEventRefs?: number;
  /** Values kept per entity kind per alert. Default 20. */
  maxEntities?: number;
  /** Source ids remembered per alert for de-duplication. Default 10 000. */
  maxSourceIds?: number;
  /** Open alerts kept; the least recently updated is closed out (emitted) first. Default 10 000. */
  maxOpenAlerts?: number;
  /** Who opened the alert, in its status history. Default `detection`. */
  actor?: string;
}

/** One open alert: everything needed to rebuild its document, JSON-safe. */
export interface OpenAlert {
  id: string;
  rule: { id: string; title: string; level: Alert['rule']['level']; attack: AttackRef };
  groupKey: string;
  windowStart: number;
  /** Wall-clock ms of the first emission. */
  openedAt: number;
  firstSeen: number;
  lastSeen: number;
  count: number;
  events: MatchedEventRef[];
  entities: Alert['entities'];
  lastEmitAt: number;
  dirty: boolean;
}

/** Counters, for metrics. */
export interface AlertStats {
  sources: number;
  duplicates: number;
  lateDropped: number;
  opened: number;
  /** Alert documents returned for publishing (first versions and updates). */
  emitted: number;
  expired: number;
  evicted: number;
}

/** JSON form of the aggregator state. */
export interface AlertAggregatorSnapshot {
  version: 1;
  watermark: number | null;
  stats: AlertStats;
  /** Least recently updated first, with the source ids each has seen. */
  alerts: (OpenAlert & { sourceIds: string[] })[];
}
