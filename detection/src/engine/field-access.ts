// Reads an ECS path from an event. Events arrive nested (`{process: {executable}}`), flat
// (`{"process.executable": …}`) or mixed, with arrays anywhere along the path; every spelling is
// looked up and every value found is returned, so a rule cannot miss a value because of how a
// collector serialised it.
//
// Result shape (used by every test): `undefined` = absent; an array = several values (arrays
// found on the way are flattened, an empty array stays an empty array: "present, no value");
// anything else = the single value.

/** Arrays nested deeper than this are not descended into: hostile input stays bounded. */
const MAX_ARRAY_DEPTH = 8;

/** A compiled path: its id in the per-event cache and its reader. */
export interface PathRef {
  readonly id: number;
  readonly path: string;
  read(event: unknown): unknown;
  /** The path without its last segment (`process.parent` for `process.parent.name`); undefined for one segment. */
  readonly parent: PathRef | undefined;
  /** The last segment. */
  readonly key: string;
  /** The last segment names an Object.prototype property, so it is only read as an own property. */
  readonly guarded: boolean;
}

const registry = new Map<string, PathRef>();
const byId: PathRef[] = [];

/** The interned reference for an ECS path (one per distinct path, process-wide). */
export function pathRef(path: string): PathRef {
  let ref = registry.get(path);
  if (ref === undefined) {
    const dot = path.lastIndexOf('.');
    // The parent first: a prefix is interned before the paths that extend it.
    const parent = dot < 0 ? undefined : pathRef(path.slice(0, dot));
    const key = path.slice(dot + 1);
    ref = { id: byId.length, path, read: compileReader(path), parent, key, guarded: needsOwnCheck(key) };
    registry.set(path, ref);
    byId.push(ref);
  }
  return ref;
}

/** How many paths have been interned: the size a per-event cache needs. */
export function pathCount(): number {
  return byId.length;
}

/** Keys that exist on Object.prototype must be checked as own properties. */
function needsOwnCheck(key: string): boolean {
  return key in Object.prototype;
}

function compileReader(path: string): (event: unknown) => unknown {
  const segments = path.split('.');
  const n = segments.length;
  // keys[i][j]: segments i..j joined with dots, the key to try at a node when i segments are consumed.
  const keys: string[][] = [];
  const guarded: boolean[][] = [];
  for (let i = 0; i < n; i += 1) {
    keys.push([]);
    guarded.push([]);
    for (let j = i; j < n; j += 1) {
      const key = segments.slice(i, j + 1).join('.');
      keys[i]!.push(key);
      guarded[i]!.push(needsOwnCheck(key));
    }
  }
  if (n === 1) return readSingle(segments[0]!, guarded[0]![0]!);
  const plan: Plan = { n, keys, guarded };
  return (event: unknown) => {
    const acc: Acc = { found: false, value: undefined, many: undefined };
    collect(plan, acc, event, 0, 0);
    return finish(acc);
  };
}

interface Plan {
  n: number;
  keys: string[][];
  guarded: boolean[][];
}

function collect(plan: Plan, acc: Acc, node: unknown, i: number, arrayDepth: number): void {
  if (i === plan.n) {
    addLeaf(acc, node, 0);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    if (arrayDepth >= MAX_ARRAY_DEPTH) return;
    for (let k = 0; k < node.length; k += 1) collect(plan, acc, node[k], i, arrayDepth + 1);
    return;
  }
  const row = plan.keys[i]!;
  const rowGuard = plan.guarded[i]!;
  const obj = node as Record<string, unknown>;
  for (let j = 0; j < row.length; j += 1) {
    const key = row[j]!;
    const child = obj[key];
    if (child === undefined || (rowGuard[j] && !Object.prototype.hasOwnProperty.call(obj, key))) continue;
    collect(plan, acc, child, i + j + 1, arrayDepth);
  }
}

function readSingle(key: string, guard: boolean): (event: unknown) => unknown {
  return (event) => {
    if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
    const obj = event as Record<string, unknown>;
    const value = obj[key];
    if (value === undefined || (guard && !Object.prototype.hasOwnProperty.call(obj, key))) return undefined;
    return Array.isArray(value) ? flattenLeaf(value) : value;
  };
}

interface Acc {
  found: boolean;
  value: unknown;
  many: unknown[] | undefined;
}

function addLeaf(acc: Acc, value: unknown, depth: number): void {
  if (Array.isArray(value)) {
    if (depth >= MAX_ARRAY_DEPTH) return;
    if (!acc.found) {
      acc.found = true;
      acc.value = value;
      acc.many = undefined;
      if (isFlat(value)) return;
      acc.value = undefined;
      acc.many = [];
      for (let k = 0; k < value.length; k += 1) addLeaf(acc, value[k], depth + 1);
      return;
    }
    toMany(acc);
    for (let k = 0; k < value.length; k += 1) addLeaf(acc, value[k], depth + 1);
    return;
  }
  if (!acc.found) {
    acc.found = true;
    acc.value = value;
    return;
  }
  toMany(acc).push(value);
}

function toMany(acc: Acc): unknown[] {
  if (acc.many === undefined) {
    acc.many = Array.isArray(acc.value) ? acc.value.slice() : [acc.value];
    acc.value = undefined;
  }
  return acc.many;
}

function finish(acc: Acc): unknown {
  if (!acc.found) return undefined;
  return acc.many ?? acc.value;
}

function isFlat(values: unknown[]): boolean {
  for (let k = 0; k < values.length; k += 1) if (Array.isArray(values[k])) return false;
  return true;
}

/** A leaf array as read() returns it: as is when flat, else its values flattened (within the depth bound). */
export function flattenLeaf(value: unknown[]): unknown[] {
  if (isFlat(value)) return value;
  const acc: Acc = { found: false, value: undefined, many: undefined };
  addLeaf(acc, value, 0);
  return finish(acc) as unknown[];
}

/** The string form string tests see: strings as is, numbers and booleans as written, nothing else. */
export function stringForm(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

/**
 * The one lower-casing used by every case-insensitive comparison, on values and on rule
 * literals alike. toLowerCase picks the Greek final sigma 'ς' by context (end of word), so the
 * same letter would lower-case differently in a rule fragment and in the event: it is folded to 'σ'.
 */
export function lowerText(s: string): string {
  const l = s.toLowerCase();
  return l.indexOf('ς') < 0 ? l : l.replace(/ς/g, 'σ');
}

/** Lower-cased string forms of a read result: undefined, one string, or several. */
export function lowerForms(raw: unknown): string | string[] | undefined {
  if (typeof raw === 'string') return lowerText(raw);
  if (!Array.isArray(raw)) {
    const s = stringForm(raw);
    return s === undefined ? undefined : lowerText(s);
  }
  const out: string[] = [];
  for (let k = 0; k < raw.length; k += 1) {
    const s = stringForm(raw[k]);
    if (s !== undefined) out.push(lowerText(s));
  }
  return out;
}

/** True when a read result (one value or several) has a value satisfying pred. */
export function someRaw(raw: unknown, pred: (v: unknown) => boolean): boolean {
  if (raw === undefined) return false;
  if (!Array.isArray(raw)) return pred(raw);
  for (let k = 0; k < raw.length; k += 1) if (pred(raw[k])) return true;
  return false;
}

/** True when lower-cased forms (one or several) have one satisfying pred. */
export function someLower(lower: string | string[] | undefined, pred: (s: string) => boolean): boolean {
  if (lower === undefined) return false;
  if (typeof lower === 'string') return pred(lower);
  for (let k = 0; k < lower.length; k += 1) if (pred(lower[k]!)) return true;
  return false;
}
