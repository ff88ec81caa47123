import { parseSigmaFile } from '../../src/sigma/parse-file';
import type { Search } from '../../src/sigma/types';
import { ANY, lit, parseRule, ruleErrors, ruleText, str, valueTests } from './helpers';

const search = (body: string): Search => parseRule(`    sel:\n${body}\n    condition: sel`).detection.searches.sel as Search;
const firstError = (body: string): string => {
  const errors = ruleErrors(`    sel:\n${body}\n    condition: sel`);
  return `${errors[0]?.code} ${errors[0]?.message}`;
};

describe('maps and lists (specification "Lists" and "Maps")', () => {
  it('ANDs the entries of a map and ORs the values of one entry', () => {
    const s = search('        EventLog: Security\n        EventID:\n            - 517\n            - 1102');
    expect(s).toMatchObject({
      kind: 'maps',
      alternatives: [
        [
          { field: 'EventLog', modifiers: [], all: false, negate: false, tests: [str([lit('Security')])] },
          { field: 'EventID', tests: [{ kind: 'number', op: 'eq', value: 517 }, { kind: 'number', op: 'eq', value: 1102 }] },
        ],
      ],
      source: { file: 'test.yml', line: 9, column: 9 },
    });
  });

  it('ORs the maps of a list', () => {
    const s = search("        - Image|endswith: '\\example.exe'\n        - Description|contains: 'Test executable'");
    expect(s.kind === 'maps' && s.alternatives.map((a) => a.map((t) => t.field))).toEqual([['Image'], ['Description']]);
  });

  it('flattens nested lists of maps', () => {
    const s = search('        - - a: 1\n          - b: 2\n        - c: 3');
    expect(s.kind === 'maps' && s.alternatives.length).toBe(3);
  });
});

describe('keyword searches (specification "Keywords search")', () => {
  it('reads a list of plain values as keywords linked with OR', () => {
    expect(search("        - 'event::clear'\n        - 'event::drop'")).toEqual({
      kind: 'keywords',
      all: false,
      tests: [str([lit('event::clear')]), str([lit('event::drop')])],
      source: { file: 'test.yml', line: 9, column: 9 },
    });
  });

  it("reads '|all' as keywords linked with AND, with modifiers", () => {
    expect(search("        '|all':\n            - 'OabVirtualDirectory'\n            - ' -ExternalUrl '")).toMatchObject({ kind: 'keywords', all: true, tests: [str([lit('OabVirtualDirectory')]), str([lit(' -ExternalUrl ')])] });
    expect(search("        '|contains': 'x'")).toMatchObject({ kind: 'keywords', all: false, tests: [str([ANY, lit('x'), ANY])] });
  });

  it('reads a plain value as one keyword', () => {
    const rule = parseRule("    keywords: 'mimikatz'\n    condition: keywords");
    expect(rule.detection.searches.keywords).toMatchObject({ kind: 'keywords', tests: [str([lit('mimikatz')])] });
  });

  it('refuses null keywords and exists without a field', () => {
    expect(firstError('        - null')).toBe('HALONG_SIGMA_VALUE a keyword cannot be null (null must be bound to a field)');
    expect(firstError("        '|exists': true")).toContain("modifier 'exists' cannot be applied to a boolean: it needs a field");
  });
});

describe('special values (specification "Special Field Values")', () => {
  it("reads null as a null test and '' as the empty string", () => {
    expect(valueTests('PasswordLastSet: null')).toEqual([{ kind: 'null' }]);
    expect(valueTests('PasswordLastSet:')).toEqual([{ kind: 'null' }]);
    expect(valueTests("PasswordLastSet: ''")).toEqual([str([])]);
  });

  it('refuses null inside a list of values (the spec\'s "Invalid Example")', () => {
    expect(firstError("        FieldB:\n            - ''\n            - null")).toBe("HALONG_SIGMA_VALUE field 'FieldB': null cannot be part of a list of values; put it in its own search identifier");
  });

  it('keeps booleans and numbers typed', () => {
    expect(valueTests('Enabled: true')).toEqual([{ kind: 'boolean', value: true }]);
    expect(valueTests('Ratio: 0.5')).toEqual([{ kind: 'number', op: 'eq', value: 0.5 }]);
  });

  it('reads an empty value list as null, with a warning (pySigma)', () => {
    const { documents, problems } = parseSigmaFile(ruleText('    sel:\n        a: []\n    condition: sel'), 't.yml');
    expect(documents[0]?.type === 'rule' && documents[0].detection.searches.sel).toMatchObject({ alternatives: [[{ tests: [{ kind: 'null' }] }]] });
    expect(problems.map((p) => p.severity)).toEqual(['warning']);
  });

  it('refuses null with a value modifier', () => {
    expect(firstError('        a|contains: null')).toBe("HALONG_SIGMA_MODIFIER modifier 'contains' cannot be applied to a null");
  });
});

describe('malformed searches', () => {
  it('reports the first problem of each broken identifier and keeps checking the others', () => {
    const errors = ruleErrors('    a:\n        x|nope: 1\n    b: []\n    c:\n        y: {z: 1}\n    condition: a or b or c');
    expect(errors.map((e) => [e.code, e.source.line])).toEqual([
      ['HALONG_SIGMA_MODIFIER', 9],
      ['HALONG_SIGMA_VALUE', 10],
      ['HALONG_SIGMA_VALUE', 12],
    ]);
  });

  it('refuses lists mixing maps and plain values', () => {
    expect(firstError("        - 'x'\n        - a: 1")).toContain('a list mixing maps and plain values');
  });

  it('refuses a null search identifier', () => {
    expect(firstError('')).toBe("HALONG_SIGMA_VALUE search identifier 'sel' is empty");
  });
});
