import { lowerForms, lowerText, pathRef, stringForm } from '../../src/engine/field-access';

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

  it('interns one reference per path, with its parent prefix and last segment', () => {
    expect(pathRef('a.b')).toBe(pathRef('a.b'));
    expect(pathRef('a.b').id).not.toBe(pathRef('a.c').id);
    const p = pathRef('x.y.toString');
    expect([p.parent, p.key, p.guarded]).toEqual([pathRef('x.y'), 'toString', true]);
    expect([pathRef('x').parent, pathRef('x').key, pathRef('x').guarded]).toEqual([undefined, 'x', false]);
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
