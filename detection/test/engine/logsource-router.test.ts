import { createStreamMatcher } from '../../src/engine';
import { compile, field, mapping, maps, rule, str } from './ir';

describe('logsource routing', () => {
  it('indexes a logsource by the condition it shares with the fewest others, so other logsources are not tested', () => {
    let reads = 0;
    const counted = {};
    Object.defineProperty(counted, 'b', {
      // Not enumerable: the one structural pass over an event (hasDottedKey) is not a read of the field.
      enumerable: false,
      get() {
        reads += 1;
        return 'yes';
      },
    });
    const condA = [field('event.module', str('windows')), field('event.dataset', str('a'))];
    const condB = [field('event.module', str('windows')), field('event.dataset', str('b')), field('only.b', str('yes'))];
    const ra = compile(rule({ sel: maps([field('x', str('1'))]) }, undefined, 'ra'), mapping({ key: 'a', conditions: condA }));
    const rb = compile(rule({ sel: maps([field('x', str('1'))]) }, undefined, 'rb'), mapping({ key: 'b', conditions: condB }));
    const m = createStreamMatcher([
      { rule: ra, conditions: condA },
      { rule: rb, conditions: condB },
    ]);
    expect(m.describe().indexedLogsources).toBe(2);
    const hits = m.match({ event: { module: 'windows', dataset: 'a' }, only: counted, x: '1' });
    expect(hits.map((h) => h.rule.rule.id)).toEqual(['ra']);
    expect(reads).toBe(0);
    expect(m.match({ event: { module: 'windows', dataset: 'b' }, only: counted, x: '1' }).map((h) => h.rule.rule.id)).toEqual(['rb']);
    expect(reads).toBe(1);
  });

  it('tests logsources without any literal condition on every event, and empty conditions match everything', () => {
    const onlyNull = [field('user.name', { kind: 'null' })];
    const r1 = compile(rule({ sel: maps([field('x', str('1'))]) }, undefined, 'null-user'), mapping({ key: 'n', conditions: onlyNull }));
    const r2 = compile(rule({ sel: maps([field('x', str('1'))]) }, undefined, 'anything'), mapping({ key: 'all' }));
    const m = createStreamMatcher([
      { rule: r1, conditions: onlyNull },
      { rule: r2, conditions: [] },
    ]);
    expect(m.match({ x: '1' }).map((h) => h.rule.rule.id)).toEqual(['null-user', 'anything']);
    expect(m.match({ x: '1', user: { name: 'bob' } }).map((h) => h.rule.rule.id)).toEqual(['anything']);
  });
});
