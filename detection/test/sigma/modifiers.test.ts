import { KNOWN_MODIFIERS } from '../../src/sigma/modifiers';
import { ANY, fieldTest, lit, parseRule, ruleErrors, str, valueTests } from './helpers';

const errorOf = (entry: string): string => {
  const errors = ruleErrors(`    sel:\n        ${entry}\n    condition: sel`);
  expect(errors).toHaveLength(1);
  return `${errors[0]?.code} ${errors[0]?.message}`;
};

describe('generic modifiers', () => {
  it('contains, startswith and endswith fold into wildcards without doubling them', () => {
    expect(valueTests("a|contains: 'foobar'")).toEqual([str([ANY, lit('foobar'), ANY])]);
    expect(valueTests("a|contains: '*foobar'")).toEqual([str([ANY, lit('foobar'), ANY])]);
    expect(valueTests("a|startswith: 'adm_'")).toEqual([str([lit('adm_'), ANY])]);
    expect(valueTests("a|endswith: '\\cmd.exe'")).toEqual([str([ANY, lit('\\cmd.exe')])]);
    expect(valueTests("a|endswith: '*foobar'")).toEqual([str([ANY, lit('foobar')])]);
  });

  it('all links the values with AND', () => {
    const t = fieldTest("a|contains|all: ['x', 'y']");
    expect(t.all).toBe(true);
    expect(t.tests).toHaveLength(2);
  });

  it("refuses all on a single value (\"Single item values are not allowed to have an all modifier\")", () => {
    expect(errorOf("a|contains|all: 'x'")).toBe("HALONG_SIGMA_MODIFIER modifier 'all' needs a list of at least two values");
  });

  it('exists takes a boolean and needs a field', () => {
    expect(valueTests('a|exists: true')).toEqual([{ kind: 'exists', value: true }]);
    expect(valueTests('a|exists: false')).toEqual([{ kind: 'exists', value: false }]);
    expect(errorOf("a|exists: 'yes'")).toContain("modifier 'exists' cannot be applied to a string");
    expect(errorOf('a|contains|exists: true')).toContain("modifier 'exists' must come before 'contains'");
  });

  it('cased makes strings case-sensitive; strings are case-insensitive by default', () => {
    expect(valueTests("a|cased: 'Foo'")).toEqual([str([lit('Foo')], true)]);
    expect(valueTests("a|contains|cased: 'Foo'")).toEqual([str([ANY, lit('Foo'), ANY], true)]);
    expect(valueTests("a: 'Foo'")).toEqual([str([lit('Foo')], false)]);
  });

  it('neq negates the whole entry, for strings and numbers', () => {
    const t = fieldTest("a|neq: ['x', 'y']");
    expect(t.negate).toBe(true);
    expect(t.all).toBe(false);
    expect(fieldTest('a|neq: 5')).toMatchObject({ negate: true, tests: [{ kind: 'number', op: 'eq', value: 5 }] });
  });

  it('names an unknown modifier', () => {
    expect(errorOf("a|contain: 'x'")).toBe("HALONG_SIGMA_MODIFIER unknown modifier 'contain'");
    expect(errorOf("a|Contains: 'x'")).toBe("HALONG_SIGMA_MODIFIER unknown modifier 'Contains'");
  });

  it('lists every modifier of the appendix', () => {
    const spec = ['all', 'startswith', 'endswith', 'contains', 'exists', 'cased', 'neq', 'windash', 're', 'i', 'm', 's', 'base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide', 'lt', 'lte', 'gt', 'gte', 'minute', 'hour', 'day', 'week', 'month', 'year', 'cidr', 'expand', 'fieldref'];
    expect(KNOWN_MODIFIERS).toEqual(expect.arrayContaining(spec));
  });
});

