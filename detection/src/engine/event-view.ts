// What a compiled rule reads an event through. Two implementations: the stream matcher reuses
// one CachedView for every rule of an event, so `process.command_line` is read and lower-cased
// once per event rather than once per rule; CompiledRule.matches and the naive baseline use a
// DirectView, which reads on demand and remembers nothing.
import type { EventRecord } from './types';
import { hasDottedKey, lowerForms, lowerText, pathCount, type PathRef } from './field-access';

/** Object and array nesting beyond this is not searched by keyword (field-less) searches. */
const MAX_LEAF_DEPTH = 32;

/** The string leaves of an event, for keyword searches over the whole event. */
export interface Leaves {
  raw: string[];
  lower: string[];
}

/** A read-only view of one event. */
export interface FieldSource {
  readonly event: EventRecord;
  /** The value(s) at a path: undefined (absent), an array (several values) or one value. */
  raw(path: PathRef): unknown;
  /** The lower-cased string forms at a path. */
  lower(path: PathRef): string | string[] | undefined;
  /** Every string leaf of the event. */
  leaves(): Leaves;
}

/** Reads on demand, caches nothing: one per CompiledRule.matches call. */
export class DirectView implements FieldSource {
  private leafCache: Leaves | undefined;

  constructor(readonly event: EventRecord) {}

  raw(path: PathRef): unknown {
    return path.read(this.event);
  }

  lower(path: PathRef): string | string[] | undefined {
    return lowerForms(path.read(this.event));
  }

  leaves(): Leaves {
    // Within one rule the leaves may be needed by several keyword tests: walking the event once is the point.
    if (this.leafCache === undefined) this.leafCache = collectLeaves(this.event);
    return this.leafCache;
  }
}

/**
 * One reusable view for a stream of events. Entries are stamped with the event's generation
 * rather than cleared, so starting a new event costs nothing.
 */
export class CachedView implements FieldSource {
  event: EventRecord = {};
  private generation = 0;
  private rawStamp: Uint32Array;
  private lowerStamp: Uint32Array;
  // Filled up front: an array first written at a high index would become a slow dictionary.
  private rawValues: unknown[];
  private lowerValues: (string | string[] | undefined)[];
  private leafCache: Leaves | undefined;
  private nested = true;

  constructor() {
    const size = Math.max(64, pathCount());
    this.rawStamp = new Uint32Array(size);
    this.lowerStamp = new Uint32Array(size);
    this.rawValues = new Array<unknown>(size).fill(undefined);
    this.lowerValues = new Array<string | string[] | undefined>(size).fill(undefined);
  }

  /** Starts a new event. */
  reset(event: EventRecord): void {
    this.event = event;
    this.leafCache = undefined;
    this.nested = !hasDottedKey(event);
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      // Wrapped: stamps from 2^32 events ago would look current.
      this.rawStamp.fill(0);
      this.lowerStamp.fill(0);
      this.generation = 1;
    }
  }

  raw(path: PathRef): unknown {
    const id = path.id;
    if (id >= this.rawStamp.length) this.grow(id);
    if (this.rawStamp[id] === this.generation) return this.rawValues[id];
    const value = this.nested ? path.readNested(this.event) : path.read(this.event);
    this.rawStamp[id] = this.generation;
    this.rawValues[id] = value;
    return value;
  }

  lower(path: PathRef): string | string[] | undefined {
    const id = path.id;
    if (id >= this.lowerStamp.length) this.grow(id);
    if (this.lowerStamp[id] === this.generation) return this.lowerValues[id];
    const value = lowerForms(this.raw(path));
    this.lowerStamp[id] = this.generation;
    this.lowerValues[id] = value;
    return value;
  }

  leaves(): Leaves {
    if (this.leafCache === undefined) this.leafCache = collectLeaves(this.event);
    return this.leafCache;
  }

  private grow(id: number): void {
    const size = Math.max(id + 1, this.rawStamp.length * 2);
    const raw = new Uint32Array(size);
    raw.set(this.rawStamp);
    const lower = new Uint32Array(size);
    lower.set(this.lowerStamp);
    this.rawStamp = raw;
    this.lowerStamp = lower;
    this.rawValues = this.rawValues.concat(new Array<unknown>(size - this.rawValues.length).fill(undefined));
    this.lowerValues = this.lowerValues.concat(new Array<undefined>(size - this.lowerValues.length).fill(undefined));
  }
}

/**
 * Every string leaf, in document order. `event.original` is left out: it is the record again,
 * verbatim, so it adds nothing a keyword can find but half the text to scan, and OpenSearch does
 * not index it (a hunt could not see it either). Recursion is bounded by MAX_LEAF_DEPTH, so a
 * hostile deeply nested event cannot overflow the stack.
 */
function collectLeaves(event: EventRecord): Leaves {
  const raw: string[] = [];
  for (const key in event) {
    if (key === 'event.original') continue;
    const value = event[key];
    if (key === 'event' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const fields = value as Record<string, unknown>;
      for (const inner in fields) if (inner !== 'original') walk(fields[inner], 2, raw);
    } else walk(value, 1, raw);
  }
  return new LazyLeaves(raw);
}

function walk(node: unknown, depth: number, out: string[]): void {
  if (typeof node === 'string') {
    out.push(node);
    return;
  }
  if (typeof node !== 'object' || node === null || depth >= MAX_LEAF_DEPTH) return;
  if (Array.isArray(node)) {
    for (let k = 0; k < node.length; k += 1) walk(node[k], depth + 1, out);
    return;
  }
  const fields = node as Record<string, unknown>;
  for (const key in fields) walk(fields[key], depth + 1, out);
}

/** Lower-cases the leaves only when a case-insensitive keyword test asks for them. */
class LazyLeaves implements Leaves {
  private lowered: string[] | undefined;

  constructor(readonly raw: string[]) {}

  get lower(): string[] {
    if (this.lowered === undefined) this.lowered = this.raw.map(lowerText);
    return this.lowered;
  }
}
