// Reading a path one lookup per segment, exactly as the general reader (PathRef.read) would.
// The general reader tries every way of splitting a path into keys (`process.parent.name`,
// `process` + `parent.name`, …) because collectors may emit flat keys. At a node from which two
// or more segments remain, a split other than one segment per key needs a key with a dot in that
// node; from the last container only one key is possible whatever its keys. So a path is read
// with single lookups when every node it passes with two or more segments to go has no dotted
// key, and those nodes ("containers") are few and shared: `winlog` and the event root serve every
// `winlog.event_data.*` path. Each container is resolved, and its keys checked, once per event;
// the objects holding the fields themselves (`event_data`, often the widest) are never scanned.
// Anything else (a dotted key, an array on the way, a non-object event) falls back to the
// general reader, which is always right.
import { flattenLeaf, type PathRef } from './field-access';

/** A container that cannot be read with single lookups: use the general reader. */
const GENERAL: unique symbol = Symbol('general');
type Container = object | undefined | typeof GENERAL;

/** Per-event cache of containers; one instance reused for a stream of events. */
export class NestedReads {
  private event: unknown = undefined;
  private generation = 0;
  private stamp: Uint32Array;
  private nodes: Container[];
  /** 0 = not checked yet this event, 1 = no dotted key, 2 = some. */
  private rootKeys = 0;
  private keyStamp: Uint32Array;
  private dotted: Uint8Array;

  constructor(size: number) {
    this.stamp = new Uint32Array(size);
    this.keyStamp = new Uint32Array(size);
    this.dotted = new Uint8Array(size);
    // Filled up front: an array first written at a high index would become a slow dictionary.
    this.nodes = new Array<Container>(size).fill(undefined);
  }

  /** Starts a new event. */
  reset(event: unknown): void {
    this.event = event;
    this.rootKeys = 0;
    this.generation += 1;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.keyStamp.fill(0);
      this.generation = 1;
    }
  }

  /** What `path.read(event)` returns for the current event. */
  read(path: PathRef): unknown {
    const parent = path.parent;
    if (parent === undefined) return path.read(this.event);
    const node = this.container(parent);
    if (node === GENERAL) return path.read(this.event);
    if (node === undefined) return undefined;
    const obj = node as Record<string, unknown>;
    const key = path.key;
    const value = obj[key];
    if (value === undefined || (path.guarded && !Object.prototype.hasOwnProperty.call(obj, key))) return undefined;
    return Array.isArray(value) ? flattenLeaf(value) : value;
  }

  /** The object at `path` reached one key per segment, undefined when there is none, or GENERAL. */
  private container(path: PathRef): Container {
    const id = path.id;
    if (id >= this.stamp.length) this.grow(id);
    if (this.stamp[id] === this.generation) return this.nodes[id];
    const node = this.resolve(path);
    this.stamp[id] = this.generation;
    this.nodes[id] = node;
    return node;
  }

  private resolve(path: PathRef): Container {
    const parent = path.parent;
    let base: Container;
    if (parent === undefined) {
      const event = this.event;
      if (typeof event !== 'object' || event === null || Array.isArray(event)) return GENERAL;
      if (this.rootKeys === 0) this.rootKeys = hasDottedKey(event) ? 2 : 1;
      if (this.rootKeys === 2) return GENERAL;
      base = event;
    } else {
      base = this.container(parent);
      if (base === GENERAL || base === undefined) return base;
      // Two or more segments remain below `parent` (this path's key and the one reading from it).
      if (this.parentDotted(parent.id, base)) return GENERAL;
    }
    const obj = base as Record<string, unknown>;
    const key = path.key;
    const child = obj[key];
    if (child === undefined || (path.guarded && !Object.prototype.hasOwnProperty.call(obj, key))) return undefined;
    if (typeof child !== 'object' || child === null) return undefined;
    return Array.isArray(child) ? GENERAL : child;
  }

  private parentDotted(id: number, node: object): boolean {
    if (this.keyStamp[id] !== this.generation) {
      this.keyStamp[id] = this.generation;
      this.dotted[id] = hasDottedKey(node) ? 2 : 1;
    }
    return this.dotted[id] === 2;
  }

  private grow(id: number): void {
    const size = Math.max(id + 1, this.stamp.length * 2);
    const stamp = new Uint32Array(size);
    stamp.set(this.stamp);
    const keyStamp = new Uint32Array(size);
    keyStamp.set(this.keyStamp);
    const dotted = new Uint8Array(size);
    dotted.set(this.dotted);
    this.stamp = stamp;
    this.keyStamp = keyStamp;
    this.dotted = dotted;
    this.nodes = this.nodes.concat(new Array<Container>(size - this.nodes.length).fill(undefined));
  }
}

/** Whether one of the object's own or inherited enumerable keys contains a dot (the keys read() may use). */
function hasDottedKey(node: object): boolean {
  for (const key in node) if (key.indexOf('.') !== -1) return true;
  return false;
}
