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

  it('gives different value lists different keys, and alike ones the same', () => {
    const memo = new RouteMemo([pathRef('m.a'), pathRef('m.b')]);
    const view = new CachedView();
    const key = (event: Record<string, unknown>) => {
      view.reset(event);
      return memo.key(view);
    };
    const keys = [
      key({ m: { a: 'x', b: 'y' } }),
      key({ m: { a: 'xy' } }),
      key({ m: { b: 'xy' } }),
      key({ m: { a: ['x', 'y'] } }),
      key({ m: { a: 'x1:y' } }),
      key({ m: { a: '', b: '' } }),
      key({ m: { a: '' } }),
      key({}),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(key({ m: { a: 'X', b: ['Y'] } })).toBe(keys[0]);
    expect(key({ m: { a: [], b: null } })).toBe(keys[7]);
    expect(key({ m: { a: 'x'.repeat(600) } })).toBeUndefined();
  });

  it('routes like the conditions themselves, event after event', () => {
    const conditions: FieldTest[][] = [
      [field('event.code', str('1')), field('event.dataset', str('win*'))],
      [field('event.code', [str('1'), str('2')]), field('event.module', contains('sys'))],
      [field('event.dataset', str('lin')), field('event.module', str('?y?'), { negate: true })],
      [field('event.code', str('3')), field('event.module', [str('a'), str('b')], { all: true })],
    ];
    const groups = conditions.map((c) => ({ conditions: compileConditions(c), always: false }));
    const paths = memoPaths(conditions);
    expect(paths).toHaveLength(3);
    const memoized = new LogsourceRouter(groups, paths);
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
