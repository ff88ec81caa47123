import { CachedView } from '../../src/engine/event-view';
import { pathRef } from '../../src/engine/field-access';
import { compileConditions } from '../../src/engine/logsource-conditions';
import { LogsourceRouter } from '../../src/engine/logsource-router';
import { memoPaths, RouteMemo } from '../../src/engine/route-memo';
import type { FieldTest } from '../../src/sigma/types';
import { contains, field, num, str } from './ir';
import { random } from './random';

describe('route memo', () => {
  it('applies only when every condition is a case-insensitive string test', () => {
    expect(memoPaths([[field('event.code', str('1'))], [field('event.dataset', str('a*')), field('event.code', str('2'))]])).toEqual([pathRef('event.code'), pathRef('event.dataset')]);
    expect(memoPaths([[field('event.code', str('1'))], [field('event.dataset', str('A', true))]])).toBeUndefined();
    expect(memoPaths([[field('event.code', num(1))]])).toBeUndefined();
    expect(memoPaths([[field('user.name', { kind: 'exists', value: true })]])).toBeUndefined();
  });

  it('remembers a route per list of raw values, and never hands it to different values', () => {
    // Two groups, one per path: whatever the values, both paths stay worth reading.
    const memo = new RouteMemo([[field('m.a', str('x'))], [field('m.b', str('y'))]]);
    const view = new CachedView();
    const on = (event: Record<string, unknown>) => {
      view.reset(event);
      return view;
    };
    const events: Record<string, unknown>[] = [
      { m: { a: 'x', b: 'y' } },
      { m: { a: 'xy' } },
      { m: { b: 'xy' } },
      { m: { a: ['x', 'y'] } },
      { m: { a: ['xy'] } },
      { m: { a: 'x1:y' } },
      { m: { a: ['s1:x'] } },
      { m: { a: ['x'] } },
      { m: { a: 's1:x' } },
      { m: { a: 1 } },
      { m: { a: '1' } },
      { m: { a: [1] } },
      { m: { a: ['1'] } },
      { m: { a: true } },
      { m: { a: 'true' } },
      { m: { a: '', b: '' } },
      { m: { a: '' } },
      { m: { a: { x: 1 } } },
      {},
    ];
    events.forEach((e, i) => {
      expect(memo.get(on(e))).toBeUndefined();
      memo.set(on(e), [i]);
    });
    expect(memo.size).toBe(events.length);
    events.forEach((e, i) => expect(memo.get(on(structuredClone(e)))).toEqual([i]));
    // Raw keys: a value that differs only in case is another entry, not a wrong route.
    expect(memo.get(on({ m: { a: 'X', b: 'y' } }))).toBeUndefined();
    memo.set(on({ m: { a: 'x'.repeat(300) } }), [99]);
    expect(memo.get(on({ m: { a: 'x'.repeat(300) } }))).toBeUndefined();
    expect(memo.size).toBe(events.length);
  });

  it('tells lists apart element by element, prefixes and lengths included', () => {
    const memo = new RouteMemo([[field('m.a', str('x'))]]);
    const view = new CachedView();
    const on = (a: unknown) => {
      view.reset({ m: { a } });
      return view;
    };
    const lists: unknown[][] = [[], ['x'], ['x', 'y'], ['x', 'y', 'x'], ['y', 'x'], [1, 'x'], ['1', 'x'], [true], ['true'], [10n]];
    lists.forEach((list, i) => {
      expect(memo.get(on(list))).toBeUndefined();
      memo.set(on(list), [i]);
    });
    expect(memo.size).toBe(lists.length);
    lists.forEach((list, i) => expect(memo.get(on(structuredClone(list)))).toEqual([i]));
    expect(memo.get(on(['x', 'y', 'x', 'y']))).toBeUndefined();
    expect(memo.get(on(['X']))).toBeUndefined();
    expect(memo.get(on('x'))).toBeUndefined();
    // No string form, so string tests see none of them: one entry serves all.
    memo.set(on(['x', null]), [7]);
    expect(memo.get(on(['x', { k: 'v' }]))).toEqual([7]);
    expect(memo.get(on(['x', undefined]))).toEqual([7]);
    // Too long to remember, in elements or in characters.
    memo.set(on(Array.from({ length: 17 }, () => 'x')), [8]);
    memo.set(on(['x'.repeat(200), 'y'.repeat(100)]), [9]);
    expect(memo.get(on(Array.from({ length: 17 }, () => 'x')))).toBeUndefined();
    expect(memo.get(on(['x'.repeat(200), 'y'.repeat(100)]))).toBeUndefined();
    expect(memo.size).toBe(lists.length + 1);
  });

  it('does not read a path that no group still possible tests', () => {
    let reads = 0;
    const event = (a: string) => {
      const m = { a, b: 'y' };
      Object.defineProperty(m, 'c', {
        enumerable: false,
        get() {
          reads += 1;
          return 'z';
        },
      });
      return { m };
    };
    const memo = new RouteMemo([[field('m.a', str('x')), field('m.c', str('z'))], [field('m.b', str('y'))]]);
    const view = new CachedView();
    view.reset(event('q'));
    memo.set(view, [1]);
    view.reset(event('q'));
    expect(memo.get(view)).toEqual([1]);
    expect(reads).toBe(0);
    view.reset(event('x'));
    expect(memo.get(view)).toBeUndefined();
    memo.set(view, [0, 1]);
    expect(reads).toBe(1);
    view.reset(event('X'));
    memo.set(view, [0, 1]);
    view.reset(event('x'));
    expect(memo.get(view)).toEqual([0, 1]);
    expect(memo.size).toBe(3);
  });

  it('routes like the conditions themselves, event after event', () => {
    const conditions: FieldTest[][] = [
      [field('event.code', str('1')), field('event.dataset', str('win*'))],
      [field('event.code', [str('1'), str('2')]), field('event.module', contains('sys'))],
      [field('event.dataset', str('lin')), field('event.module', str('?y?'), { negate: true })],
      [field('event.code', str('3')), field('event.module', [str('a'), str('b')], { all: true })],
    ];
    const groups = conditions.map((c) => ({ conditions: compileConditions(c), always: false }));
    expect(memoPaths(conditions)).toHaveLength(3);
    const memoized = new LogsourceRouter(groups, conditions);
    const plain = new LogsourceRouter(groups);
    const view = new CachedView();
    const rnd = random(3);
    const value = (choices: string[]) => (rnd.bool(0.2) ? undefined : rnd.bool(0.2) ? [rnd.pick(choices), rnd.pick(choices)] : rnd.pick(choices));
    for (let n = 0; n < 3000; n += 1) {
      const event = { event: { code: value(['1', '2', '3', 'x']), dataset: value(['WIN', 'windows', 'lin', 'l']), module: value(['sys', 'SYSMON', 'a', 'b', 'xyz']) } };
      view.reset(event);
      const expected: number[] = [];
      plain.route(view, expected);
      const actual: number[] = [];
      memoized.route(view, actual);
      expect(actual.sort()).toEqual(expected.sort());
      for (let g = 0; g < groups.length; g += 1) expect(memoized.matched(g)).toBe(expected.includes(g));
    }
  });
});
