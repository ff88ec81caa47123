// The walk over an event's string leaves for keyword (field-less) searches. One walk serves two
// callers: collecting the leaves, and asking whether some leaf passes a test, which stops at the
// first that does and builds no list (most events hold no keyword anchor anywhere, anchors.ts).
//
// for-in visits inherited enumerable keys too, which is the semantics wanted (a polluted
// Object.prototype is searched as OpenSearch would index it). With the string test inline in
// the loop, it measured cheaper than Object.values (one array per object) plus a prototype
// check per object, and than a call per value.
import type { EventRecord } from './types';

/** Object and array nesting beyond this is not searched by keyword searches. */
export const MAX_LEAF_DEPTH = 32;

/** Receives each string leaf in document order; returning true stops the walk. */
export interface LeafVisitor {
  visit(text: string): boolean;
}

/**
 * Hands every string leaf of `event` to `visitor`, until it returns true (then returns true).
 * `event.original` is left out: it is the record again, verbatim, so it adds nothing a keyword
 * can find but half the text to scan, and OpenSearch does not index it (a hunt could not see it
 * either). Nesting is bounded by MAX_LEAF_DEPTH, so a hostile deeply nested event cannot
 * overflow the stack.
 */
export function walkLeaves(event: EventRecord, visitor: LeafVisitor): boolean {
  for (const key in event) {
    if (key === 'event.original') continue;
    const value = event[key];
    if (typeof value === 'string') {
      if (visitor.visit(value)) return true;
    } else if (typeof value === 'object' && value !== null) {
      if (key === 'event' && !Array.isArray(value)) {
        const fields = value as Record<string, unknown>;
        for (const inner in fields) {
          if (inner === 'original') continue;
          const v = fields[inner];
          if (typeof v === 'string') {
            if (visitor.visit(v)) return true;
          } else if (typeof v === 'object' && v !== null && walkNode(v, 2, visitor)) return true;
        }
      } else if (walkNode(value, 1, visitor)) return true;
    }
  }
  return false;
}

/** The leaves under `node`, an object or array at `depth` (< MAX_LEAF_DEPTH). */
function walkNode(node: object, depth: number, visitor: LeafVisitor): boolean {
  const deeper = depth + 1 < MAX_LEAF_DEPTH;
  if (Array.isArray(node)) {
    for (let k = 0; k < node.length; k += 1) {
      const v: unknown = node[k];
      if (typeof v === 'string') {
        if (visitor.visit(v)) return true;
      } else if (deeper && typeof v === 'object' && v !== null && walkNode(v, depth + 1, visitor)) return true;
    }
    return false;
  }
  const fields = node as Record<string, unknown>;
  for (const key in fields) {
    const v = fields[key];
    if (typeof v === 'string') {
      if (visitor.visit(v)) return true;
    } else if (deeper && typeof v === 'object' && v !== null && walkNode(v, depth + 1, visitor)) return true;
  }
  return false;
}

/** Collects the leaves in a list. */
export class LeafList implements LeafVisitor {
  readonly raw: string[] = [];

  visit(text: string): boolean {
    this.raw.push(text);
    return false;
  }
}
