// One JSON record per line, read with bounds: a line longer than maxChars or nested deeper than
// maxDepth is refused before JSON.parse builds it. V8's parser does not recurse, but everything
// after it (mapping, the detection engine, serialisers) may; 64 levels is far beyond any real
// Zeek or EVE record. The depth scan is one pass over the text, strings skipped.
import { failure } from '../../parse/errors';
import { jsonDepth } from '../../parse/json-depth';
import type { ParseFailure } from '../../parse/types';

/** Bounds of a JSON line. */
export interface JsonLineLimits {
  /** Longest line read, in UTF-16 units. */
  maxChars: number;
  /** Deepest nesting of objects and arrays (the top-level object is depth 1). */
  maxDepth: number;
}

/** The bounds used by the Zeek and Suricata parsers: 1 Mi characters, 64 levels. */
export const JSON_LINE_LIMITS: Readonly<JsonLineLimits> = { maxChars: 1 << 20, maxDepth: 64 };

export { jsonDepth };

/** The JSON value of one line, or why not (HALONG_PARSE_JSON; `what` names the format in messages). */
export function readJsonLine(text: string, what: string, limits: Readonly<JsonLineLimits> = JSON_LINE_LIMITS): { ok: true; value: unknown } | { ok: false; failure: ParseFailure } {
  if (text.length > limits.maxChars) return failure('HALONG_PARSE_JSON', `The ${what} line has ${text.length} characters; at most ${limits.maxChars} are read.`);
  if (jsonDepth(text, limits.maxDepth) < 0) return failure('HALONG_PARSE_JSON', `The ${what} record is nested deeper than ${limits.maxDepth} levels.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // SyntaxError for bad JSON; RangeError should the engine ever run out of stack.
    return failure('HALONG_PARSE_JSON', `The ${what} line is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  return { ok: true, value };
}

/** True for a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
