// Each hand-built rule runs against real OpenSearch over the crafted events, in the real
// `<prefix>-events-*` indices made by the events template; the expected ids are what evaluating
// the rule's IR on those events selects, written out per case.
import { indexNames } from '@halong/core';
import type { OpenSearchClient } from '@halong/core/node';
import { createOpenSearchClient, putIndexTemplates } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import type { LogsourceMapping } from '../../src/mapping/types';
import type { SigmaRule } from '../../src/sigma/types';
import type { FieldCatalog } from '../../src/opensearch';
import { isProblem, loadFieldCatalog, ruleToQuery } from '../../src/opensearch';
import { indexEvents } from './fixtures/events';
import { any, contains, endswith, eq, ft, keywords, lit, mapping, num, one, ph, re, ref, rule, sel, startswith, str } from './fixtures/ir';

interface Case {
  name: string;
  rule: SigmaRule;
  mapping: LogsourceMapping;
  expected: string[];
}

const m = mapping;
const one1 = (family: string, field: string, test: Parameters<typeof ft>[1][number], expected: string[], opts?: Parameters<typeof ft>[2]): Case => ({
  name: `${family}: ${field} ${JSON.stringify(test)}${opts ? JSON.stringify(opts) : ''}`,
  rule: rule({ s: sel(ft(field, [test], opts)) }),
  mapping: m(family),
  expected,
});

