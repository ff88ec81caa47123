import { CachedView, DirectView } from '../../src/engine/event-view';
import { LeafList, MAX_LEAF_DEPTH, walkLeaves, type LeafVisitor } from '../../src/engine/leaf-walk';
import { random, type Random } from './random';

/** The walk's contract written the plain way: for-in everywhere, one call per node. */
function reference(event: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: unknown, depth: number): void => {
    if (typeof node === 'string') {
      out.push(node);
      return;
    }
    if (typeof node !== 'object' || node === null || depth >= MAX_LEAF_DEPTH) return;
    if (Array.isArray(node)) {
      for (let k = 0; k < node.length; k += 1) walk(node[k], depth + 1);
      return;
    }
    const fields = node as Record<string, unknown>;
    for (const key in fields) walk(fields[key], depth + 1);
  };
  for (const key in event) {
    if (key === 'event.original') continue;
    const value = event[key];
    if (key === 'event' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const fields = value as Record<string, unknown>;
      for (const inner in fields) if (inner !== 'original') walk(fields[inner], 2);
    } else walk(value, 1);
  }
  return out;
}

function randomValue(rnd: Random, depth: number): unknown {
  const roll = rnd.int(0, depth > 6 ? 4 : 7);
  if (roll <= 2) return `s${rnd.int(0, 99)}`;
  if (roll === 3) return rnd.pick([1, true, null, undefined, 2.5]);
  if (roll === 4) return rnd.bool() ? '' : `t${rnd.int(0, 9)}`;
  if (roll === 5) return Array.from({ length: rnd.int(0, 3) }, () => randomValue(rnd, depth + 1));
  const keys = ['a', 'b', 'original', 'event', 'event.original', 'x.y'];
  const obj: Record<string, unknown> = rnd.bool(0.1) ? (Object.create({ inherited: `i${rnd.int(0, 9)}` }) as Record<string, unknown>) : {};
  for (let k = rnd.int(0, 4); k > 0; k -= 1) obj[rnd.pick(keys)] = randomValue(rnd, depth + 1);
  return obj;
}

/** Stops at the n-th leaf, counting what it saw. */
class StopAt implements LeafVisitor {
  seen: string[] = [];
  constructor(private readonly n: number) {}
  visit(text: string): boolean {
    this.seen.push(text);
    return this.seen.length === this.n;
  }
}

describe('walkLeaves', () => {
  it('visits the leaves the plain for-in walk finds, in the same order, on random events', () => {
    const rnd = random(11);
    for (let n = 0; n < 2000; n += 1) {
      const event = randomValue(rnd, 0);
      if (typeof event !== 'object' || event === null || Array.isArray(event)) continue;
      const record = event as Record<string, unknown>;
      const list = new LeafList();
      expect(walkLeaves(record, list)).toBe(false);
      expect(list.raw).toEqual(reference(record));
    }
  });

  it('leaves out event.original (nested or flat) and walks arrays and inherited keys', () => {
    const child = Object.assign(Object.create({ inherited: 'from-proto' }) as object, { own: 'own' });
    const event = { event: { original: 'raw record', code: '1', nested: { original: 'kept' } }, 'event.original': 'flat record', a: ['x', ['y', { z: 'z' }], 3], c: child };
    const list = new LeafList();
    walkLeaves(event, list);
    expect(list.raw).toEqual(['1', 'kept', 'x', 'y', 'z', 'own', 'from-proto']);
  });

  it('stops at the first leaf the visitor stops at, and says so', () => {
    const event = { a: 'one', b: { c: ['two', 'three'] }, d: 'four' };
    for (let n = 1; n <= 4; n += 1) {
      const stop = new StopAt(n);
      expect(walkLeaves(event, stop)).toBe(true);
      expect(stop.seen).toEqual(['one', 'two', 'three', 'four'].slice(0, n));
    }
    expect(walkLeaves(event, new StopAt(5))).toBe(false);
  });

  it('does not descend below MAX_LEAF_DEPTH', () => {
    let deep: Record<string, unknown> = { leaf: 'bottom' };
    for (let i = 0; i < 100_000; i += 1) deep = { n: deep };
    const list = new LeafList();
    walkLeaves({ top: 'visible', deep, shallow: [[['s']]] }, list);
    expect(list.raw).toEqual(['visible', 's']);
  });
});

describe('FieldSource.someLeaf', () => {
  it('walks the event without building the leaf list, and uses the list once it exists', () => {
    let reads = 0;
    const event: Record<string, unknown> = { a: 'x' };
    Object.defineProperty(event, 'counted', {
      enumerable: true,
      get() {
        reads += 1;
        return 'y';
      },
    });
    for (const view of [new CachedView(), new DirectView(event)]) {
      if (view instanceof CachedView) view.reset(event);
      reads = 0;
      const stop = new StopAt(1);
      expect(view.someLeaf(stop)).toBe(true);
      // Stopped at the first leaf: the getter behind the second was never read.
      expect(reads).toBe(0);
      // Nothing partial was kept: the list holds every leaf.
      expect(view.leaves().raw).toEqual(['x', 'y']);
      expect(reads).toBe(1);
      const all = new StopAt(3);
      expect(view.someLeaf(all)).toBe(false);
      expect(all.seen).toEqual(['x', 'y']);
      expect(reads).toBe(1);
    }
  });
});
