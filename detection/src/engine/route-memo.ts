// Routing results remembered by the values routing depends on. Pipelines route with
// case-insensitive string tests on a dozen ECS paths (event.code, event.dataset, process.name …),
// whose values repeat across a stream: a Sysmon registry event routes like the last one. When
// every logsource condition is such a test, the groups an event belongs to are a function of the
// lower-cased values at those paths, and the route of a known combination is looked up instead of
// recomputed.
import type { FieldTest } from '../sigma/types';
import type { FieldSource } from './event-view';
import { pathRef, type PathRef } from './field-access';

/** Keys longer than this (a long value at a routing path) are not remembered. */
const MAX_KEY = 512;
/** Remembered combinations; the memo starts over when a stream has more. */
const MAX_ENTRIES = 8192;

/**
 * The paths routing reads when every condition is a case-insensitive string test: such a test
 * only sees the lower-cased values of its path (as a set: one value or a one-element array, none
 * or an empty array, are alike to it). Undefined when some condition needs more.
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

/** Routes by the lower-cased values at some paths. */
export class RouteMemo {
  private readonly routes = new Map<string, number[]>();

  constructor(private readonly paths: readonly PathRef[]) {}

  /** The event's key, or undefined when it is too long to remember. */
  key(view: FieldSource): string | undefined {
    let key = '';
    for (let k = 0; k < this.paths.length; k += 1) {
      const lower = view.lower(this.paths[k]!);
      // Each value as \u0001, its length, ':', the value; each path closed by \u0000: no two
      // different value lists give the same key.
      if (typeof lower === 'string') key += `\u0001${lower.length}:${lower}`;
      else if (lower !== undefined) for (let j = 0; j < lower.length; j += 1) key += `\u0001${lower[j]!.length}:${lower[j]!}`;
      key += '\u0000';
      if (key.length > MAX_KEY) return undefined;
    }
    return key;
  }

  get(key: string): readonly number[] | undefined {
    return this.routes.get(key);
  }

  set(key: string, groups: number[]): void {
    if (this.routes.size >= MAX_ENTRIES) this.routes.clear();
    this.routes.set(key, groups);
  }
}
