import { pathRef } from '../../src/engine/field-access';
import { NestedReads } from '../../src/engine/nested-reads';
import { random, type Random } from './random';

const PATHS = ['a', 'a.b', 'a.b.c', 'a.b.c.d', 'a.x', 'b.c', 'a.b.toString', 'constructor', 'a.constructor.name', 'a.__proto__.constructor', 'winlog.event_data.Image'].map(pathRef);

/** Reads every path through one reused instance, as the matcher does across events. */
function readAll(reads: NestedReads, event: unknown): unknown[] {
  reads.reset(event);
  return PATHS.map((p) => reads.read(p));
}

const general = (event: unknown) => PATHS.map((p) => p.read(event));

describe('NestedReads', () => {
  const reads = new NestedReads(4);

  it('reads nested events one lookup per segment', () => {
    const event = { a: { b: { c: { d: 1 } }, x: 'y' }, winlog: { event_data: { Image: 'C:\\x.exe' } } };
    expect(readAll(reads, event)).toEqual(general(event));
    expect(reads.read(pathRef('winlog.event_data.Image'))).toBe('C:\\x.exe');
  });

  it('finds flat spellings wherever a dotted key sits on the way', () => {
    const events = [
      { 'a.b': { c: 1 } },
      { a: { 'b.c': 2 } },
      { a: { b: { 'c.d': 3 } } },
      { a: { b: { c: { d: 4 } } }, 'a.b.c.d': 5 },
      { 'winlog.event_data': { Image: 'flat' }, winlog: { event_data: { Image: 'nested' } } },
    ];
    for (const event of events) expect(readAll(reads, event)).toEqual(general(event));
    expect(readAll(reads, events[3])[3]).toEqual([4, 5]);
  });

  it('needs no check of the object holding the field: only one key can name it there', () => {
    const event = { a: { b: { c: 'v', 'x.y': 1 } } };
    expect(readAll(reads, event)).toEqual(general(event));
    expect(reads.read(pathRef('a.b.c'))).toBe('v');
  });

  it('hands arrays on the way, scalars, nulls and non-object events to the general reader', () => {
    const events: unknown[] = [
      { a: [{ b: { c: 1 } }, { b: [{ c: 2 }, { c: [3, [4]] }] }] },
      { a: 'scalar', b: null },
      { a: { b: null } },
      { a: { b: [] } },
      [{ a: 1 }],
      null,
      'text',
      {},
    ];
    for (const event of events) expect(readAll(reads, event)).toEqual(general(event));
  });

  it('reads Object.prototype names only as own properties', () => {
    const event = { a: { b: {}, constructor: { name: 'own' } } };
    expect(readAll(reads, event)).toEqual(general(event));
    expect(readAll(reads, {})).toEqual(general({}));
    expect(reads.read(pathRef('a.b.toString'))).toBeUndefined();
  });

  it('forgets the previous event: containers and their key checks are per event', () => {
    expect(readAll(reads, { a: { b: { c: 'first' } } })[2]).toBe('first');
    expect(readAll(reads, { 'a.b': { c: 'second' } })[2]).toBe('second');
    expect(readAll(reads, { a: { b: { c: 'third' } }, 'a.b.c': 'flat' })[2]).toEqual(['third', 'flat']);
    expect(readAll(reads, {})[2]).toBeUndefined();
  });

  it('grows for paths interned after it was created', () => {
    const small = new NestedReads(1);
    small.reset({ late: { nested: { path: 'x' } } });
    for (let i = 0; i < 50; i += 1) pathRef(`grow.filler${i}.leaf`);
    expect(small.read(pathRef('late.nested.path'))).toBe('x');
  });

  it('equals the general reader on random events with dotted keys and arrays anywhere', () => {
    const rnd = random(5);
    for (let n = 0; n < 3000; n += 1) {
      const event = randomNode(rnd, 0);
      expect(readAll(reads, event)).toEqual(general(event));
    }
  });
});

const KEYS = ['a', 'b', 'c', 'd', 'x', 'a.b', 'b.c', 'c.d', 'a.b.c', 'constructor', 'toString'];

function randomNode(rnd: Random, depth: number): unknown {
  const roll = rnd.next();
  if (depth > 0 && roll < 0.25) return rnd.pick(['v', 7, null, true]);
  if (depth > 0 && roll < 0.35) return Array.from({ length: rnd.int(0, 2) }, () => randomNode(rnd, depth + 1));
  const node: Record<string, unknown> = {};
  if (depth < 4) for (let k = rnd.int(0, 3); k > 0; k -= 1) node[rnd.pick(rnd.bool(0.8) ? KEYS.slice(0, 5) : KEYS)] = randomNode(rnd, depth + 1);
  return node;
}
