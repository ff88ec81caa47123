import type { ValueTest } from '../../src/sigma/types';
import { compileRule, createStreamMatcher, isSigmaProblem } from '../../src/engine';
import { and, compile, compileField, contains, endswith, field, mapping, maps, not, num, ref, rule, startswith, str } from './ir';

const matches = (tests: ValueTest | ValueTest[], value: unknown, opts: { all?: boolean; negate?: boolean } = {}) =>
  compileField(field('f', tests, opts)).matches(value === undefined ? {} : { f: value });

describe('string tests', () => {
  it('are case-insensitive by default and exact with cased', () => {
    expect(matches(str('PowerShell.exe'), 'POWERSHELL.EXE')).toBe(true);
    expect(matches(str('PowerShell.exe', true), 'POWERSHELL.EXE')).toBe(false);
    expect(matches(str('PowerShell.exe', true), 'PowerShell.exe')).toBe(true);
  });

  it('lower-case Unicode on both sides', () => {
    expect(matches(contains('ÄRGER'), 'großer ärger')).toBe(true);
    expect(matches(contains('straße'), 'STRAßE')).toBe(true);
    expect(matches(endswith('ΣΟΣ'), 'x σοσ')).toBe(true);
  });

  it('compare numbers and booleans by their string form', () => {
    expect(matches(str('4688'), 4688)).toBe(true);
    expect(matches(str('46*'), 4688)).toBe(true);
    expect(matches(str('true'), true)).toBe(true);
    expect(matches(str('4688'), 4689)).toBe(false);
  });

  it('never match null, objects or absent fields', () => {
    expect(matches(str('*'), null)).toBe(false);
    expect(matches(str('*'), { a: 1 })).toBe(false);
    expect(matches(str('*'), undefined)).toBe(false);
    expect(matches(str('*'), '')).toBe(true);
  });

  it('match an array when any element does', () => {
    expect(matches(endswith('.exe'), ['a.dll', 'b.EXE'])).toBe(true);
    expect(matches(endswith('.exe'), ['a.dll', 'b.sys'])).toBe(false);
    expect(matches(str('x'), [])).toBe(false);
  });

  it('merge many exact values into one lookup without changing the result', () => {
    const values = Array.from({ length: 50 }, (_, i) => str(`Tool${i}.exe`));
    expect(matches([...values, contains('mimikatz')], 'TOOL37.EXE')).toBe(true);
    expect(matches([...values, contains('mimikatz')], 'x-MimiKatz-y')).toBe(true);
    expect(matches([...values, contains('mimikatz')], 'tool50.exe')).toBe(false);
  });
});

describe('all', () => {
  it('requires every test; on a single value they must all hold on it', () => {
    expect(matches([contains('-nop'), contains('-enc')], 'powershell -nop -enc AAA', { all: true })).toBe(true);
    expect(matches([contains('-nop'), contains('-enc')], 'powershell -nop', { all: true })).toBe(false);
  });

  it('on an array, each test may be satisfied by a different element (like a multi-valued field in OpenSearch)', () => {
    expect(matches([contains('-nop'), contains('-enc')], ['-nop', '-enc'], { all: true })).toBe(true);
    expect(matches([contains('-nop'), contains('-enc')], ['-nop', '-x'], { all: true })).toBe(false);
  });
});

describe('number tests', () => {
  it('accept numbers and decimal strings', () => {
    expect(matches(num(4688), 4688)).toBe(true);
    expect(matches(num(4688), '4688')).toBe(true);
    expect(matches(num(4688), '4688.0')).toBe(true);
    expect(matches(num(4688), '04688')).toBe(true);
    expect(matches(num(4688), 4689)).toBe(false);
  });

  it('refuse what is not a decimal number', () => {
    expect(matches(num(0), '')).toBe(false);
    expect(matches(num(16), '0x10')).toBe(false);
    expect(matches(num(4688), ' 4688')).toBe(false);
    expect(matches(num(1), true)).toBe(false);
    expect(matches(num(0), null)).toBe(false);
  });

  it('compare with lt/lte/gt/gte', () => {
    expect(matches(num(10, 'lt'), 9)).toBe(true);
    expect(matches(num(10, 'lt'), 10)).toBe(false);
    expect(matches(num(10, 'lte'), '10')).toBe(true);
    expect(matches(num(10, 'gt'), '10.5')).toBe(true);
    expect(matches(num(10, 'gte'), 9.99)).toBe(false);
  });
});

describe('boolean tests', () => {
  it('accept booleans and their spelling in any case', () => {
    const t: ValueTest = { kind: 'boolean', value: true };
    expect(matches(t, true)).toBe(true);
    expect(matches(t, 'TRUE')).toBe(true);
    expect(matches(t, false)).toBe(false);
    expect(matches(t, 1)).toBe(false);
  });
});

