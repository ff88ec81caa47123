// The state of one correlation group: its hits in event-time order, the event ids it has seen,
// the windows waiting to be final, and how far its last match consumed.
import type { Entry, GroupSnapshot } from './types';

const before = (a: Entry, b: Entry): boolean =>
  a.hit.timestamp < b.hit.timestamp || (a.hit.timestamp === b.hit.timestamp && a.hit.eventId < b.hit.eventId);

/** One (correlation, group key). */
export class GroupState {
  /** Sorted by (timestamp, event id), so a window is a contiguous slice. */
  entries: Entry[] = [];
  /** event id → timestamp, kept after the hit itself is gone so a replay is still recognised. */
  readonly seen = new Map<string, number>();
  /** Event ids of hits whose window waits to be final (non-monotone correlations). */
  readonly pending = new Set<string>();
  /** Event time of the last match: hits at or before it belong to a burst that already fired. */
  consumedUntil = -Infinity;

  constructor(
    readonly key: string,
    readonly values: Record<string, unknown>,
  ) {}

  /** Insert in order; returns the position. */
  insert(entry: Entry): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.entries[mid] as Entry, entry)) lo = mid + 1;
      else hi = mid;
    }
    this.entries.splice(lo, 0, entry);
    return lo;
  }

  /** The hits of the trailing window that ends with `end`: timestamps in [end − span, end], after the last match. */
  window(end: Entry, spanMs: number): Entry[] {
    const t = end.hit.timestamp;
    return this.entries.filter((e) => e.hit.timestamp >= t - spanMs && e.hit.timestamp <= t && e.hit.timestamp > this.consumedUntil);
  }

  find(eventId: string): Entry | undefined {
    const t = this.seen.get(eventId);
    if (t === undefined) return undefined;
    return this.entries.find((e) => e.hit.timestamp === t && e.hit.eventId === eventId);
  }

  /** A match ends the burst: its hits and the windows before it are done. */
  consume(until: number): void {
    this.consumedUntil = until;
    this.entries = this.entries.filter((e) => e.hit.timestamp > until);
    for (const id of this.pending) if ((this.seen.get(id) ?? -Infinity) <= until) this.pending.delete(id);
  }

  /** Drop hits no future window can hold, and ids no accepted hit can repeat. */
  expire(entriesBefore: number, idsBefore: number): void {
    if (this.entries.length > 0 && (this.entries[0] as Entry).hit.timestamp < entriesBefore) {
      this.entries = this.entries.filter((e) => e.hit.timestamp >= entriesBefore);
    }
    for (const [id, t] of this.seen) if (t < idsBefore && !this.pending.has(id)) this.seen.delete(id);
  }

  /** Keep at most `max` hits, oldest out; returns how many were dropped. */
  cap(max: number): number {
    const excess = this.entries.length - max;
    if (excess <= 0) return 0;
    for (const e of this.entries.splice(0, excess)) this.pending.delete(e.hit.eventId);
    return excess;
  }

  get empty(): boolean {
    return this.entries.length === 0 && this.pending.size === 0 && this.seen.size === 0;
  }

  toJSON(correlationId: string): GroupSnapshot {
    return {
      correlationId,
      key: this.key,
      values: this.values,
      consumedUntil: Number.isFinite(this.consumedUntil) ? this.consumedUntil : null,
      entries: this.entries,
      seen: [...this.seen],
      pending: [...this.pending],
    };
  }

  static fromJSON(s: GroupSnapshot): GroupState {
    const g = new GroupState(s.key, s.values);
    g.entries = [...s.entries];
    for (const [id, t] of s.seen) g.seen.set(id, t);
    for (const id of s.pending) g.pending.add(id);
    g.consumedUntil = s.consumedUntil ?? -Infinity;
    return g;
  }
}
