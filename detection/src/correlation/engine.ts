// The streaming correlation engine: sliding event-time windows per (correlation, group key),
// a watermark with bounded lateness, de-duplication by event id, bounded state, checkpoints.
import type { RuleHit } from '../engine/types';
import type { CorrelationIndex } from './correlation-index';
import { resolveOptions, zeroStats } from './engine-options';
import type { EngineSettings } from './engine-options';
import { conditionValue, encodeGroupKey, groupValues } from './fields';
import { GroupState } from './group-state';
import { evaluateWindow } from './match';
import { PendingQueue } from './pending-queue';
import { readSnapshot } from './snapshot';
import type {
  CompiledCorrelation,
  CorrelationEngineOptions,
  CorrelationMatch,
  CorrelationOutput,
  CorrelationSnapshot,
  CorrelationStats,
  DetectionRecord,
  Entry,
} from './types';

/**
 * Evaluates Sigma correlations over rule hits. Pure logic: no I/O and no wall clock (unless a
 * clock is given for the future-timestamp guard). Time is event time only.
 */
export class CorrelationEngine {
  private readonly opts: EngineSettings;
  private groups = new Map<string, Map<string, GroupState>>();
  private readonly queue = new PendingQueue();
  private watermark = -Infinity;
  private lastSweep = -Infinity;
  private stats = zeroStats();

  constructor(
    readonly index: CorrelationIndex,
    options: CorrelationEngineOptions = {},
  ) {
    this.opts = resolveOptions(options);
  }

  /** Evaluate one detections-topic record. */
  process(record: DetectionRecord): CorrelationOutput {
    const out: CorrelationOutput = { matches: [], chained: [] };
    this.handle(record, out);
    return out;
  }

  /**
   * Move event time forward without a hit (e.g. to the partition's latest event time while no
   * hit arrives): waiting windows become final and idle groups expire.
   */
  advanceWatermark(eventTime: number): CorrelationOutput {
    const out: CorrelationOutput = { matches: [], chained: [] };
    this.advance(eventTime, out);
    return out;
  }

  /** One engine sees everything: address a rule hit to its correlations here; every resulting match. */
  ingest(hit: RuleHit): CorrelationMatch[] {
    const matches: CorrelationMatch[] = [];
    const queue = this.index.records(hit);
    for (let record = queue.shift(); record; record = queue.shift()) {
      const out = this.process(record);
      matches.push(...out.matches);
      queue.push(...out.chained);
    }
    return matches;
  }

  /** The watermark (max event time seen), or undefined before the first hit. */
  currentWatermark(): number | undefined {
    return Number.isFinite(this.watermark) ? this.watermark : undefined;
  }

  counters(): CorrelationStats {
    return { ...this.stats };
  }

  /** Open groups, all correlations together. */
  groupCount(): number {
    return [...this.groups.values()].reduce((n, groups) => n + groups.size, 0);
  }

  /** The whole state as JSON-safe data. */
  snapshot(): CorrelationSnapshot {
    return structuredClone({
      version: 1 as const,
      watermark: Number.isFinite(this.watermark) ? this.watermark : null,
      lastSweep: Number.isFinite(this.lastSweep) ? this.lastSweep : null,
      stats: this.stats,
      groups: [...this.groups].flatMap(([id, groups]) => [...groups.values()].map((g) => g.toJSON(id))),
    });
  }

  /** Replace the state with a snapshot; groups of correlations no longer loaded are dropped. */
  restore(snapshot: unknown): void {
    const s = readSnapshot(structuredClone(snapshot));
    this.groups = new Map();
    this.queue.clear();
    this.watermark = s.watermark ?? -Infinity;
    this.lastSweep = s.lastSweep ?? -Infinity;
    this.stats = { ...zeroStats(), ...s.stats };
    for (const gs of s.groups) {
      const c = this.index.get(gs.correlationId);
      if (!c) continue;
      const group = GroupState.fromJSON(gs);
      this.groupsOf(c.id).set(group.key, group);
      for (const id of group.pending) this.enqueue(c, group, id, group.seen.get(id) as number);
    }
  }

  private handle(record: DetectionRecord, out: CorrelationOutput): void {
    const c = this.index.get(record.correlationId);
    const { hit } = record;
    const ref = this.index.resolve(hit.ruleId);
    const values = c && groupValues(c, ref, hit.fields);
    if (!c) this.stats.unknownCorrelation++;
    else if (this.opts.clock && hit.timestamp > this.opts.clock.now() + this.opts.maxFutureMs) this.stats.futureDropped++;
    else if (!values) this.stats.missingGroupField++;
    else {
      this.advance(hit.timestamp, out);
      if (hit.timestamp < this.watermark - this.lateness(c)) this.stats.lateDropped++;
      else this.accept(c, values, { hit, ref, v: conditionValue(c, ref, hit.fields), ...(record.origin ? { origin: record.origin } : {}) }, out);
    }
  }

