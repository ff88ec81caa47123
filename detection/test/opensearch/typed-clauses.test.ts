import { MATCH_NONE } from '../../src/opensearch/dsl';
import type { Target } from '../../src/opensearch/typed-clauses';
import { booleanClause, cidrClause, numberClause, regexClause, stringClause } from '../../src/opensearch/typed-clauses';
import { luceneToJs } from './fixtures/lucene-to-js';

const kw: Target = { path: 'f', type: 'keyword', kind: 'string', docValues: true };
const long: Target = { path: 'n', type: 'long', kind: 'integer', docValues: true };
const dbl: Target = { path: 'd', type: 'double', kind: 'float', docValues: true };
const ip: Target = { path: 'ip', type: 'ip', kind: 'ip', docValues: true };
const bool: Target = { path: 'b', type: 'boolean', kind: 'boolean', docValues: true };
const L = (text: string) => ({ kind: 'literal' as const, text });
const ANY = { kind: 'any' as const };

// The streaming matcher's numeric strings (engine/value-test.ts numericValue).
const STRICT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const streamNumber = (s: string) => (s.length <= 64 && STRICT.test(s) ? Number(s) : NaN);

type Dsl = Record<string, unknown>;
/** Whether a keyword value matches a clause made of regexps, terms and the numeric script (script evaluated as the stream would). */
function keywordMatches(q: Dsl, value: string, scriptEval: (params: Record<string, unknown>) => boolean): boolean {
  if ('regexp' in q) return luceneToJs((Object.values(q.regexp as object)[0] as { value: string }).value).test(value);
  if ('term' in q) return Object.values(q.term as object)[0] === value;
  if ('script' in q) return scriptEval((q.script as { script: { params: Record<string, unknown> } }).script.params);
  const b = (q as { bool: { filter?: Dsl[]; should?: Dsl[] } }).bool;
  if (b.filter) return b.filter.every((c) => keywordMatches(c, value, scriptEval));
  return b.should!.some((c) => keywordMatches(c, value, scriptEval));
}

describe('numberClause on keywords: the stream’s numeric strings', () => {
  const strings = ['4688', '04688', '+4688', '-4688', '4688.', '4688.0', '4688.000', '4.688e3', '46880e-1', '4688 ', ' 4688', '4688a', '', '.5', '0.5', '00.50', '0', '-0', '.0', '0.', '+.5', '1e21', '0x1250', '4689', '4687.9999', '9007199254740993', '4688.00000000000000001'];
  const cmp = { eq: (a: number, b: number) => a === b, lt: (a: number, b: number) => a < b, gt: (a: number, b: number) => a > b };
  it.each([
    [4688, 'eq'],
    [-4688, 'eq'],
    [0.5, 'eq'],
    [0, 'eq'],
    [9007199254740992, 'eq'],
    [4688, 'gt'],
    [0.5, 'lt'],
  ] as const)('%s %s selects what the stream selects', (value, op) => {
    const q = numberClause(kw, op, value);
    const script = (p: Record<string, unknown>) => (s: string) => cmp[p.op as 'eq'](streamNumber(s), p.value as number);
    for (const s of strings) {
      expect([s, keywordMatches(q, s, (p) => script(p)(s))]).toEqual([s, cmp[op](streamNumber(s), value)]);
    }
  });

  it('is a term or range on numeric fields', () => {
    expect(numberClause(long, 'eq', 4688)).toEqual({ term: { n: 4688 } });
    expect(numberClause(long, 'eq', 1.5)).toEqual(MATCH_NONE);
    expect(numberClause(dbl, 'eq', 1.5)).toEqual({ term: { d: 1.5 } });
    expect(numberClause(long, 'gte', 2)).toEqual({ range: { n: { gte: 2 } } });
    expect(numberClause(ip, 'eq', 1)).toEqual(MATCH_NONE);
  });
});

describe('stringClause on non-string fields: the value’s string form', () => {
  it('numbers: only canonical number text can match; wildcards run a script', () => {
    expect(stringClause(long, [L('4688')], false)).toEqual({ term: { n: 4688 } });
    expect(stringClause(long, [L('04688')], false)).toEqual(MATCH_NONE);
    expect(stringClause(long, [L('1.5')], false)).toEqual(MATCH_NONE);
    expect(stringClause(dbl, [L('1.5')], false)).toEqual({ term: { d: 1.5 } });
    expect(stringClause(dbl, [L('1E+21')], false)).toEqual({ term: { d: 1e21 } });
    expect(stringClause(dbl, [L('1E+21')], true)).toEqual(MATCH_NONE);
    expect(stringClause(long, [L('4'), ANY], false)).toMatchObject({ script: { script: { params: { paths: ['n'], tokens: ['=4', '*'], cased: false } } } });
  });

  it('booleans: decided up front against "true" and "false"', () => {
    expect(stringClause(bool, [L('TRUE')], false)).toEqual({ term: { b: true } });
    expect(stringClause(bool, [L('TRUE')], true)).toEqual(MATCH_NONE);
    expect(stringClause(bool, [ANY, L('e')], false)).toEqual({ exists: { field: 'b' } });
    expect(regexClause(bool, '^f', { i: false, m: false, s: false })).toEqual({ term: { b: false } });
  });

  it('IPs: literals as addresses, dotted prefixes as networks, the rest by script', () => {
    expect(stringClause(ip, [L('10.1.2.3')], false)).toEqual({ term: { ip: '10.1.2.3' } });
    expect(stringClause(ip, [L('nope')], false)).toEqual(MATCH_NONE);
    expect(stringClause(ip, [L('10.1.'), ANY], false)).toEqual({ term: { ip: '10.1.0.0/16' } });
    expect(stringClause(ip, [ANY, L('.1')], false)).toMatchObject({ script: { script: { params: { paths: ['ip'], tokens: ['*', '=.1'] } } } });
    expect(stringClause(ip, [ANY, L('mimikatz'), ANY], false)).toEqual(MATCH_NONE);
  });
});

describe('booleanClause and cidrClause', () => {
  it('booleans: the field, or "true"/"false" in any case in a keyword', () => {
    expect(booleanClause(bool, true)).toEqual({ term: { b: true } });
    expect(booleanClause(kw, false)).toEqual({ term: { f: { value: 'false', case_insensitive: true } } });
    expect(booleanClause(long, true)).toEqual(MATCH_NONE);
  });

  it('cidr: the ip field natively, a keyword by regexp (IPv4-mapped spelling included)', () => {
    expect(cidrClause(ip, 'fe80::1/10')).toEqual({ term: { ip: 'fe80::/10' } });
    const q = cidrClause(kw, '10.0.0.0/8') as { regexp: { f: { value: string } } };
    const re = luceneToJs(q.regexp.f.value);
    expect(['10.0.0.1', '::ffff:10.255.1.1', '::FFFF:10.1.1.1'].every((s) => re.test(s))).toBe(true);
    expect(['010.0.0.1', '11.0.0.1', '10.0.0', '::ffff:11.1.1.1', '10.0.0.256'].some((s) => re.test(s))).toBe(false);
    expect(cidrClause(long, '10.0.0.0/8')).toEqual(MATCH_NONE);
  });
});
