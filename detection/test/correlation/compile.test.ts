import { CorrelationEngine, compileCorrelations, ruleKey } from '../../src/correlation';
import { HOUR, MINUTE, T0, correlation, hit, rule } from './support';

const count = (id: string, rules: string[], extra: Partial<Parameters<typeof correlation>[0]> = {}) =>
  correlation({ id, type: 'event_count', rules, groupBy: ['User'], timespanMs: HOUR, condition: { ops: [{ op: 'gte', value: 2 }] }, ...extra });

describe('compileCorrelations', () => {
  it('resolves references by name to the rule id, and accepts hits naming the rule either way', () => {
    const { index, problems } = compileCorrelations([rule('id-1', { name: 'failed_login' }), count('c', ['failed_login'])]);
    expect(problems).toEqual([]);
    expect(index.get('c')?.refs).toEqual(['id-1']);
    const engine = new CorrelationEngine(index);
    engine.ingest(hit('id-1', T0, { User: 'bob' }));
    expect(engine.ingest(hit('failed_login', T0 + 1, { User: 'bob' }))).toHaveLength(1);
  });

  it('keys a rule by id, else name, else title', () => {
    expect(ruleKey({ id: 'i', name: 'n', title: 't' })).toBe('i');
    expect(ruleKey({ name: 'n', title: 't' })).toBe('n');
    expect(ruleKey({ title: 't' })).toBe('t');
  });

  it('leaves out broken correlations with a coded reason and keeps the rest', () => {
    const { index, problems } = compileCorrelations([
      rule('r'),
      count('ok', ['r']),
      count('dangling', ['nope']),
      correlation({ id: 'nofield', type: 'value_sum', rules: ['r'], timespanMs: HOUR, condition: { ops: [{ op: 'gt', value: 1 }] } }),
      correlation({ id: 'nocond', type: 'event_count', rules: ['r'], timespanMs: HOUR }),
      count('zero', ['r'], { timespanMs: 0 }),
      count('ok', ['r']),
      correlation({ id: 'badp', type: 'value_percentile', rules: ['r'], timespanMs: HOUR, condition: { ops: [{ op: 'gt', value: 1 }], field: 'x' }, raw: { correlation: { condition: { percentile: 150 } } } }),
    ]);
    expect(index.all().map((c) => c.id)).toEqual(['ok']);
    expect(problems.map((p) => [p.correlationId, p.code])).toEqual([
      ['dangling', 'HALONG_CORRELATION_REFERENCE'],
      ['nofield', 'HALONG_CORRELATION_INVALID'],
      ['nocond', 'HALONG_CORRELATION_INVALID'],
      ['zero', 'HALONG_CORRELATION_INVALID'],
      ['ok', 'HALONG_CORRELATION_INVALID'],
      ['badp', 'HALONG_CORRELATION_INVALID'],
    ]);
  });

  it('leaves out reference loops and what depends on them', () => {
    const { index, problems } = compileCorrelations([rule('r'), count('a', ['b']), count('b', ['a', 'r']), count('c', ['a']), count('d', ['r'])]);
    expect(index.all().map((c) => c.id)).toEqual(['d']);
    expect(problems.map((p) => [p.correlationId, p.code]).sort()).toEqual([
      ['a', 'HALONG_CORRELATION_CYCLE'],
      ['b', 'HALONG_CORRELATION_CYCLE'],
      ['c', 'HALONG_CORRELATION_REFERENCE'],
    ]);
  });

  it('completes temporal conditions: every distinct referenced rule; temporal_ordered: the whole sequence', () => {
    const { index } = compileCorrelations([
      rule('a'),
      rule('b'),
      correlation({ id: 't', type: 'temporal', rules: ['a', 'b', 'a'], timespanMs: MINUTE }),
      correlation({ id: 'o', type: 'temporal_ordered', rules: ['a', 'b', 'a'], timespanMs: MINUTE }),
    ]);
    expect(index.get('t')?.ops).toEqual([{ op: 'gte', value: 2 }]);
    expect(index.get('o')?.ops).toEqual([{ op: 'gte', value: 3 }]);
    expect(index.get('t')?.monotone).toBe(true);
  });

  it('maps Sigma fields to ECS paths per rule through the resolver', () => {
    const fieldPaths = (ruleId: string, field: string) => (ruleId === 'win' && field === 'ComputerName' ? ['host.name', 'host.hostname'] : [field]);
    const { index } = compileCorrelations([rule('win'), count('c', ['win'], { groupBy: ['ComputerName'] })], { fieldPaths });
    expect(index.correlationKeys(hit('win', T0, { 'host.hostname': 'ws-01' }))).toEqual([{ correlationId: 'c', groupKey: 'ComputerName=ws-01' }]);
    expect(index.requiredFields('win')).toEqual(['host.name', 'host.hostname']);
  });
});

describe('aliases (spec: internal_ip and remote_ip across two rules)', () => {
  const docs = [
    rule('e-500', { name: 'internal_error' }),
    rule('n-conn', { name: 'new_network_connection' }),
    correlation({
      id: 'alias',
      type: 'temporal',
      rules: ['internal_error', 'new_network_connection'],
      groupBy: ['internal_ip', 'remote_ip'],
      timespanMs: 10_000,
      aliases: {
        internal_ip: { internal_error: 'destination.ip', new_network_connection: 'source.ip' },
        remote_ip: { internal_error: 'source.ip', new_network_connection: 'destination.ip' },
      },
    }),
  ];
  const error = hit('e-500', T0, { 'destination.ip': '10.0.0.5', 'source.ip': '203.0.113.9' });
  const conn = hit('n-conn', T0 + 5000, { 'source.ip': '10.0.0.5', 'destination.ip': '203.0.113.9' });

  it('puts both rules, with their own field names, under one group key', () => {
    const { index } = compileCorrelations(docs);
    const key = 'internal_ip=10.0.0.5&remote_ip=203.0.113.9';
    expect(index.correlationKeys(error)).toEqual([{ correlationId: 'alias', groupKey: key }]);
    expect(index.correlationKeys(conn)).toEqual([{ correlationId: 'alias', groupKey: key }]);
    expect(index.requiredFields('internal_error').sort()).toEqual(['destination.ip', 'source.ip']);
  });

  it('fires when both happen within the timespan, not when the addresses are swapped', () => {
    const engine = new CorrelationEngine(compileCorrelations(docs).index);
    expect(engine.ingest(error)).toEqual([]);
    expect(engine.ingest(hit('n-conn', T0 + 1000, { 'source.ip': '203.0.113.9', 'destination.ip': '10.0.0.5' }))).toEqual([]);
    const [m] = engine.ingest(conn);
    expect(m?.groupValues).toEqual({ internal_ip: '10.0.0.5', remote_ip: '203.0.113.9' });
  });
});