  /** With published chains an inner match is decided up to one lateness later per level: accept it. */
  private lateness(c: CompiledCorrelation): number {
    return this.opts.allowedLatenessMs * (this.opts.chaining === 'publish' ? 1 + c.depth : 1);
  }

  private accept(c: CompiledCorrelation, values: Record<string, unknown>, entry: Entry, out: CorrelationOutput): void {
    const group = this.group(c, values);
    const { eventId, timestamp } = entry.hit;
    if (group.seen.has(eventId)) {
      this.stats.duplicates++;
      return;
    }
    group.seen.set(eventId, timestamp);
    if (timestamp <= group.consumedUntil) {
      this.stats.afterMatchDropped++;
      return;
    }
    const at = group.insert(entry);
    this.stats.accepted++;
    const evicted = group.cap(this.opts.maxEventsPerGroup);
    this.stats.eventsEvicted += evicted;
    if (at < evicted) return;
    if (!c.monotone) {
      group.pending.add(eventId);
      this.enqueue(c, group, eventId, timestamp);
      return;
    }
    // A late hit also joins the windows of the later hits within one span: test those too.
    for (const end of group.entries.slice(at - evicted)) {
      if (end.hit.timestamp > timestamp + c.timespanMs) break;
      const match = evaluateWindow(c, group, end, this.opts.maxMatchHits);
      if (match) return this.emit(match, out);
    }
  }

  private emit(match: CorrelationMatch, out: CorrelationOutput): void {
    this.stats.matches++;
    out.matches.push(match);
    const records = this.index.chainedRecords(match);
    if (this.opts.chaining === 'publish') out.chained.push(...records);
    // Locally, before the watermark moves on: the match is as timely as the window that made it.
    else for (const record of records) this.handle(record, out);
  }

  private enqueue(c: CompiledCorrelation, group: GroupState, eventId: string, timestamp: number): void {
    this.queue.push({ due: timestamp + this.lateness(c), depth: c.depth, correlationId: c.id, groupKey: group.key, eventId });
  }

  private advance(eventTime: number, out: CorrelationOutput): void {
    if (!(eventTime > this.watermark)) return;
    this.finalize(eventTime, out);
    this.watermark = eventTime;
    if (eventTime - this.lastSweep >= this.opts.sweepIntervalMs) this.sweep();
  }

  /**
   * Test, earliest first, every waiting window that the new watermark makes final. Runs before
   * the watermark moves and before the sweep, so the matches it feeds on (locally) still find
   * the state they need, however far the watermark jumps.
   */
  private finalize(limit: number, out: CorrelationOutput): void {
    for (let p = this.queue.popDue(limit); p; p = this.queue.popDue(limit)) {
      const c = this.index.get(p.correlationId);
      const group = this.groups.get(p.correlationId)?.get(p.groupKey);
      if (!c || !group || !group.pending.delete(p.eventId)) continue;
      const end = group.find(p.eventId);
      if (!end || end.hit.timestamp <= group.consumedUntil) continue;
      const match = evaluateWindow(c, group, end, this.opts.maxMatchHits);
      if (match) this.emit(match, out);
    }
  }

  /** Forget what no future hit can use: hits older than any future window, ids older than the lateness bound. */
  private sweep(): void {
    this.lastSweep = this.watermark;
    for (const [id, groups] of this.groups) {
      const c = this.index.get(id);
      const cutoff = this.watermark - (c ? this.lateness(c) : 0);
      for (const [key, group] of groups) {
        group.expire(cutoff - (c?.timespanMs ?? 0), cutoff);
        if (!group.empty) continue;
        groups.delete(key);
        this.stats.groupsExpired++;
      }
    }
  }

  /** The group for these values, created if needed; the least recently fed group makes room. */
  private group(c: CompiledCorrelation, values: Record<string, unknown>): GroupState {
    const groups = this.groupsOf(c.id);
    const key = encodeGroupKey(c.groupBy, c.groupBy.map((g) => values[g]));
    const existing = groups.get(key);
    groups.delete(key);
    if (!existing && groups.size >= this.opts.maxGroupsPerCorrelation) {
      groups.delete(groups.keys().next().value as string);
      this.stats.groupsEvicted++;
    }
    const group = existing ?? new GroupState(key, values);
    groups.set(key, group);
    return group;
  }

  private groupsOf(correlationId: string): Map<string, GroupState> {
    let groups = this.groups.get(correlationId);
    if (!groups) this.groups.set(correlationId, (groups = new Map()));
    return groups;
  }
}