describe('string modifiers', () => {
  it('windash with contains gives the five dash variants in one entry', () => {
    const tests = valueTests("CommandLine|contains|windash: ' -enc '");
    expect(tests).toEqual(['-', '/', '\u2013', '\u2014', '\u2015'].map((d) => str([ANY, lit(` ${d}enc `), ANY])));
  });

  it('windash with all keeps AND over the written values: one OR-entry per value', () => {
    const search = ruleErrorsFree("    sel:\n        a|windash|contains|all: [' -a', ' -b']\n    condition: sel");
    expect(search).toHaveLength(2);
    expect(search.map((t) => [t.all, t.tests.length])).toEqual([[false, 5], [false, 5]]);
  });

  it('refuses windash expansions beyond 5^5 variants', () => {
    expect(errorOf("a|windash: '-a -b -c -d -e -f'")).toContain("modifier 'windash' cannot be applied to a string: it would produce 15625 variants (limit 3125)");
    expect(valueTests("a|windash: '-a -b -c -d -e'")).toHaveLength(3125);
  });

  it('re keeps the value as written and reads the i, m, s flags', () => {
    expect(valueTests("a|re: 'foo?bar.*\\d'")).toEqual([{ kind: 'regex', source: 'foo?bar.*\\d', flags: { i: false, m: false, s: false } }]);
    expect(valueTests("a|re|i|m|s: 'x'")).toEqual([{ kind: 'regex', source: 'x', flags: { i: true, m: true, s: true } }]);
    expect(valueTests("a|re|ignorecase|multiline|dotall: 'x'")).toEqual([{ kind: 'regex', source: 'x', flags: { i: true, m: true, s: true } }]);
    expect(valueTests("a|re: '(?i)x\\*'")).toEqual([{ kind: 'regex', source: '(?i)x\\*', flags: { i: false, m: false, s: false } }]);
  });

  it('re with startswith/endswith anchors the unanchored search; contains leaves it', () => {
    expect(valueTests("a|re|startswith: 'x|y'")).toMatchObject([{ source: '^(?:x|y)' }]);
    expect(valueTests("a|re|endswith: 'x'")).toMatchObject([{ source: '(?:x)$' }]);
    expect(valueTests("a|re|endswith: 'x$'")).toMatchObject([{ source: 'x$' }]);
    expect(valueTests("a|re|contains: 'x'")).toMatchObject([{ source: 'x' }]);
  });

  it('rejects regexes outside the supported flavour and modifiers before re', () => {
    expect(errorOf("a|re: '(a'")).toMatch(/^HALONG_SIGMA_VALUE invalid regular expression '\(a'/);
    expect(errorOf("a|re: '(?<=a)b'")).toMatch(/^HALONG_SIGMA_VALUE invalid regular expression/);
    expect(errorOf("a|base64|re: 'x'")).toContain("modifier 're' must come before 'base64'");
    expect(errorOf("a|i: 'x'")).toContain("modifier 'i' cannot be applied to a string");
  });

  it('base64 and base64offset encode; wildcards are refused', () => {
    expect(valueTests("a|base64: 'foobar'")).toEqual([str([lit('Zm9vYmFy')])]);
    expect(valueTests("a|base64offset|contains: 'foobar'")).toEqual(['Zm9vYmFy', 'Zvb2Jhc', 'mb29iYX'].map((t) => str([ANY, lit(t), ANY])));
    expect(errorOf("a|base64: 'foo*bar'")).toContain('cannot be base64-encoded');
    expect(valueTests("a|base64: 'foo\\*bar'")).toEqual([str([lit('Zm9vKmJhcg==')])]);
  });

  it('utf16le, wide, utf16be and utf16 encode before base64', () => {
    expect(valueTests("a|utf16le|base64: 'cmd'")).toEqual([str([lit('YwBtAGQA')])]);
    expect(valueTests("a|wide|base64offset|contains: 'cmd'")).toEqual(['YwBtAGQA', 'MAbQBkA', 'jAG0AZA'].map((t) => str([ANY, lit(t), ANY])));
    expect(valueTests("a|utf16be|base64: 'cmd'")).toEqual([str([lit('AGMAbQBk')])]);
    expect(valueTests("a|utf16|base64: 'cmd'")).toEqual([str([lit('//5jAG0AZAA=')])]);
  });

  it('expand turns %name% into a placeholder; without expand it is literal', () => {
    expect(valueTests("a|expand: '%Servers%'")).toEqual([str([{ kind: 'placeholder', name: 'Servers' }])]);
    expect(valueTests("a|contains|expand: 'x%DomainControllers%'")).toEqual([str([ANY, lit('x'), { kind: 'placeholder', name: 'DomainControllers' }, ANY])]);
    expect(valueTests("a: '%Servers%'")).toEqual([str([lit('%Servers%')])]);
    expect(errorOf("a|re|expand: '%x%'")).toContain('placeholders in regular expressions are not supported');
  });

  it('a YAML number given to a string modifier is read as written', () => {
    expect(valueTests('EventID|startswith: 46')).toEqual([str([lit('46'), ANY])]);
  });
});

