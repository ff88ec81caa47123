// `event.id` when the collector has not assigned one: a hash of the original, so a replayed
// record gets the same id and the indexer's `create` answers 409 instead of a duplicate.
import { createHash } from 'node:crypto';

/** 128-bit id (32 hex digits) of a record's original text. */
export function deterministicEventId(original: string): string {
  return createHash('sha256').update(original, 'utf8').digest('hex').slice(0, 32);
}

/** JSON with object keys sorted, so equal objects hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
