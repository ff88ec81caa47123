import { hasDottedKey, lowerForms, lowerText, pathRef, stringForm } from '../../src/engine/field-access';

const read = (path: string, event: unknown) => pathRef(path).read(event);

describe('pathRef().read', () => {
  it('reads nested objects', () => {
    expect(read('process.parent.executable', { process: { parent: { executable: 'a' } } })).toBe('a');
  });

  it('reads flat dotted keys and mixed spellings', () => {
    expect(read('process.parent.executable', { 'process.parent.executable': 'a' })).toBe('a');
    expect(read('process.parent.executable', { process: { 'parent.executable': 'b' } })).toBe('b');
    expect(read('process.parent.executable', { 'process.parent': { executable: 'c' } })).toBe('c');
  });

  it('returns every value when one event spells a field both ways', () => {
    expect(read('process.name', { process: { name: 'a' }, 'process.name': 'b' })).toEqual(['a', 'b']);
  });

  it('descends arrays along the path (any element) and flattens arrays at the leaf', () => {
    const event = { threat: [{ technique: { id: ['T1', 'T2'] } }, { technique: { id: 'T3' } }, { other: 1 }] };
    expect(read('threat.technique.id', event)).toEqual(['T1', 'T2', 'T3']);
    expect(read('tags', { tags: ['a', ['b', ['c']]] })).toEqual(['a', 'b', 'c']);
  });

  it('returns a flat leaf array as is, and an empty array as present-without-value', () => {
    const tags = ['a', 'b'];
    expect(read('tags', { tags })).toBe(tags);
    expect(read('x.tags', { x: { tags: [] } })).toEqual([]);
  });

  it('distinguishes absent (undefined) from null', () => {
    expect(read('a.b', { a: {} })).toBeUndefined();
    expect(read('a.b', { a: { b: null } })).toBeNull();
    expect(read('a.b', { a: 'scalar' })).toBeUndefined();
    expect(read('a', null)).toBeUndefined();
  });

  it('does not read inherited properties as fields', () => {
    expect(read('constructor', {})).toBeUndefined();
    expect(read('a.toString', { a: {} })).toBeUndefined();
    expect(read('constructor', { constructor: 'own' })).toBe('own');
  });

  it('interns one reference per path', () => {
    expect(pathRef('a.b')).toBe(pathRef('a.b'));
    expect(pathRef('a.b').id).not.toBe(pathRef('a.c').id);
  });

  it('stops descending arrays nested deeper than its bound', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 50; i += 1) deep = [deep];
    expect(read('v', { v: deep })).toEqual([]);
    expect(read('v', { v: [[['x']]] })).toEqual(['x']);
  });
});

describe('string forms', () => {
  it('gives numbers and booleans their written form and nothing for objects and null', () => {
    expect(stringForm(4688)).toBe('4688');
    expect(stringForm(1.5)).toBe('1.5');
    expect(stringForm(true)).toBe('true');
    expect(stringForm(null)).toBeUndefined();
    expect(stringForm({})).toBeUndefined();
  });

  it('lower-cases with full Unicode mappings, folding the context-dependent final sigma', () => {
    expect(lowerForms('ÄÖÜ ΣΑΣ İ')).toBe('äöü σασ i̇');
    expect(lowerText('Σ')).toBe(lowerText('ΑΣ').slice(1));
    expect(lowerForms(['A', 1, null, { x: 1 }])).toEqual(['a', '1']);
    expect(lowerForms(undefined)).toBeUndefined();
  });
});

describe('the nested reader', () => {
  const paths = ['process.command_line', 'winlog.event_data.TargetImage', 'a.b.c.d', 'tags'];
  const events: Record<string, unknown>[] = [
    { process: { command_line: 'x' } },
    { process: [{ command_line: 'a' }, { command_line: ['b', ['c']] }] },
    { winlog: { event_data: { TargetImage: [] } } },
    { a: [{ b: [{ c: { d: 1 } }, { c: [{ d: 2 }, { d: null }] }] }] },
    { tags: [['x'], 'y'] },
    { process: 'not an object', a: { b: 7 } },
  ];

  it('reads exactly what the general reader reads from events without dotted keys', () => {
    for (const event of events) {
      expect(hasDottedKey(event)).toBe(false);
      for (const p of paths) expect(pathRef(p).readNested(event)).toEqual(pathRef(p).read(event));
    }
  });

  it('is only used when no key anywhere holds a dot', () => {
    expect(hasDottedKey({ process: { 'command.line': 1 } })).toBe(true);
    expect(hasDottedKey({ list: [{ ok: 1 }, [{ 'a.b': 2 }]] })).toBe(true);
    expect(hasDottedKey({ 'process.command_line': 'x' })).toBe(true);
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100; i += 1) deep = (deep['n'] = {}) as Record<string, unknown>;
    // Too deep to be sure: answered "yes", so such an event is read the general way.
    expect(hasDottedKey(root)).toBe(true);
  });
});
