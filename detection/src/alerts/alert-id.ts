import { createHash } from 'node:crypto';

/**
 * The alert id: sha256 of (rule, group key, dedup window start), 32 hex characters (128 bits).
 * The same three always give the same id, so a replay overwrites the same alert document.
 */
export function alertId(ruleId: string, groupKey: string, windowStart: number): string {
  // JSON keeps the three apart whatever characters they contain.
  return createHash('sha256').update(JSON.stringify([ruleId, groupKey, windowStart])).digest('hex').slice(0, 32);
}

/**
 * Start of the dedup window holding an event time: windows are aligned to the epoch, so the id
 * depends only on the event's own time, never on which hit happened to arrive first.
 */
export function dedupWindowStart(eventTime: number, dedupWindowMs: number): number {
  return Math.floor(eventTime / dedupWindowMs) * dedupWindowMs;
}
