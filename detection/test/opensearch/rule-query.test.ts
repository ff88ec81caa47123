import type { SigmaProblem } from '../../src/sigma/types';
import { catalogFromFieldCaps, conditionToQuery, isProblem, logsourceQuery, rulePaths, ruleToQuery } from '../../src/opensearch';
import { any, contains, endswith, eq, ft, keywords, lit, mapping, num, ph, re, ref, rule, sel, startswith, str } from './fixtures/ir';

const family = { term: { 'event.action': 'strings' } };
const query = (r: ReturnType<typeof rule>, m = mapping('strings'), catalog?: ReturnType<typeof catalogFromFieldCaps>) => {
  const out = ruleToQuery(r, m, catalog ? { catalog } : {});
  if (isProblem(out)) throw new Error(out.message);
  return out.query;
};
const problem = (r: ReturnType<typeof rule>, m = mapping('strings')) => ruleToQuery(r, m) as SigmaProblem;
const detection = (test: Parameters<typeof ft>[1][number], field = 'Image') => {
  const q = query(rule({ s: sel(ft(field, [test])) })) as { bool: { filter: unknown[] } };
  return q.bool.filter[1];
};

describe('ruleToQuery: many values on one field', () => {
  it('refuses more patterns on one field than OpenSearch allows clauses, naming the limit', () => {
    const values = Array.from({ length: 1001 }, (_, i) => contains(`pkg${i}@1.0.0`));
    expect(problem(rule({ s: sel(ft('Image', values)) }))).toMatchObject({ code: 'HALONG_SIGMA_UNSUPPORTED', message: expect.stringContaining('1,024-clause limit') });
  });

  it('keeps up to 1,000 patterns as clauses', () => {
    const q = query(rule({ s: sel(ft('Image', Array.from({ length: 40 }, (_, i) => contains(`tool${i}.exe`)))) })) as { bool: { filter: { bool: { should: unknown[] } }[] } };
    expect(q.bool.filter[1]!.bool.should).toHaveLength(40);
  });
});

describe('ruleToQuery: compact DSL', () => {
  it('ANDs the logsource conditions with the detection', () => {
    expect(query(rule({ s: sel(ft('Image', [eq('x.exe', true)])) }))).toEqual({ bool: { filter: [family, { term: { 'process.executable': 'x.exe' } }] } });
  });

  it('uses the cheapest exact query per pattern shape', () => {
    const path = 'process.executable';
    expect(detection(eq('cmd.exe'))).toEqual({ term: { [path]: { value: 'cmd.exe', case_insensitive: true } } });
    expect(detection(eq('123'))).toEqual({ term: { [path]: '123' } });
    expect(detection(startswith('C:\\'))).toEqual({ prefix: { [path]: { value: 'C:\\', case_insensitive: true } } });
    expect(detection(endswith('\\cmd.exe'))).toEqual({ wildcard: { [path]: { value: '*\\\\cmd.exe', case_insensitive: true } } });
    expect(detection(str([lit('a'), any], true))).toEqual({ prefix: { [path]: { value: 'a' } } });
    expect(detection(str([any]))).toEqual({ exists: { field: path } });
    // k also equals the Kelvin sign, which OpenSearch's ASCII folding misses: a regexp with the orbit.
    expect(detection(contains('kb'))).toEqual({ regexp: { [path]: { value: '.*[Kk\u212A][Bb].*', flags: 'NONE', max_determinized_states: 1_000_000 } } });
    expect(detection(eq('émile'))).toEqual({ regexp: { [path]: { value: '[Éé][Mm][Ii][Ll][Ee]', flags: 'NONE', max_determinized_states: 1_000_000 } } });
  });

  it('merges the exact values of one field into a terms query', () => {
    const q = query(rule({ s: sel(ft('EventID', [eq('1'), eq('2'), num(3)])) }), mapping('strings'), catalogFromFieldCaps({ 'winlog.event_id': { long: { type: 'long', searchable: true, aggregatable: true } } }, false));
    expect((q as { bool: { filter: unknown[] } }).bool.filter[1]).toEqual({ terms: { 'winlog.event_id': [1, 2, 3] } });
  });

  it('ORs the paths of a field, and negates the whole entry', () => {
    const either = { bool: { should: [{ term: { 'file.hash.sha256': 'ab' } }, { term: { 'process.hash.sha256': 'ab' } }], minimum_should_match: 1 } };
    expect(detection(eq('ab', true), 'Hash')).toEqual(either);
    expect(query(rule({ s: sel(ft('Hash', [eq('ab', true)], { negate: true })) }))).toEqual({ bool: { filter: [family], must_not: [either] } });
  });

  it('with `all`, ANDs the tests, each over every path', () => {
    const q = query(rule({ s: sel(ft('CommandLine', [contains('a'), contains('b')], { all: true })) })) as { bool: { filter: unknown[] } };
    expect(q.bool.filter.slice(1)).toEqual([
      { wildcard: { 'process.command_line': { value: '*a*', case_insensitive: true } } },
      { wildcard: { 'process.command_line': { value: '*b*', case_insensitive: true } } },
    ]);
  });

  it('restricts each clause to the indices having its mapping when the types differ', () => {
    const catalog = catalogFromFieldCaps(
      {
        'winlog.event_id': {
          keyword: { type: 'keyword', searchable: true, aggregatable: true, indices: ['a'] },
          long: { type: 'long', searchable: true, aggregatable: true, indices: ['b'] },
        },
      },
      false,
    );
    const q = query(rule({ s: sel(ft('EventID', [startswith('46')])) }), mapping('strings'), catalog) as { bool: { filter: unknown[] } };
    const [kw, long] = (q.bool.filter[1] as { bool: { should: { bool: { filter: unknown[] } }[] } }).bool.should;
    expect(kw!.bool.filter).toEqual([{ terms: { _index: ['a'] } }, { prefix: { 'winlog.event_id': { value: '46' } } }]);
    expect(long!.bool.filter[0]).toEqual({ terms: { _index: ['b'] } });
    expect(long!.bool.filter[1]).toMatchObject({ script: { script: { lang: 'painless', params: { paths: ['winlog.event_id'], tokens: ['=46', '*'] } } } });
  });

  it('searches the keyword sub-field of a text field', () => {
    expect(detection(contains('failed'), 'Message')).toEqual({ wildcard: { 'message.keyword': { value: '*failed*', case_insensitive: true } } });
  });
});

