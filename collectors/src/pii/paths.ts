// ECS dotted paths over events that may be nested ({user:{id}}), flat ({'user.id'}) or both,
// with arrays anywhere on the way (ECS fields may hold one value or many). A rewrite copies
// an object or array only when something under it changed: the caller's event is never
// mutated, and everything outside the configured fields is the very same value.

/** A configured field: its dotted path, split. */
export interface FieldPath {
  path: string;
  segments: readonly string[];
}

// Segments that would reach Object.prototype if assigned through.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
// Events are bounded (the JSON parsers refuse deep nesting); this only stops a cyclic object.
const MAX_ARRAY_NESTING = 8;

/** A path checked and split; throws on empty or prototype-reaching segments. */
export function compilePath(path: string): FieldPath {
  const segments = typeof path === 'string' ? path.split('.') : [];
  if (segments.length === 0 || segments.some((s) => s === '' || FORBIDDEN.has(s))) {
    throw new TypeError(`"${String(path)}" is not a usable ECS field path.`);
  }
  return { path, segments };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Rewrite = (text: string) => { text: string; count: number };

function rewriteLeaf(value: unknown, rewrite: Rewrite, nesting: number): { value: unknown; count: number } {
  if (typeof value === 'string') {
    const r = rewrite(value);
    return r.count > 0 ? { value: r.text, count: r.count } : { value, count: 0 };
  }
  if (Array.isArray(value) && nesting < MAX_ARRAY_NESTING) {
    let copy: unknown[] | undefined;
    let count = 0;
    for (let i = 0; i < value.length; i += 1) {
      const r = rewriteLeaf(value[i], rewrite, nesting + 1);
      if (r.count > 0) {
        copy ??= [...value];
        copy[i] = r.value;
        count += r.count;
      }
    }
    return copy ? { value: copy, count } : { value, count: 0 };
  }
  return { value, count: 0 };
}

function rewriteAt(node: unknown, segments: readonly string[], from: number, rewrite: Rewrite, nesting: number): { value: unknown; count: number } {
  if (from === segments.length) return rewriteLeaf(node, rewrite, 0);
  if (Array.isArray(node)) {
    if (nesting >= MAX_ARRAY_NESTING) return { value: node, count: 0 };
    let copy: unknown[] | undefined;
    let count = 0;
    for (let i = 0; i < node.length; i += 1) {
      const r = rewriteAt(node[i], segments, from, rewrite, nesting + 1);
      if (r.count > 0) {
        copy ??= [...node];
        copy[i] = r.value;
        count += r.count;
      }
    }
    return copy ? { value: copy, count } : { value: node, count: 0 };
  }
  if (!isPlainObject(node)) return { value: node, count: 0 };
  let copy: Record<string, unknown> | undefined;
  let count = 0;
  // `user.id` may be node.user.id, node['user.id'], or any split in between.
  let key = '';
  for (let to = from; to < segments.length; to += 1) {
    key = to === from ? segments[to]! : `${key}.${segments[to]}`;
    if (!Object.hasOwn(node, key)) continue;
    const r = rewriteAt(node[key], segments, to + 1, rewrite, 0);
    if (r.count > 0) {
      copy ??= { ...node };
      copy[key] = r.value;
      count += r.count;
    }
  }
  return copy ? { value: copy, count } : { value: node, count: 0 };
}

/** `root` with every string at `path` rewritten, and the number of replacements made. */
export function rewritePath(root: Record<string, unknown>, path: FieldPath, rewrite: Rewrite): { value: unknown; count: number } {
  return rewriteAt(root, path.segments, 0, rewrite, 0);
}
