// Quarantined entities with a reason and an optional expiry, using an injected clock.
// Pure state: carrying it on the control topic is the caller's job.
import type { Entity, QuarantineEntry } from './decision-types';
import { entityKey } from './entities';
import { PolicyOptionError } from './errors';

/** One quarantine as listed. */
export interface QuarantineRecord extends QuarantineEntry {
  entity: Entity;
  since: number;
}

/** The quarantine list; `quarantine` makes it usable as the quarantine half of an EntityStateProvider. */
export interface QuarantineList {
  /** Quarantines an entity until `until` (epoch ms) or until lifted; replaces an earlier entry. */
  set(entity: Entity, reason: string, until?: number): QuarantineRecord;
  /** Lifts a quarantine; true when there was one. */
  lift(entity: Entity): boolean;
  /** The active quarantine of an entity; expired ones are dropped. */
  quarantine(entity: Entity): QuarantineEntry | undefined;
  /** Every active quarantine. */
  list(): QuarantineRecord[];
}

/** Creates an empty list; `maxEntries` (10,000 unless told) bounds it, oldest dropped first. */
export function createQuarantineList(options: { clock: () => number; maxEntries?: number }): QuarantineList {
  const { clock, maxEntries = 10_000 } = options;
  if (!(maxEntries >= 1)) throw new PolicyOptionError('maxEntries must be a positive integer');
  const entries = new Map<string, QuarantineRecord>();
  const expired = (r: QuarantineRecord, now: number): boolean => r.until !== undefined && r.until <= now;

  return {
    set(entity, reason, until) {
      if (reason.trim() === '') throw new PolicyOptionError('a quarantine needs a reason');
      const key = entityKey(entity);
      const record: QuarantineRecord = { entity, reason, since: clock() };
      if (until !== undefined) record.until = until;
      entries.delete(key);
      entries.set(key, record);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return { ...record };
    },
    lift: (entity) => entries.delete(entityKey(entity)),
    quarantine(entity) {
      const key = entityKey(entity);
      const r = entries.get(key);
      if (!r) return undefined;
      if (expired(r, clock())) {
        entries.delete(key);
        return undefined;
      }
      return r.until === undefined ? { reason: r.reason } : { reason: r.reason, until: r.until };
    },
    list() {
      const now = clock();
      for (const [key, r] of entries) if (expired(r, now)) entries.delete(key);
      return [...entries.values()].map((r) => ({ ...r }));
    },
  };
}
