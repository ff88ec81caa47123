// One alert per (rule, group key, dedup window): hits and matches merge into it; the alert is
// emitted on its first source and re-emitted (same id) at most once per update interval.
import type { Alert } from '@halong/core';
import { ruleKey } from '../correlation/compile';
import { alertId, dedupWindowStart } from './alert-id';
import { eventRef, openAlert, toAlert } from './build-alert';
import { entitiesOf, mergeEntities } from './entities';
import { AlertError } from './errors';
import { readAggregatorSnapshot } from './snapshot';
import type { AlertAggregatorOptions, AlertAggregatorSnapshot, AlertSource, AlertStats, Clock, OpenAlert } from './types';

const DEFAULTS = {
  dedupWindowMs: 15 * 60_000,
  allowedLatenessMs: 120_000,
  updateIntervalMs: 60_000,
  maxEventRefs: 50,
  maxEntities: 20,
  maxSourceIds: 10_000,
  maxOpenAlerts: 10_000,
  actor: 'detection',
};

const zeroStats = (): AlertStats => ({ sources: 0, duplicates: 0, lateDropped: 0, opened: 0, emitted: 0, expired: 0, evicted: 0 });

/**
 * Merges what fired into alerts. Event time decides the dedup window; the wall clock only paces
 * re-emission. The runtime publishes every returned alert to the alerts topic, keyed by its id.
 */
export class AlertAggregator {
  private readonly opts: typeof DEFAULTS & Pick<AlertAggregatorOptions, 'indices'>;
  private readonly clock: Clock;
  private open = new Map<string, OpenAlert>();
  /** Source ids per open alert, as a set (the snapshot keeps them as an array). */
  private ids = new Map<string, Set<string>>();
  private watermark = -Infinity;
  private stats = zeroStats();

  constructor(options: AlertAggregatorOptions) {
    const { clock, ...rest } = options;
    this.opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), indices: options.indices };
    this.clock = clock;
    const { dedupWindowMs, allowedLatenessMs, updateIntervalMs, maxEventRefs, maxEntities, maxSourceIds, maxOpenAlerts } = this.opts;
    if (!(dedupWindowMs > 0) || !(allowedLatenessMs >= 0) || !(updateIntervalMs >= 0)) {
      throw new AlertError('HALONG_ALERT_INVALID', 'the dedup window must be positive, lateness and update interval not negative');
    }
    if (![maxEventRefs, maxEntities, maxSourceIds, maxOpenAlerts].every((n) => Number.isInteger(n) && n >= 1)) {
      throw new AlertError('HALONG_ALERT_INVALID', 'caps must be positive integers');
    }
  }

  /** Merge one source; returns the alerts to publish now (the new or updated one, and any closed out). */
  add(source: AlertSource): Alert[] {
    const out = this.advanceWatermark(source.at);
    const windowStart = dedupWindowStart(source.at, this.opts.dedupWindowMs);
    const now = this.clock.now();
    const id = alertId(ruleKey(source.rule), source.groupKey, windowStart);
    const existing = this.open.get(id);
    if (!existing && source.at < this.watermark - this.opts.allowedLatenessMs) {
      // Its window is closed and gone: a new document would overwrite the real one with less.
      this.stats.lateDropped++;
      return out;
    }
    const alert = existing ?? this.admit(openAlert(id, source, windowStart, now), out);
    const ids = this.ids.get(alert.id) as Set<string>;
    if (ids.has(source.sourceId)) {
      this.stats.duplicates++;
      return out;
    }
    this.stats.sources++;
    if (ids.size < this.opts.maxSourceIds) ids.add(source.sourceId);
    this.merge(alert, source);
    this.touch(alert);
    if (!existing || now - alert.lastEmitAt >= this.opts.updateIntervalMs) out.push(this.emit(alert, now));
    return out;
  }

  /** Re-emit updated alerts whose last emission is at least one update interval old (call on a timer). */
  tick(): Alert[] {
    const now = this.clock.now();
    return [...this.open.values()].filter((a) => a.dirty && now - a.lastEmitAt >= this.opts.updateIntervalMs).map((a) => this.emit(a, now));
  }

  /** Emit every alert with unpublished changes (before a checkpoint or shutdown). */
  flush(): Alert[] {
    const now = this.clock.now();
    return [...this.open.values()].filter((a) => a.dirty).map((a) => this.emit(a, now));
  }

  /** Close dedup windows that no accepted source can reach any more; emits their last changes. */
  advanceWatermark(eventTime: number): Alert[] {
    if (!(eventTime > this.watermark)) return [];
    this.watermark = eventTime;
    const cutoff = this.watermark - this.opts.allowedLatenessMs;
    const out: Alert[] = [];
    for (const alert of [...this.open.values()]) {
      if (alert.windowStart + this.opts.dedupWindowMs > cutoff) continue;
      out.push(...this.close(alert));
      this.stats.expired++;
    }
    return out;
  }

  counters(): AlertStats {
    return { ...this.stats };
  }

  openCount(): number {
    return this.open.size;
  }

  snapshot(): AlertAggregatorSnapshot {
    const alerts = [...this.open.values()].map((a) => ({ ...a, sourceIds: [...(this.ids.get(a.id) ?? [])] }));
    return structuredClone({ version: 1 as const, watermark: Number.isFinite(this.watermark) ? this.watermark : null, stats: this.stats, alerts });
  }

  restore(snapshot: unknown): void {
    const s = readAggregatorSnapshot(structuredClone(snapshot));
    this.open = new Map(s.alerts.map(({ sourceIds: _ids, ...a }) => [a.id, a]));
    this.ids = new Map(s.alerts.map((a) => [a.id, new Set(a.sourceIds)]));
    this.watermark = s.watermark ?? -Infinity;
    this.stats = { ...zeroStats(), ...s.stats };
  }

  private admit(alert: OpenAlert, out: Alert[]): OpenAlert {
    if (this.open.size >= this.opts.maxOpenAlerts) {
      const oldest = this.open.values().next().value as OpenAlert;
      out.push(...this.close(oldest));
      this.stats.evicted++;
    }
    this.open.set(alert.id, alert);
    this.ids.set(alert.id, new Set());
    this.stats.opened++;
    return alert;
  }

  private merge(alert: OpenAlert, source: AlertSource): void {
    alert.count += source.count;
    for (const hit of source.hits) {
      alert.firstSeen = Math.min(alert.firstSeen, hit.timestamp);
      alert.lastSeen = Math.max(alert.lastSeen, hit.timestamp);
      if (alert.events.length < this.opts.maxEventRefs && !alert.events.some((e) => e.id === hit.eventId)) {
        alert.events.push(eventRef(hit, this.opts.indices));
      }
      mergeEntities(alert.entities, entitiesOf(hit), this.opts.maxEntities);
    }
    // A match's time bounds the alert even when it carries no sample hits.
    alert.firstSeen = Math.min(alert.firstSeen, source.at);
    alert.lastSeen = Math.max(alert.lastSeen, source.at);
    alert.dirty = true;
  }

  /** Least recently updated first, for eviction. */
  private touch(alert: OpenAlert): void {
    this.open.delete(alert.id);
    this.open.set(alert.id, alert);
  }

  private close(alert: OpenAlert): Alert[] {
    this.open.delete(alert.id);
    this.ids.delete(alert.id);
    return alert.dirty ? [this.emit(alert, this.clock.now())] : [];
  }

  private emit(alert: OpenAlert, now: number): Alert {
    this.stats.emitted++;
    alert.lastEmitAt = now;
    alert.dirty = false;
    return toAlert(alert, this.opts.actor);
  }
}
