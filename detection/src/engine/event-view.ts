// What a compiled rule reads an event through. Two implementations: the stream matcher reuses
// one CachedView for every rule of an event, so `process.command_line` is read and lower-cased
// once per event rather than once per rule; CompiledRule.matches and the naive baseline use a
// DirectView, which reads on demand and remembers nothing.
import type { EventRecord } from './types';
import { FACT_UNKNOWN, type ScanFacts } from './contains-facts';
import { lowerForms, lowerText, pathCount, type PathRef } from './field-access';
import { LeafList, walkLeaves, type LeafVisitor } from './leaf-walk';
import { NestedReads } from './nested-reads';

/** From this length a text lower-cased by a CachedView is remembered for the event: a leaf and a field are often the same string. */
const LONG_TEXT = 256;
/** Long texts remembered per event (a PowerShell record has two or three). */
const LONG_TEXTS = 8;

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
  /** lowerText(text), for a text of this event (a leaf, a field's value). */
  lowerText(text: string): string;
  /** lowerText(text) when this view has computed it already for this event, else undefined. */
  knownLower(text: string): string | undefined;
  /** Every string leaf of the event. */
  leaves(): Leaves;
  /** Whether `visitor` stops at some string leaf (the leaves of leaves(), in the same order); builds no list when there is none yet. */
  someLeaf(visitor: LeafVisitor): boolean;
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

  lowerText(text: string): string {
    return lowerText(text);
  }

  knownLower(): string | undefined {
    return undefined;
  }

  leaves(): Leaves {
    // Within one rule the leaves may be needed by several keyword tests: walking the event once is the point.
    if (this.leafCache === undefined) this.leafCache = collectLeaves(this.event);
    return this.leafCache;
  }

  someLeaf(visitor: LeafVisitor): boolean {
    return someLeaf(this.event, this.leafCache, visitor);
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
  // Long texts lower-cased this event and their lower case, found again by identity (===).
  private readonly longRaw: string[] = [];
  private readonly longLower: string[] = [];
  private longCount = 0;

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
    this.longCount = 0;
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
    const raw = this.raw(path);
    const value = typeof raw === 'string' ? this.lowerText(raw) : lowerForms(raw);
    this.lowerStamp[id] = this.generation;
    this.lowerValues[id] = value;
    return value;
  }

  lowerText(text: string): string {
    if (text.length < LONG_TEXT) return lowerText(text);
    const known = this.knownLower(text);
    if (known !== undefined) return known;
    const lower = lowerText(text);
    if (this.longCount < LONG_TEXTS) {
      this.longRaw[this.longCount] = text;
      this.longLower[this.longCount] = lower;
      this.longCount += 1;
    }
    return lower;
  }

  knownLower(text: string): string | undefined {
    // Mostly the same string object, so === is a pointer comparison; texts of another length differ at once.
    for (let k = 0; k < this.longCount; k += 1) if (this.longRaw[k] === text) return this.longLower[k]!;
    return undefined;
  }

  leaves(): Leaves {
    if (this.leafCache === undefined) this.leafCache = collectLeaves(this.event);
    return this.leafCache;
  }

  someLeaf(visitor: LeafVisitor): boolean {
    return someLeaf(this.event, this.leafCache, visitor);
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

/** Every string leaf, in document order (leaf-walk.ts). */
function collectLeaves(event: EventRecord): Leaves {
  const list = new LeafList();
  walkLeaves(event, list);
  return new LazyLeaves(list.raw);
}

function someLeaf(event: EventRecord, known: Leaves | undefined, visitor: LeafVisitor): boolean {
  if (known === undefined) return walkLeaves(event, visitor);
  const raw = known.raw;
  for (let k = 0; k < raw.length; k += 1) if (visitor.visit(raw[k]!)) return true;
  return false;
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
