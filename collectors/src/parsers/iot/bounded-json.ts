// JSON from devices, parsed only once a linear scan has shown its nesting is shallow: a
// payload nested thousands deep must cost one pass and a refusal, not a deep recursion in
// JSON.parse or in whatever walks the result later (the pseudonymiser, the indexer).

import { jsonDepth } from '../../parse/json-depth';

/** Deepest nesting of objects and arrays accepted in a payload. */
export const MAX_JSON_DEPTH = 64;

/** The result of {@link parseBoundedJson}. */
export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: 'depth' | 'syntax'; message: string };

/** True when `text` nests objects and arrays deeper than `limit` (one pass, stops early). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  return jsonDepth(text, limit) < 0;
}

/** `text` parsed as JSON, refused when nested deeper than `maxDepth` or not JSON. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): BoundedJson {
  if (jsonDepthExceeds(text, maxDepth)) return { ok: false, reason: 'depth', message: `The JSON payload is nested deeper than ${maxDepth} levels.` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, reason: 'syntax', message: `The payload is not valid JSON: ${(e as Error).message}` };
  }
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
