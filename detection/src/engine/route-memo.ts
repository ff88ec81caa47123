// Routing results remembered by the values routing depends on. Pipelines route with
// case-insensitive string tests on a dozen ECS paths (event.code, event.dataset, process.name …),
// whose values repeat across a stream: a Sysmon registry event routes like the last one. When
// every logsource condition is such a test, the groups an event belongs to are a function of the
// lower-cased values at those paths, hence of the raw values, and the route of a known
// combination is looked up instead of recomputed.
//
// The memo is a trie keyed by raw values: no value is lower-cased, and no key is concatenated
// and hashed per event (V8 keeps a string's hash once computed). A list (`event.category:
// [configuration, registry]`) is looked up element by element down a chain of maps: building
// one string key per list cost ~0.5 µs per event, ten times the lookups. Raw keys are finer than
// lower-cased ones ('Windows' and 'windows' get two entries with the same route), which costs a
// few entries, never a wrong route. Reading a path is most of the cost, so each node reads only
// the next path some still possible group tests: once a Windows event's dataset and module are
// known, no group that tests `process.name` or `log.syslog.facility.name` can match any more,
// and those paths are not read. What a node reads depends only on the values read on the way to
// it, so every event that reaches it agrees.
import type { FieldTest } from '../../src/sigma/types';
import type { FieldSource } from './event-view';
import { pathRef, type PathRef } from './field-access';
import { compileConditions } from './logsource-conditions';

/** Longer values at a routing path (or value lists, in total) are not remembered. */
const MAX_VALUE = 256;
/** Lists with more elements are not remembered. */
const MAX_LIST = 16;
/** Remembered routes; the memo starts over when a stream has more. */
const MAX_ENTRIES = 8192;

/** Keys of the values that are neither strings nor primitives nor lists. */
const ABSENT = Symbol('absent');
const OBJECT = Symbol('object');

/** A trie node: reads one path (its index in the memo's order), or holds the route. */
interface Node {
  read: number;
  route: number[] | undefined;
  values: Map<unknown, Node>;
  /** Lists, element by element: apart from `values`, so that no value can pose as a list. */
  lists: ListStep | undefined;
}

/** After some elements of a list: the next element's step, or the node when the list ends here. */
interface ListStep {
  next: Map<unknown, ListStep>;
  end: Node | undefined;
}

/**
 * The paths routing reads when every condition is a case-insensitive string test: such a test
 * only sees the lower-cased values of its path. Undefined when some condition needs more.
 */
export function memoPaths(conditions: readonly (readonly FieldTest[])[]): PathRef[] | undefined {
  const paths = new Set<string>();
  for (const list of conditions) {
    for (const c of list) {
      if (!c.tests.every((t) => t.kind === 'string' && !t.cased)) return undefined;
      paths.add(c.field);
    }
  }
  return [...paths].sort().map(pathRef);
}

/** Routes by the raw values at the paths the groups' conditions test. */
export class RouteMemo {
  /** The paths, most tested first: they rule out the most groups early. */
  private readonly paths: PathRef[];
  /** Per group, its conditions: the index of the path each tests, and the test. */
  private readonly tests: { path: number; holds: (view: FieldSource) => boolean }[][];
  private root: Node | undefined;
  private entries = 0;

  /** @param conditions each group's conditions, all case-insensitive string tests (memoPaths is defined) */
  constructor(conditions: readonly (readonly FieldTest[])[]) {
    const uses = new Map<string, number>();
    for (const list of conditions) for (const path of new Set(list.map((c) => c.field))) uses.set(path, (uses.get(path) ?? 0) + 1);
    const order = [...uses.keys()].sort((a, b) => uses.get(b)! - uses.get(a)! || (a < b ? -1 : 1));
    this.paths = order.map(pathRef);
    this.tests = conditions.map((list) => list.map((c) => ({ path: order.indexOf(c.field), holds: compileConditions([c]).evaluate })));
  }

  /** Routes remembered now. */
  get size(): number {
    return this.entries;
  }

