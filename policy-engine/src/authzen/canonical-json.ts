// JSON with sorted keys, so that two requests that differ only in key order fingerprint alike.
import { AuthzenError } from './authzen-errors';

// Deeper JSON is no honest request; bounding recursion keeps a crafted body from overflowing the stack.
const MAX_DEPTH = 64;

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new AuthzenError('HALONG_AUTHZEN_INVALID_REQUEST', `the request nests deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) return `[${value.map((v) => write(v, depth + 1)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Serialises a JSON value with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}
