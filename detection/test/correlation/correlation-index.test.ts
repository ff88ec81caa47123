import { CorrelationEngine, compileCorrelations } from '../../src/correlation';
import { HOUR, T0, correlation, hit, rule } from './support';

const count = (id: string, rules: string[], extra: Partial<Parameters<typeof correlation>[0]> = {}) =>
  correlation({ id, type: 'event_count', rules, groupBy: ['User'], timespanMs: HOUR, condition: { ops: [{ op: 'gte', value: 2 }] }, ...extra });

describe('CorrelationIndex', () => {
  it('a hit feeds every correlation that references its rule; a hit without a group field feeds none of them', () => {
    const { index } = compileCorrelations([rule('r'), count('by-user', ['r']), count('by-host', ['r'], { groupBy: ['host.name'] }), count('all', ['r'], { groupBy: [] })]);
    expect(index.correlationKeys(hit('r', T0, { User: 'a b&c=d', 'host.name': 'h1' }))).toEqual([
      { correlationId: 'by-user', groupKey: 'User=a%20b%26c%3Dd' },
      { correlationId: 'by-host', groupKey: 'host.name=h1' },
      { correlationId: 'all', groupKey: '' },
    ]);
    expect(index.correlationKeys(hit('r', T0, { User: 'bob' })).map((k) => k.correlationId)).toEqual(['by-user', 'all']);
    expect(index.correlationKeys(hit('other', T0, { User: 'bob' }))).toEqual([]);
  });

  it('counts a record whose hit lacks the group field', () => {
    const { index } = compileCorrelations([rule('r'), count('c', ['r'])]);
    const engine = new CorrelationEngine(index);
    engine.process({ correlationId: 'c', groupKey: '', hit: hit('r', T0, {}) });
    engine.process({ correlationId: 'gone', groupKey: '', hit: hit('r', T0, { User: 'x' }) });
    expect(engine.counters()).toMatchObject({ missingGroupField: 1, unknownCorrelation: 1, accepted: 0 });
  });

  it('generate: a rule alerts on its own unless a correlation referencing it says generate: false', () => {
    const { index } = compileCorrelations([
      rule('quiet'),
      rule('loud'),
      rule('mixed'),
      rule('alone'),
      count('c1', ['quiet', 'mixed']),
      count('c2', ['loud', 'mixed'], { generate: true }),
      count('outer', ['c2']),
    ]);
    expect(index.standalone('quiet')).toBe(false);
    expect(index.standalone('loud')).toBe(true);
    expect(index.standalone('mixed')).toBe(false);
    expect(index.standalone('alone')).toBe(true);
    expect(index.standalone('c1')).toBe(true);
    expect(index.standalone('c2')).toBe(false);
  });
});