describe('null and exists', () => {
  const isNull: ValueTest = { kind: 'null' };
  it('null: absent, null, empty string, or only such values', () => {
    expect(matches(isNull, undefined)).toBe(true);
    expect(matches(isNull, null)).toBe(true);
    expect(matches(isNull, '')).toBe(true);
    expect(matches(isNull, [])).toBe(true);
    expect(matches(isNull, [null, ''])).toBe(true);
    expect(matches(isNull, [null, 'x'])).toBe(false);
    expect(matches(isNull, 0)).toBe(false);
    expect(matches(isNull, 'x')).toBe(false);
  });

  it('exists: the field is present, even when null or empty (spec: presence, not value)', () => {
    const exists = (value: boolean): ValueTest => ({ kind: 'exists', value });
    expect(matches(exists(true), 'x')).toBe(true);
    expect(matches(exists(true), null)).toBe(true);
    expect(matches(exists(true), '')).toBe(true);
    expect(matches(exists(true), undefined)).toBe(false);
    expect(matches(exists(false), undefined)).toBe(true);
    expect(matches(exists(false), 'x')).toBe(false);
  });
});

describe('negate (neq)', () => {
  it('inverts the whole entry, so an absent field is "not equal"', () => {
    expect(matches([str('a'), str('b')], 'c', { negate: true })).toBe(true);
    expect(matches([str('a'), str('b')], 'B', { negate: true })).toBe(false);
    expect(matches(str('a'), undefined, { negate: true })).toBe(true);
    expect(matches(num(5), '5', { negate: true })).toBe(false);
  });
});

describe('cidr', () => {
  const cidr = (network: string): ValueTest => ({ kind: 'cidr', network });
  it('matches IPv4 networks, including IPv4-mapped IPv6 spellings', () => {
    expect(matches(cidr('10.0.0.0/8'), '10.1.2.3')).toBe(true);
    expect(matches(cidr('10.0.0.0/8'), '11.1.2.3')).toBe(false);
    expect(matches(cidr('10.0.0.0/8'), '::ffff:10.1.2.3')).toBe(true);
    expect(matches(cidr('192.168.1.0/24'), ['8.8.8.8', '192.168.1.77'])).toBe(true);
    expect(matches(cidr('0.0.0.0/0'), '1.2.3.4')).toBe(true);
    expect(matches(cidr('1.2.3.4/32'), '1.2.3.4')).toBe(true);
  });

  it('refuses what is not an address', () => {
    expect(matches(cidr('10.0.0.0/8'), '10.1.2')).toBe(false);
    expect(matches(cidr('10.0.0.0/8'), '10.1.2.300')).toBe(false);
    expect(matches(cidr('10.0.0.0/8'), '010.1.2.3')).toBe(false);
    expect(matches(cidr('10.0.0.0/8'), 'host10.1.2.3')).toBe(false);
    expect(matches(cidr('10.0.0.0/8'), 167837955)).toBe(false);
  });

  it('matches IPv6 networks', () => {
    expect(matches(cidr('fe80::/10'), 'fe80::1')).toBe(true);
    expect(matches(cidr('fe80::/10'), 'FE80::abcd%eth0')).toBe(true);
    expect(matches(cidr('fe80::/10'), '2001:db8::1')).toBe(false);
    expect(matches(cidr('fe80::/10'), '10.1.2.3')).toBe(false);
  });

  it('reports an invalid network as a problem', () => {
    const result = compileRule(rule({ sel: maps([field('f', cidr('10.0.0.0/33'))]) }), mapping());
    expect(isSigmaProblem(result) && result.code).toBe('HALONG_SIGMA_VALUE');
  });
});

describe('fieldref', () => {
  const refTo = (position: 'eq' | 'startswith' | 'endswith' | 'contains', cased = false): ValueTest => ({ kind: 'fieldref', field: 'other', position, cased });
  const check = (t: ValueTest, f: unknown, other: unknown) => compileField(field('f', t)).matches({ f, other });

  it('compares with another field of the event', () => {
    expect(check(refTo('eq'), 'Admin', 'admin')).toBe(true);
    expect(check(refTo('eq', true), 'Admin', 'admin')).toBe(false);
    expect(check(refTo('startswith'), 'C:\\Users\\bob\\x.exe', 'c:\\users\\bob')).toBe(true);
    expect(check(refTo('endswith'), 'C:\\Users\\bob\\x.exe', 'X.EXE')).toBe(true);
    expect(check(refTo('contains'), 'a-bob-b', 'BOB')).toBe(true);
    expect(check(refTo('contains'), 'a-bob-b', 'alice')).toBe(false);
  });

  it('is false when either field is absent, and compares numbers by string form', () => {
    expect(check(refTo('eq'), 'x', undefined)).toBe(false);
    expect(check(refTo('eq'), undefined, 'x')).toBe(false);
    expect(check(refTo('eq'), 42, '42')).toBe(true);
    expect(check(refTo('eq'), ['a', 'b'], ['c', 'B'])).toBe(true);
  });
});

