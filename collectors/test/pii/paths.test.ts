import { compilePath, rewritePath, rewritePaths } from '../../src/pii/paths';

const upper = (text: string): { text: string; count: number } => (/secret/.test(text) ? { text: text.replace(/secret/g, 'X'), count: 1 } : { text, count: 0 });

describe('compilePath', () => {
  it('refuses empty and prototype-reaching paths', () => {
    expect(compilePath('user.id')).toMatchObject({ path: 'user.id', segments: ['user', 'id'] });
    for (const bad of ['', 'user..id', '__proto__.polluted', 'a.constructor.prototype']) expect(() => compilePath(bad)).toThrow(TypeError);
  });

  it('joins the keys each level may hold once, ahead of the events', () => {
    expect(compilePath('a.b.c').keys).toEqual([['a', 'a.b', 'a.b.c'], ['b', 'b.c'], ['c']]);
  });
});

describe('rewritePath over every split of a path', () => {
  const layouts: Record<string, unknown>[] = [
    { a: { b: { c: 'secret' } } },
    { 'a.b': { c: 'secret' } },
    { a: { 'b.c': 'secret' } },
    { 'a.b.c': 'secret' },
    { a: [{ 'b.c': ['secret'] }] },
  ];
  it.each(layouts.map((l) => [JSON.stringify(l), l] as const))('finds the string in %s', (_name, layout) => {
    const { value, count } = rewritePath(layout, compilePath('a.b.c'), upper);
    expect(count).toBe(1);
    expect(JSON.stringify(value)).toBe(JSON.stringify(layout).replace('secret', 'X'));
  });
});

describe('rewritePath and what a rewrite reports', () => {
  it('reads the text only when something was counted, and counts only positive numbers', () => {
    const shared = { text: 'never read', count: 0 };
    const event = { user: { id: 'a' }, list: ['b', ['c']] };
    for (const count of [0, -1, Number.NaN]) {
      const rewrite = (): { text: string; count: number } => ({ ...shared, count });
      expect(rewritePath(event, compilePath('user.id'), rewrite)).toEqual({ value: event, count: 0 });
      expect(rewritePath(event, compilePath('list'), rewrite).value).toBe(event);
    }
  });

  it('copies where a replacement was counted, even one that left the text as it was', () => {
    const event = { user: { id: 'a' }, host: { name: 'h' } };
    const { value, count } = rewritePath(event, compilePath('user.id'), (text) => ({ text, count: 2 })) as { value: typeof event; count: number };
    expect(count).toBe(2);
    expect(value).not.toBe(event);
    expect(value.user).not.toBe(event.user);
    expect(value.host).toBe(event.host);
  });
});

describe('rewritePaths', () => {
  it('applies the paths in turn, each on what the ones before made, and adds their counts', () => {
    const event = { user: { id: 'secret', name: 'secret' }, message: 'secret secret', host: { name: 'h' } };
    const paths = ['user.id', 'nothing.here', 'user.name', 'message'].map(compilePath);
    const { value, count } = rewritePaths(event, paths, upper) as { value: typeof event; count: number };
    expect(count).toBe(3);
    expect(value).toEqual({ user: { id: 'X', name: 'X' }, message: 'X X', host: { name: 'h' } });
    expect(value.host).toBe(event.host);
    expect(event.user).toEqual({ id: 'secret', name: 'secret' });
  });

  it('gives back the event itself when no path changed anything', () => {
    const event = { user: { id: 'ok' }, message: ['ok'] };
    expect(rewritePaths(event, ['user.id', 'message', 'user'].map(compilePath), upper)).toEqual({ value: event, count: 0 });
    expect(rewritePaths(event, ['user.id', 'message'].map(compilePath), upper).value).toBe(event);
  });
});

describe('rewritePath', () => {
  it('reaches nested, flat and mixed layouts, and strings inside arrays', () => {
    const event = { user: { id: 'secret' }, 'user.name': 'secret', related: { 'user.list': ['secret', 'ok', 3] }, list: [{ x: 'secret' }, { x: 'ok' }] };
    expect(rewritePath(event, compilePath('user.id'), upper)).toEqual({ value: { ...event, user: { id: 'X' } }, count: 1 });
    expect(rewritePath(event, compilePath('user.name'), upper).count).toBe(1);
    expect(rewritePath(event, compilePath('related.user.list'), upper)).toMatchObject({ count: 1, value: { related: { 'user.list': ['X', 'ok', 3] } } });
    expect(rewritePath(event, compilePath('list.x'), upper)).toMatchObject({ count: 1, value: { list: [{ x: 'X' }, { x: 'ok' }] } });
  });

  it('copies only along the changed path and never mutates the event', () => {
    const event = { user: { id: 'secret' }, host: { name: 'secret' } };
    const frozen = JSON.stringify(event);
    const { value } = rewritePath(event, compilePath('user.id'), upper) as { value: typeof event };
    expect(JSON.stringify(event)).toBe(frozen);
    expect(value).not.toBe(event);
    expect(value.host).toBe(event.host);
    expect(rewritePath(event, compilePath('nothing.here'), upper)).toEqual({ value: event, count: 0 });
  });

  it('leaves non-string leaves alone and survives cycles', () => {
    const cyclic: Record<string, unknown> = { n: 123456789 };
    cyclic.self = cyclic;
    const list: unknown[] = [];
    list.push(list);
    cyclic.list = list;
    expect(rewritePath(cyclic, compilePath('n'), upper).count).toBe(0);
    expect(rewritePath(cyclic, compilePath('self.self.self.n'), upper).count).toBe(0);
    expect(rewritePath(cyclic, compilePath('list.x'), upper).count).toBe(0);
  });
});
