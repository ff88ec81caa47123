// Testing one window and, when it holds, building the match.
import { createHash } from 'node:crypto';
import { aggregate, conditionHolds } from './aggregate';
import type { GroupState } from './group-state';
import type { CompiledCorrelation, CorrelationMatch, Entry } from './types';

/** A deterministic 128-bit id (hex) for a match: correlation, group and closing hit. */
export function matchId(correlationId: string, groupKey: string, closingEventId: string): string {
  return createHash('sha256').update(JSON.stringify([correlationId, groupKey, closingEventId])).digest('hex').slice(0, 32);
}

/**
 * Test the window that ends with `end`. On a match the group's burst is consumed (its hits
 * leave the group), so one burst gives one match and the next needs the condition again.
 */
export function evaluateWindow(c: CompiledCorrelation, group: GroupState, end: Entry, maxHits: number): CorrelationMatch | undefined {
  const window = group.window(end, c.timespanMs);
  if (window.length === 0) return undefined;
  const value = aggregate(c, window, end);
  if (value === undefined || !conditionHolds(c.ops, value)) return undefined;
  group.consume(end.hit.timestamp);
  const hits = window.flatMap((e) => e.origin ?? [e.hit]);
  return {
    id: matchId(c.id, group.key, end.hit.eventId),
    correlationId: c.id,
    type: c.type,
    groupKey: group.key,
    groupValues: { ...group.values },
    windowStart: (window[0] as Entry).hit.timestamp,
    windowEnd: end.hit.timestamp,
    value,
    hits: hits.slice(0, maxHits),
    hitCount: hits.length,
  };
}