describe('time-part', () => {
  const part = (unit: 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year', value: number): ValueTest => ({ kind: 'time-part', unit, value });
  const ts = '2024-12-30T23:45:00+02:00'; // 21:45 UTC, Monday of ISO week 1 of 2025

  it('reads the UTC parts of an ISO timestamp', () => {
    expect(matches(part('minute', 45), ts)).toBe(true);
    expect(matches(part('hour', 21), ts)).toBe(true);
    expect(matches(part('hour', 23), ts)).toBe(false);
    expect(matches(part('day', 30), ts)).toBe(true);
    expect(matches(part('month', 12), ts)).toBe(true);
    expect(matches(part('year', 2024), ts)).toBe(true);
    expect(matches(part('week', 1), ts)).toBe(true);
  });

  it('reads epoch milliseconds and ignores what is not an ISO-8601 time', () => {
    expect(matches(part('year', 2021), Date.UTC(2021, 5, 1))).toBe(true);
    expect(matches(part('year', 2021), 'not a date')).toBe(false);
    expect(matches(part('year', 2001), '4')).toBe(false);
    expect(matches(part('month', 5), 'May 3, 2021')).toBe(false);
    expect(matches(part('minute', 0), null)).toBe(false);
  });

  it('reads a date-time without a zone as UTC, whatever the server time zone', () => {
    expect(matches(part('hour', 23), '2024-06-01T23:10:00')).toBe(true);
    expect(matches(part('hour', 23), '2024-06-01 23:10:00.123')).toBe(true);
    expect(matches(part('hour', 21), '2024-06-01T23:10:00+0200')).toBe(true);
    expect(matches(part('day', 1), '2024-06-01')).toBe(true);
  });

  it('computes ISO weeks at year boundaries', () => {
    expect(matches(part('week', 53), '2021-01-03T12:00:00Z')).toBe(true);
    expect(matches(part('week', 1), '2021-01-04T12:00:00Z')).toBe(true);
    expect(matches(part('week', 52), '2023-12-31T00:00:00Z')).toBe(true);
  });
});

describe('placeholders', () => {
  it('expand to the pipeline values as OR', () => {
    const m = mapping({ placeholders: { Admins: ['root', 'adm*'] } });
    const c = compileField(field('user', str('%Admins%')), m);
    expect(c.matches({ user: 'ROOT' })).toBe(true);
    expect(c.matches({ user: 'administrator' })).toBe(true);
    expect(c.matches({ user: 'bob' })).toBe(false);
  });

  it('a placeholder defined with no values matches nothing, also through the indexed matcher', () => {
    const m = mapping({ placeholders: { known_dcs: [] } });
    const r = compile(rule({ sel: maps([field('user', str('*'))]), dc: maps([field('host', str('%known_dcs%'))]) }, and(ref('sel'), not(ref('dc')))), m);
    expect(r.matches({ user: 'x', host: 'dc1' })).toBe(true);
    const onlyDc = compile(rule({ sel: maps([field('host', str('%known_dcs%'))]) }), m);
    expect(onlyDc.matches({ host: '' })).toBe(false);
    const matcher = createStreamMatcher([{ rule: r, conditions: [] }, { rule: onlyDc, conditions: [] }]);
    expect(matcher.match({ user: 'x', host: 'dc1' }).map((h) => h.index)).toEqual([0]);
  });

  it('an unknown placeholder is a HALONG_SIGMA_MAPPING problem', () => {
    const result = compileRule(rule({ sel: maps([field('user', str('%Nope%'))]) }), mapping());
    expect(isSigmaProblem(result) && result.code).toBe('HALONG_SIGMA_MAPPING');
  });
});

describe('several ECS paths for one Sigma field', () => {
  it('are OR-ed', () => {
    const m = mapping({ fields: { Image: ['process.executable', 'process.pe.original_file_name'] } });
    const c = compileField(field('Image', startswith('c:\\tools')), m);
    expect(c.matches({ process: { pe: { original_file_name: 'C:\\Tools\\x.exe' } } })).toBe(true);
    expect(c.matches({ process: { executable: 'C:\\Tools\\x.exe' } })).toBe(true);
    expect(c.matches({ process: { executable: 'D:\\x.exe' } })).toBe(false);
    expect(c.fields).toEqual(['process.executable', 'process.pe.original_file_name']);
  });
});
