// JSON from devices, parsed only once a linear scan has shown its nesting is shallow: a
// payload nested thousands deep must cost one pass and a refusal, not a deep recursion in
// JSON.parse or in whatever walks the result later (the pseudonymiser, the indexer).

/** Deepest nesting of objects and arrays accepted in a payload. */
export const MAX_JSON_DEPTH = 64;

/** The result of {@link parseBoundedJson}. */
export type BoundedJson = { ok: true; value: unknown } | { ok: false; reason: 'depth' | 'syntax'; message: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/** True when `text` nests objects and arrays deeper than `limit` (one pass, stops early). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
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