describe('ruleToQuery: problems', () => {
  it('a field the pipeline does not map (HALONG_SIGMA_MAPPING), as the stream refuses it', () => {
    expect(problem(rule({ s: sel(ft('Nope', [eq('x')])) }))).toMatchObject({ code: 'HALONG_SIGMA_MAPPING', ruleId: 'test-rule', source: { file: 'test.yml' }, severity: 'error' });
  });

  it('an unknown placeholder (HALONG_SIGMA_MAPPING) and an unknown search (HALONG_SIGMA_REFERENCE)', () => {
    expect(problem(rule({ s: sel(ft('User', [str([ph('nope')])])) })).code).toBe('HALONG_SIGMA_MAPPING');
    expect(problem(rule({ s: sel(ft('User', [eq('x')])) }, ref('toString'))).code).toBe('HALONG_SIGMA_REFERENCE');
  });

  it('what Lucene cannot express exactly (HALONG_SIGMA_UNSUPPORTED, with the reason)', () => {
    expect(problem(rule({ s: sel(ft('Image', [re('\\bcmd')])) }))).toMatchObject({ code: 'HALONG_SIGMA_UNSUPPORTED', message: expect.stringMatching(/word boundary/) });
    expect(problem(rule({ s: sel(ft('ClientIp', [{ kind: 'cidr', network: 'fe80::/10' }])) })).message).toMatch(/IPv6 text/);
    expect(problem(rule({ s: sel(ft('Timestamp', [eq('2026*')])) })).message).toMatch(/date field/);
    expect(problem(rule({ s: sel(ft('Port', [re('^44')])) })).message).toMatch(/regex on destination.port/);
  });

  it('a bad regex or network is the rule’s fault (HALONG_SIGMA_VALUE)', () => {
    expect(problem(rule({ s: sel(ft('Image', [re('(a')])) })).code).toBe('HALONG_SIGMA_VALUE');
    expect(problem(rule({ s: sel(ft('DestinationIp', [{ kind: 'cidr', network: '10/8' }])) })).code).toBe('HALONG_SIGMA_VALUE');
  });

  it('a keyword search over every field needs the field list, and cannot test null', () => {
    expect(problem(rule({ k: keywords([eq('x')]) })).message).toMatch(/loadFieldCatalog/);
    const catalog = catalogFromFieldCaps({ 'user.name': { keyword: { type: 'keyword', searchable: true, aggregatable: true } } }, true);
    const out = ruleToQuery(rule({ k: keywords([{ kind: 'null' }]) }), mapping('x'), { catalog }) as SigmaProblem;
    expect(out.message).toMatch(/cannot test null/);
  });
});

describe('conditionToQuery, logsourceQuery, rulePaths', () => {
  it('builds a condition alone, and the logsource conditions alone', () => {
    expect(conditionToQuery(ref('s'), { s: sel(ft('Image', [eq('x', true)])) }, mapping('strings'))).toEqual({ query: { term: { 'process.executable': 'x' } } });
    expect(logsourceQuery(mapping('strings'))).toEqual({ query: family });
  });

  it('lists the paths a rule reads, or undefined when it reads every field', () => {
    const r = rule({ a: sel(ft('Hash', [eq('x')]), ft('ProcessName', [{ kind: 'fieldref', field: 'ParentName', position: 'eq', cased: false }])) });
    expect(rulePaths(r, mapping('f'))).toEqual(['event.action', 'file.hash.sha256', 'process.hash.sha256', 'process.name', 'process.parent.name']);
    expect(rulePaths(rule({ k: keywords([eq('x')]) }), mapping('f'))).toBeUndefined();
    expect(rulePaths(rule({ k: keywords([eq('x')]) }), mapping('f', { keywordFields: ['message'] }))).toEqual(['event.action', 'message']);
  });
});