const CASES: Case[] = [
  // numbers: numeric strings count for number tests; string tests see a number's String() form
  one1('numbers', 'EventID', num(4688), ['n01', 'n02', 'n03', 'n04', 'n05', 'n10', 'n11', 'n13']),
  one1('numbers', 'EventID', num(4688, 'gt'), ['n06', 'n12']),
  one1('numbers', 'EventID', num(4688, 'lte'), ['n01', 'n02', 'n03', 'n04', 'n05', 'n09', 'n10', 'n11', 'n13']),
  one1('numbers', 'EventID', num(4000, 'gt'), ['n01', 'n02', 'n03', 'n04', 'n05', 'n06', 'n10', 'n11', 'n12', 'n13']),
  one1('numbers', 'EventID', eq('4688'), ['n01', 'n02', 'n10', 'n11']),
  one1('numbers', 'EventID', startswith('46'), ['n01', 'n02', 'n04', 'n06', 'n07', 'n10', 'n11', 'n13']),
  one1('numbers', 'EventID', str([lit('46'), one, lit('8')]), ['n01', 'n02', 'n10', 'n11']),
  // a field typed differently across indices: each index gets the clause of its type
  one1('conflict', 'Value', startswith('1'), ['m01', 'm04']),
  one1('conflict', 'Value', num(10, 'gt'), ['m01', 'm04']),
  one1('conflict', 'Value', num(5), ['m02']),
  // fractions are doubles (a float would make 0.10000000001 equal 0.1)
  one1('conflict', 'Ratio', num(0.1, 'gt'), ['m02']),
  one1('conflict', 'Ratio', num(0.1), ['m01']),
  one1('conflict', 'Ratio', eq('0.10000000001'), ['m02']),
  // booleans
  one1('booleans', 'Elevated', { kind: 'boolean', value: true }, ['b01', 'b03']),
  one1('booleans', 'Elevated', { kind: 'boolean', value: false }, ['b02', 'b04']),
  one1('booleans', 'Elevated', eq('true'), ['b01', 'b03']),
  one1('booleans', 'Elevated', str([any, lit('e')]), ['b01', 'b02', 'b03', 'b04']),
  // strings: case-insensitive unless cased, wildcards over the whole value, escaping
  one1('strings', 'Image', endswith('\\cmd.exe'), ['s01', 's02', 's04']),
  one1('strings', 'Image', eq('C:\\Windows\\System32\\cmd.exe'), ['s01', 's02']),
  one1('strings', 'Image', eq('C:\\Windows\\System32\\cmd.exe', true), ['s01']),
  one1('strings', 'Image', startswith('c:\\windows\\'), ['s01', 's02', 's03']),
  one1('strings', 'Image', str([lit('C:\\Windows\\System32\\cm'), one, lit('.exe')]), ['s01', 's02']),
  one1('strings', 'Image', contains('a*b?'), ['s05']),
  one1('strings', 'Image', str([any]), ['s01', 's02', 's03', 's04', 's05', 's06']),
  one1('strings', 'Image', str([any, lit('.EXE')], true), ['s02']),
  // unicode: lower-casing as the stream does (ς is σ, K is k, ſ and ß stay themselves)
  one1('unicode', 'User', eq('émile'), ['u01', 'u02']),
  one1('unicode', 'User', contains('MIL'), ['u01', 'u02', 'u03']),
  one1('unicode', 'User', eq('σασ'), ['u06', 'u07']),
  one1('unicode', 'User', eq('KELVIN'), ['u08', 'u09']),
  one1('unicode', 'User', eq('SAM'), ['u11']),
  one1('unicode', 'User', eq('strasse'), ['u05']),
  one1('unicode', 'User', str([lit('straß'), any]), ['u04']),
  // long values
  one1('long', 'CommandLine', contains('badstuff'), ['l01']),
  one1('long', 'CommandLine', endswith('stuffBBBBBBBBBBBBBBBBBBBB'), ['l01']),
  // null, existence, arrays, negation
  one1('nulls', 'ParentName', { kind: 'null' }, ['z01', 'z02', 'z03', 'z04', 'z07']),
  one1('nulls', 'ParentName', { kind: 'exists', value: true }, ['z03', 'z04', 'z05', 'z06']),
  one1('nulls', 'ParentName', { kind: 'exists', value: false }, ['z01', 'z02', 'z07']),
  one1('nulls', 'ParentName', eq('x'), ['z05']),
  one1('nulls', 'ParentName', eq(''), ['z03', 'z04', 'z05']),
  one1('nulls', 'ParentName', eq('svchost.exe'), ['z01', 'z02', 'z03', 'z04', 'z05', 'z07'], { negate: true }),
  // IP addresses
  one1('ips', 'DestinationIp', { kind: 'cidr', network: '10.0.0.0/8' }, ['i01', 'i04']),
  one1('ips', 'ClientIp', { kind: 'cidr', network: '10.0.0.0/8' }, ['i01', 'i04']),
  one1('ips', 'DestinationIp', { kind: 'cidr', network: '2001:db8::/32' }, ['i03']),
  one1('ips', 'ClientIp', { kind: 'cidr', network: '192.168.1.0/28' }, ['i02']),
  one1('ips', 'DestinationIp', startswith('192.168.'), ['i02']),
  one1('ips', 'DestinationIp', startswith('10.1'), ['i01']),
  one1('ips', 'DestinationIp', eq('2001:DB8::1'), ['i03']),
  one1('ips', 'ClientIp', eq('2001:db8::1'), ['i03']),
  // regexes (RE2: unanchored, `.` stops at newlines, flags i/m/s)
  one1('regex', 'CommandLine', re('whoami\\s+/all'), ['x01', 'x04']),
  one1('regex', 'CommandLine', re('whoami\\s+/all', { i: true }), ['x01', 'x02', 'x04']),
  one1('regex', 'CommandLine', re('^whoami'), []),
  one1('regex', 'CommandLine', re('^whoami', { m: true }), ['x04']),
  one1('regex', 'CommandLine', re('\\d{3,}'), ['x05']),
  one1('regex', 'CommandLine', re('^cmd\\.exe /c whoami /all$'), ['x01']),
  one1('regex', 'CommandLine', re('admin|12345'), ['x03', 'x05']),
  one1('regex', 'CommandLine', re('1.whoami', { s: true }), ['x04']),
  one1('regex', 'CommandLine', re('1.whoami'), []),
  one1('regex', 'CommandLine', re('(?i)P@SS [/]ADD$'), ['x03']),
  one1('regex', 'CommandLine', contains('/all'), ['x01', 'x02', 'x04']),
  { name: 'regex: contains|all', rule: rule({ s: sel(ft('CommandLine', [contains('whoami'), contains('/ALL')], { all: true })) }), mapping: m('regex'), expected: ['x01', 'x02', 'x04'] },
  // field references
  one1('fieldref', 'ProcessName', { kind: 'fieldref', field: 'ParentName', position: 'eq', cased: false }, ['f01']),
  one1('fieldref', 'ProcessName', { kind: 'fieldref', field: 'ParentName', position: 'eq', cased: true }, []),
  one1('fieldref', 'ProcessName', { kind: 'fieldref', field: 'ParentName', position: 'startswith', cased: false }, ['f01', 'f03']),
  // several paths for one field
  one1('hashes', 'Hash', eq('abc'), ['h01', 'h02']),
  one1('hashes', 'Hash', eq('abc'), ['h03'], { negate: true }),
  // time parts
  one1('time', 'Timestamp', { kind: 'time-part', unit: 'hour', value: 10 }, ['t01']),
  one1('time', 'StartText', { kind: 'time-part', unit: 'hour', value: 21 }, ['t01']),
  one1('time', 'Timestamp', { kind: 'time-part', unit: 'week', value: 47 }, ['t01', 't02']),
  // placeholders: values are Sigma strings
  {
    name: 'placeholders: %admins%',
    rule: rule({ s: sel(ft('User', [str([ph('admins')])])) }),
    mapping: mapping('placeholders', { placeholders: { admins: ['root', 'adm*'] } }),
    expected: ['p01', 'p02'],
  },
  // keyword searches: over the pipeline's keyword fields, or every string field
  { name: 'keywords: message', rule: rule({ k: keywords([contains('failed password')]) }), mapping: mapping('keywords', { keywordFields: ['message'] }), expected: ['k01', 'k03'] },
  { name: 'keywords: every field', rule: rule({ k: keywords([eq('bob')]) }), mapping: m('keywords'), expected: ['k02'] },
  { name: 'keywords: all', rule: rule({ k: keywords([contains('password'), contains('ROOT')], true) }), mapping: m('keywords'), expected: ['k01'] },
  // conditions
  {
    name: 'condition: a and not b',
    rule: rule({ a: sel(ft('Image', [endswith('cmd.exe')])), b: sel(ft('Image', [startswith('D:')])) }, { kind: 'and', children: [ref('a'), { kind: 'not', child: ref('b') }] }),
    mapping: m('strings'),
    expected: ['s01', 's02'],
  },
  {
    name: 'condition: 2 of three',
    rule: rule(
      { a: sel(ft('Image', [contains('cmd')])), b: sel(ft('Image', [contains('windows')])), c: sel(ft('Image', [endswith('.bak')])) },
      { kind: 'of', count: 2, names: ['a', 'b', 'c'] },
    ),
    mapping: m('strings'),
    expected: ['s01', 's02', 's03'],
  },
  {
    name: 'condition: all of them, list of maps',
    rule: rule(
      { a: { kind: 'maps', alternatives: [[ft('Image', [startswith('D:')])], [ft('Image', [contains('system32')])]] }, b: sel(ft('Image', [endswith('.exe')])) },
      { kind: 'of', count: 'all', names: ['a', 'b'] },
    ),
    mapping: m('strings'),
    expected: ['s01', 's02', 's04'],
  },
];

