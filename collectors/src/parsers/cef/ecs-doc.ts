// Writing the ECS document: dotted paths into nested objects, and keys taken from the message
// stored as own properties (a key named `__proto__` must become data, not a prototype).

/** A nested ECS document under construction. */
export type EcsDoc = Record<string, unknown>;

/** Sets `value` at a dotted path, creating objects on the way; undefined values are skipped. */
export function setPath(doc: EcsDoc, path: string, value: unknown): void {
  if (value === undefined) return;
  const parts = path.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as EcsDoc;
  }
  node[parts[parts.length - 1]!] = value;
}

/** Stores `value` under a key that came from the message, whatever the key is. */
export function defineOwn(target: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
