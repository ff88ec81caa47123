// Writing the ECS document: dotted paths into nested objects, and keys taken from the message
// stored as own properties (a key named `__proto__` must become data, not a prototype).

import { setField } from '../syslog/text-scan';

/** A nested ECS document under construction. */
export type EcsDoc = Record<string, unknown>;

// The parsers write a few dozen constant paths; splitting each once keeps setPath allocation-free.
const splitPaths = new Map<string, readonly string[]>();

function segments(path: string): readonly string[] {
  let parts = splitPaths.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    // Paths built from message content could grow the cache without bound; those are rare.
    if (splitPaths.size < 4096) splitPaths.set(path, parts);
  }
  return parts;
}

/** Sets `value` at a dotted path, creating objects on the way; undefined values are skipped. */
export function setPath(doc: EcsDoc, path: string, value: unknown): void {
  if (value === undefined) return;
  const parts = segments(path);
  let node = doc;
  const last = parts.length - 1;
  for (let i = 0; i < last; i++) {
    const part = parts[i]!;
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as EcsDoc;
  }
  node[parts[last]!] = value;
}

/** Stores `value` under a key that came from the message, whatever the key is (even `__proto__`). */
export const defineOwn: (target: Record<string, string>, key: string, value: string) => void = setField;