describe('numeric, time, IP and field-reference modifiers', () => {
  it('lt, lte, gt, gte compare numbers', () => {
    for (const op of ['lt', 'lte', 'gt', 'gte'] as const) expect(valueTests(`a|${op}: 10`)).toEqual([{ kind: 'number', op, value: 10 }]);
    expect(valueTests('a: 4688')).toEqual([{ kind: 'number', op: 'eq', value: 4688 }]);
    expect(errorOf("a|gt: '10'")).toContain("modifier 'gt' cannot be applied to a string: it needs a YAML number");
  });

  it('minute … year compare a part of a timestamp, within the appendix ranges', () => {
    for (const unit of ['minute', 'hour', 'day', 'week', 'month', 'year'] as const) {
      expect(valueTests(`ts|${unit}: 5`)).toEqual([{ kind: 'time-part', unit, value: 5 }]);
    }
    expect(errorOf('ts|hour: 24')).toContain('24 is outside 0..23');
    expect(errorOf('ts|month: 0')).toContain('0 is outside 1..12');
    expect(errorOf('ts|week: 53')).toContain('53 is outside 1..52');
    expect(errorOf('ts|minute: 1.5')).toContain('it needs an integer');
  });

  it('cidr accepts IPv4 and IPv6 networks and single addresses', () => {
    expect(valueTests("ip|cidr: '10.0.0.0/8'")).toEqual([{ kind: 'cidr', network: '10.0.0.0/8' }]);
    expect(valueTests("ip|cidr: 'fe80::/10'")).toEqual([{ kind: 'cidr', network: 'fe80::/10' }]);
    expect(valueTests("ip|cidr: '192.0.2.5'")).toEqual([{ kind: 'cidr', network: '192.0.2.5/32' }]);
    expect(errorOf("ip|cidr: '10.0.0.1/8'")).toContain('host bits are set');
    expect(errorOf("ip|cidr: '10.0.0.0/33'")).toBe("HALONG_SIGMA_VALUE invalid CIDR '10.0.0.0/33': the prefix length 33 exceeds 32");
    expect(errorOf("ip|cidr: 'not-an-ip'")).toMatch(/^HALONG_SIGMA_VALUE invalid CIDR/);
    expect(errorOf("ip|cidr: '10.1/16'")).toBe("HALONG_SIGMA_VALUE invalid CIDR '10.1/16': an IPv4 address needs four decimal parts");
    expect(errorOf("ip|cidr: '010.0.0.0/8'")).toBe("HALONG_SIGMA_VALUE invalid CIDR '010.0.0.0/8': an IPv4 address needs four decimal parts");
    expect(valueTests("ip|cidr: '2001:DB8:0:0::/32'")).toEqual([{ kind: 'cidr', network: '2001:db8::/32' }]);
  });

  it('fieldref compares with another field, with startswith/endswith/contains and cased', () => {
    expect(valueTests('a|fieldref: B')).toEqual([{ kind: 'fieldref', field: 'B', position: 'eq', cased: false }]);
    expect(valueTests('a|fieldref|startswith: B')).toMatchObject([{ position: 'startswith' }]);
    expect(valueTests('a|fieldref|endswith: B')).toMatchObject([{ position: 'endswith' }]);
    expect(valueTests('a|fieldref|contains|cased: B')).toMatchObject([{ position: 'contains', cased: true }]);
    expect(errorOf("a|fieldref: 'B*'")).toContain('field names cannot hold wildcards');
  });
});

function ruleErrorsFree(detection: string) {
  const search = parseRule(detection).detection.searches.sel;
  if (search?.kind !== 'maps') throw new Error('expected maps');
  return search.alternatives[0] ?? [];
}