describe('ruleToQuery against OpenSearch', () => {
  const config = testConfig();
  const names = indexNames(config.indexPrefix);
  let client: OpenSearchClient;
  let catalog: FieldCatalog;

  beforeAll(async () => {
    client = createOpenSearchClient(config);
    await putIndexTemplates(client, config.indexPrefix, 0);
    await indexEvents(client, config.indexPrefix);
    catalog = (await loadFieldCatalog(client, names.eventsPattern)).catalog;
  });

  afterAll(async () => {
    await client?.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client?.close();
  });

  it('maps the crafted fields as the cases assume', async () => {
    const types = (path: string) => catalog.variants(path).map((v) => v.type).sort();
    expect(types('winlog.event_id')).toEqual(['keyword', 'long']);
    expect(types('metrics.value')).toEqual(['keyword', 'long']);
    expect(types('flags.elevated')).toEqual(['boolean', 'keyword']);
    expect(types('destination.ip')).toEqual(['ip']);
    expect(types('client.ip')).toEqual(['keyword']);
    expect(types('message')).toEqual(['match_only_text']);
    // The template's dynamic rules: fractions are doubles, date-like strings stay keywords.
    expect(types('metrics.ratio')).toEqual(['double']);
    expect(types('event.start_text')).toEqual(['keyword']);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const built = ruleToQuery(c.rule, c.mapping, { catalog });
    if (isProblem(built)) throw new Error(built.message);
    const { body } = await client.search({ index: names.eventsPattern, body: { query: built.query, size: 200, _source: false } as never });
    expect(body._shards.failed).toBe(0);
    expect(body.hits.hits.map((h) => h._id).sort()).toEqual([...c.expected].sort());
  });
});
