import { compilePath, rewritePath } from '../../src/pii/paths';

const upper = (text: string): { text: string; count: number } => (/secret/.test(text) ? { text: text.replace(/secret/g, 'X'), count: 1 } : { text, count: 0 });

describe('compilePath', () => {
  it('refuses empty and prototype-reaching paths', () => {
    expect(compilePath('user.id')).toEqual({ path: 'user.id', segments: ['user', 'id'] });
    for (const bad of ['', 'user..id', '__proto__.polluted', 'a.constructor.prototype']) expect(() => compilePath(bad)).toThrow(TypeError);
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