  /** The remembered route of the event; undefined when unknown or not rememberable. */
  get(view: FieldSource): readonly number[] | undefined {
    let node = this.root;
    while (node !== undefined) {
      if (node.route !== undefined) return node.route;
      const raw = view.raw(this.paths[node.read]!);
      if (Array.isArray(raw)) node = listEnd(node.lists, raw);
      else {
        const key = valueKey(raw);
        node = key === undefined ? undefined : node.values.get(key);
      }
    }
    return undefined;
  }

  /** Remembers `groups` as the route of the event (unless a value it reads is too long). */
  set(view: FieldSource, groups: number[]): void {
    if (this.entries >= MAX_ENTRIES) {
      this.root = undefined;
      this.entries = 0;
    }
    const alive = this.tests.map((_, g) => g);
    let node = (this.root ??= this.node(alive, -1, groups));
    while (node.route === undefined) {
      const at = node.read;
      const raw = view.raw(this.paths[at]!);
      const list = Array.isArray(raw);
      const keys = list ? listKeys(raw as unknown[]) : valueKey(raw);
      if (keys === undefined) return;
      // Groups whose condition on this path fails are out, whatever the other paths hold.
      for (let k = alive.length - 1; k >= 0; k -= 1) {
        if (this.tests[alive[k]!]!.some((t) => t.path === at && !t.holds(view))) alive.splice(k, 1);
      }
      let next: Node | undefined;
      if (list) {
        let step = (node.lists ??= { next: new Map(), end: undefined });
        for (const key of keys as unknown[]) {
          let after = step.next.get(key);
          if (after === undefined) step.next.set(key, (after = { next: new Map(), end: undefined }));
          step = after;
        }
        next = step.end ??= this.node(alive, at, groups);
      } else {
        next = node.values.get(keys);
        if (next === undefined) node.values.set(keys, (next = this.node(alive, at, groups)));
      }
      node = next;
    }
  }

  /**
   * A node after path index `after`: it reads the next path an alive group tests, or, when none
   * does, the alive groups' outcome is settled and it is a leaf holding `groups`.
   */
  private node(alive: readonly number[], after: number, groups: number[]): Node {
    let read = -1;
    for (let p = after + 1; p < this.paths.length && read < 0; p += 1) {
      if (alive.some((g) => this.tests[g]!.some((t) => t.path === p))) read = p;
    }
    if (read < 0) this.entries += 1;
    return { read, route: read < 0 ? groups : undefined, values: new Map(), lists: undefined };
  }
}

/** A non-list value as its own key (strings, numbers, booleans, null), or a marker. */
function valueKey(raw: unknown): unknown {
  if (typeof raw === 'string') return raw.length <= MAX_VALUE ? raw : undefined;
  if (raw === undefined) return ABSENT;
  // An object has no string form: string tests see it as they see no value, whatever it holds.
  if (typeof raw === 'object' && raw !== null) return OBJECT;
  return raw;
}

/** The key of a list element: strings and primitives as themselves, whatever has no string form as one marker. */
function elementKey(v: unknown): unknown {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (v === undefined || v === null || typeof v === 'object') return OBJECT;
  return undefined;
}

/** The node a list leads to from `step`, read element by element; undefined when not remembered. */
function listEnd(step: ListStep | undefined, raw: readonly unknown[]): Node | undefined {
  for (let k = 0; k < raw.length && step !== undefined; k += 1) {
    const key = elementKey(raw[k]);
    step = key === undefined ? undefined : step.next.get(key);
  }
  return step?.end;
}

/** A list's element keys, or undefined when it is too long to remember or holds a value with no key. */
function listKeys(raw: readonly unknown[]): unknown[] | undefined {
  if (raw.length > MAX_LIST) return undefined;
  const keys: unknown[] = [];
  let chars = 0;
  for (let k = 0; k < raw.length; k += 1) {
    const key = elementKey(raw[k]);
    if (key === undefined) return undefined;
    if (typeof key === 'string' && (chars += key.length) > MAX_VALUE) return undefined;
    keys.push(key);
  }
  return keys;
}
