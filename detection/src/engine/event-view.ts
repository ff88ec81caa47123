// What a compiled rule reads an event through. Two implementations: the stream matcher reuses
// one CachedView for every rule of an event, so `process.command_line` is read and lower-cased
// once per event rather than once per rule; CompiledRule.matches and the naive baseline use a
// DirectView, which reads on demand and remembers nothing.
import type { EventRecord } from './types';
import { FACT_UNKNOWN, type ScanFacts } from './contains-facts';
import { lowerForms, lowerText, pathCount, type PathRef } from './field-access';
import { NestedReads } from './nested-reads';

/** Object and array nesting beyond this is not searched by keyword (field-less) searches. */
const MAX_LEAF_DEPTH = 32;

/** Joins leaves in Leaves.joinedLower: a code unit no keyword pattern is expected to hold. */
export const LEAF_SEPARATOR = '\u0000';

/** The string leaves of an event, for keyword searches over the whole event. */
export interface Leaves {
  raw: string[];
  lower: string[];
  /** The lower-cased leaves joined by LEAF_SEPARATOR: one text for a prefilter scan instead of one per leaf. */
  joinedLower: string;
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
  /** Whether a scan with facts was noted for the path this event (contains-facts.ts). */
  scanned(path: PathRef): boolean;
  /** What this event's scans say of `contains` literal `id` at a path (contains-facts.ts): FACT_UNKNOWN, _FOUND or _ABSENT. */
  fact(path: PathRef, id: number): number;
  /** Records that the path's only lower-cased value was just scanned, its patterns stamped in `seen` from `base`. */
  noteScan(path: PathRef, facts: ScanFacts, seen: Uint32Array, base: number, generation: number): void;
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

  scanned(): boolean {
    return false;
  }

  fact(): number {
    return FACT_UNKNOWN;
  }

  noteScan(): void {
    // Nothing is remembered: every test computes its answer.
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
  private readonly reads: NestedReads;
  private factStamp: Uint32Array;
  private factSources: (ScanFacts | undefined)[];
  private factBase: Int32Array;
  private factSeen: Uint32Array = new Uint32Array(0);
  private factGeneration = 0;

  constructor() {
    const size = Math.max(64, pathCount());
    this.rawStamp = new Uint32Array(size);
    this.lowerStamp = new Uint32Array(size);
    this.rawValues = new Array<unknown>(size).fill(undefined);
    this.lowerValues = new Array<string | string[] | undefined>(size).fill(undefined);
    this.reads = new NestedReads(size);
    this.factStamp = new Uint32Array(size);
    this.factSources = new Array<ScanFacts | undefined>(size).fill(undefined);
    this.factBase = new Int32Array(size);
  }

  /** Starts a new event. */
  reset(event: EventRecord): void {
    this.event = event;
    this.leafCache = undefined;
    this.reads.reset(event);
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      // Wrapped: stamps from 2^32 events ago would look current.
      this.rawStamp.fill(0);
      this.lowerStamp.fill(0);
      this.factStamp.fill(0);
      this.generation = 1;
    }
  }

  raw(path: PathRef): unknown {
    const id = path.id;
    if (id >= this.rawStamp.length) this.grow(id);
    if (this.rawStamp[id] === this.generation) return this.rawValues[id];
    const value = this.reads.read(path);
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

  scanned(path: PathRef): boolean {
    return path.id < this.factStamp.length && this.factStamp[path.id] === this.generation;
  }

  fact(path: PathRef, id: number): number {
    const p = path.id;
    if (p >= this.factStamp.length || this.factStamp[p] !== this.generation) return FACT_UNKNOWN;
    return this.factSources[p]!.state(id, this.factSeen, this.factBase[p]!, this.factGeneration);
  }

  noteScan(path: PathRef, facts: ScanFacts, seen: Uint32Array, base: number, generation: number): void {
    const p = path.id;
    if (p >= this.factStamp.length) this.grow(p);
    this.factStamp[p] = this.generation;
    this.factSources[p] = facts;
    this.factBase[p] = base;
    // One scratch serves a matcher's scans: the same array and stamp for every path of an event.
    this.factSeen = seen;
    this.factGeneration = generation;
  }

  private grow(id: number): void {
    const size = Math.max(id + 1, this.rawStamp.length * 2);
    const raw = new Uint32Array(size);
    raw.set(this.rawStamp);
    const lower = new Uint32Array(size);
    lower.set(this.lowerStamp);
    this.rawStamp = raw;
    this.lowerStamp = lower;
    const factStamp = new Uint32Array(size);
    factStamp.set(this.factStamp);
    this.factStamp = factStamp;
    const factBase = new Int32Array(size);
    factBase.set(this.factBase);
    this.factBase = factBase;
    this.factSources = this.factSources.concat(new Array<undefined>(size - this.factSources.length).fill(undefined));
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
  // for-in also visits inherited enumerable keys; Object.values, cheaper, visits the same values
  // in the same order when nothing is inherited: a plain object, with Object.prototype clean.
  const plain = Object.keys(Object.prototype).length === 0;
  for (const key in event) {
    if (key === 'event.original') continue;
    const value = event[key];
    if (key === 'event' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const fields = value as Record<string, unknown>;
      for (const inner in fields) if (inner !== 'original') walk(fields[inner], 2, raw, plain);
    } else walk(value, 1, raw, plain);
  }
  return new LazyLeaves(raw);
}

function walk(node: unknown, depth: number, out: string[], plain: boolean): void {
  if (typeof node === 'string') {
    out.push(node);
    return;
  }
  if (typeof node !== 'object' || node === null || depth >= MAX_LEAF_DEPTH) return;
  if (Array.isArray(node)) {
    for (let k = 0; k < node.length; k += 1) walk(node[k], depth + 1, out, plain);
    return;
  }
  if (plain) {
    const proto: unknown = Object.getPrototypeOf(node);
    if (proto === Object.prototype || proto === null) {
      const values = Object.values(node);
      for (let k = 0; k < values.length; k += 1) walk(values[k], depth + 1, out, plain);
      return;
    }
  }
  const fields = node as Record<string, unknown>;
  for (const key in fields) walk(fields[key], depth + 1, out, plain);
}

/** Lower-cases the leaves only when a case-insensitive keyword test asks for them. */
class LazyLeaves implements Leaves {
  private lowered: string[] | undefined;
  private joined: string | undefined;

  constructor(readonly raw: string[]) {}

  get lower(): string[] {
    if (this.lowered === undefined) this.lowered = this.raw.map(lowerText);
    return this.lowered;
  }

  get joinedLower(): string {
    // lowerText maps code units without context (the final sigma is folded), so lower-casing the
    // joined text equals joining the lower-cased leaves, in one native call instead of one per leaf.
    if (this.joined === undefined) this.joined = lowerText(this.raw.join(LEAF_SEPARATOR));
    return this.joined;
  }
}
