// ECS dotted paths over events that may be nested ({user:{id}}), flat ({'user.id'}) or both,
// with arrays anywhere on the way (ECS fields may hold one value or many). A rewrite copies
// an object or array only when something under it changed: the caller's event is never
// mutated, and everything outside the configured fields is the very same value.
//
// This runs for every configured field of every event, and most fields are absent or hold
// nothing to replace: the walk then allocates nothing for them. Joined keys are built once per path
// (a key built per event is a fresh string that each property lookup must hash), a subtree
// that did not change is returned as itself, and replacements are counted in one tally per
// call instead of a result object per level.

/** A configured field: its dotted path, split. */
export interface FieldPath {
  path: string;
  segments: readonly string[];
  /** `keys[from][to - from]`: segments `from` to `to` joined with dots, the keys one level may hold. */
  keys: readonly (readonly string[])[];
}

/**
 * A replacement of personal data in one string, and how many replacements it made. `text`
 * is read only when `count > 0`, so a rewrite that found nothing may return a shared object.
 */
export type Rewrite = (text: string) => { text: string; count: number };

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
  return { path, segments, keys: segments.map((_, from) => joinedFrom(segments, from)) };
}

// `a.b.c` from 0: `a`, `a.b`, `a.b.c`.
function joinedFrom(segments: readonly string[], from: number): string[] {
  return segments.slice(from).map((_, n) => segments.slice(from, from + n + 1).join('.'));
}

// One walk's state: what to do with a string, and the replacements made so far.
interface Walk {
  keys: FieldPath['keys'];
  readonly rewrite: Rewrite;
  count: number;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Each walker returns `value` itself when nothing under it was replaced; whether something
// was is read from the tally, not from identity (a rewrite may count a match it left as is).
function rewriteLeaf(value: unknown, walk: Walk, nesting: number): unknown {
  if (typeof value === 'string') {
    const r = walk.rewrite(value);
    // Written so that a count of NaN, like 0 or less, is no replacement.
    if (!(r.count > 0)) return value;
    walk.count += r.count;
    return r.text;
  }
  if (Array.isArray(value) && nesting < MAX_ARRAY_NESTING) return rewriteArray(value, walk, (item) => rewriteLeaf(item, walk, nesting + 1));
  return value;
}

function rewriteArray(array: unknown[], walk: Walk, rewriteItem: (item: unknown) => unknown): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i += 1) {
    const before = walk.count;
    const item = rewriteItem(array[i]);
    if (walk.count > before) {
      copy ??= [...array];
      copy[i] = item;
    }
  }
  return copy ?? array;
}

function rewriteAt(node: unknown, from: number, walk: Walk, nesting: number): unknown {
  if (from === walk.keys.length) return rewriteLeaf(node, walk, 0);
  if (Array.isArray(node)) {
    if (nesting >= MAX_ARRAY_NESTING) return node;
    return rewriteArray(node, walk, (item) => rewriteAt(item, from, walk, nesting + 1));
  }
  if (!isPlainObject(node)) return node;
  let copy: Record<string, unknown> | undefined;
  // `user.id` may be node.user.id, node['user.id'], or any split in between.
  const keys = walk.keys[from]!;
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (!Object.hasOwn(node, key)) continue;
    const before = walk.count;
    const value = rewriteAt(node[key], from + i + 1, walk, 0);
    if (walk.count > before) {
      copy ??= { ...node };
      copy[key] = value;
    }
  }
  return copy ?? node;
}

/** `root` with every string at `path` rewritten, and the number of replacements made. */
export function rewritePath(root: Record<string, unknown>, path: FieldPath, rewrite: Rewrite): { value: unknown; count: number } {
  return rewritePaths(root, [path], rewrite);
}

/**
 * `root` with every string at each of `paths` rewritten, path after path (each sees what the
 * ones before changed), and the number of replacements made.
 */
export function rewritePaths(root: Record<string, unknown>, paths: readonly FieldPath[], rewrite: Rewrite): { value: unknown; count: number } {
  const walk: Walk = { keys: [], rewrite, count: 0 };
  let value: unknown = root;
  for (const path of paths) {
    walk.keys = path.keys;
    value = rewriteAt(value, 0, walk, 0);
  }
  return { value, count: walk.count };
}
