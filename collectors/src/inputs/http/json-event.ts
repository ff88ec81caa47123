// A JSON object shipped over HTTP becomes an event. Windows records in any of the three shapes
// go through the Windows normalizer; anything else is taken as (close to) ECS: its own
// @timestamp when it has a readable one, the dataset it names or the request's, everything else
// kept as sent. Depth is bounded before anything walks the object.
import { normalizeWindowsEvent } from '../../windows';
import { failure } from '../../parse/errors';
import { jsonDepth } from '../../parse/json-depth';
import type { ParseOutcome, ParsedEvent, SourceContext } from '../../parse/types';

/** Objects nested deeper than this are refused (a hostile 10,000-deep document among them). */
export const MAX_JSON_DEPTH = 64;

/** Parses one NDJSON line into an event. */
export function jsonLineToEvent(text: string, source: SourceContext, dataset: string | undefined, keepId = false): ParseOutcome {
  if (jsonDepth(text, MAX_JSON_DEPTH) < 0) return failure('HALONG_PARSE_JSON', `the object is nested deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8 parses recursively: absurd nesting ends in a RangeError, reported like any bad JSON.
    return failure('HALONG_PARSE_JSON', `not JSON: ${(err as Error).message}`);
  }
  return objectToEvent(value, text, source, dataset, keepId);
}

/** An already-parsed JSON value into an event; `text`'s depth must have been checked before parsing. */
function objectToEvent(value: unknown, text: string, source: SourceContext, dataset: string | undefined, keepId = false): ParseOutcome {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return failure('HALONG_PARSE_JSON', 'each line must be a JSON object');
  const o = value as Record<string, unknown>;
  if (isWindows(o)) {
    try {
      const e = normalizeWindowsEvent(o, { original: text, timeZone: source.timeZone, now: () => new Date(source.receivedAt) });
      return { ok: true, event: e as ParsedEvent };
    } catch (err) {
      return failure('HALONG_PARSE_JSON', (err as Error).message);
    }
  }
  const given = o['event'] !== null && typeof o['event'] === 'object' && !Array.isArray(o['event']) ? (o['event'] as Record<string, unknown>) : {};
  // A sender's event.id is dropped (the envelope names the event) unless it is a Halong hop's.
  const { id, ...eventFields } = given;
  const event: ParsedEvent = {
    ...o,
    '@timestamp': timestampOf(o['@timestamp']) ?? new Date(source.receivedAt).toISOString(),
    event: { kind: 'event', ...eventFields, ...(keepId && id !== undefined ? { id } : {}), dataset: typeof eventFields['dataset'] === 'string' ? eventFields['dataset'] : (dataset ?? 'generic') },
  };
  return { ok: true, event };
}

function isWindows(o: Record<string, unknown>): boolean {
  const ev = o['Event'] as Record<string, unknown> | undefined;
  return (typeof o['winlog'] === 'object' && o['winlog'] !== null) || (typeof ev === 'object' && ev !== null && 'System' in ev) || ('EventID' in o && ('Channel' in o || 'SourceName' in o));
}

// Only times that carry their zone (or epoch numbers) are trusted; anything else is the receive time.
function timestampOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v < 1e11 ? v * 1000 : v).toISOString();
  if (typeof v !== 'string' || !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
