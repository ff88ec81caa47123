import { parseSigmaFile } from '../../src/sigma/parse-file';

const parse = (body: string, head = 'title: f\nlogsource:\n    product: windows') => parseSigmaFile(`${head}\nfilter:\n${body}`, 'f.yml');
const errors = (body: string, head?: string) => {
  const { documents, problems } = parse(body, head);
  expect(documents).toHaveLength(0);
  return problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.message}`);
};

describe('filters (specification "Sigma Filters")', () => {
  it('reads rules, search identifiers and an OR of several conditions', () => {
    const { documents, problems } = parse('    rules:\n        - a\n        - b\n    s1:\n        User: x\n    s2:\n        User: y\n    condition:\n        - s1\n        - s2');
    expect(problems).toEqual([]);
    expect(documents[0]).toMatchObject({
      type: 'filter',
      logsource: { product: 'windows' },
      filter: { rules: ['a', 'b'], condition: { kind: 'or', children: [{ kind: 'ref', name: 's1' }, { kind: 'ref', name: 's2' }] } },
    });
  });

  it('requires rules, a search identifier, a condition and a logsource', () => {
    expect(errors('    s:\n        User: x\n    condition: s')).toEqual(["HALONG_SIGMA_SCHEMA 'filter.rules' must list at least one rule id or name"]);
    expect(errors('    rules: [a]\n    condition: s')).toEqual([
      "HALONG_SIGMA_SCHEMA 'filter' defines no search identifier",
      "HALONG_SIGMA_CONDITION condition 's', column 1: unknown search identifier 's'",
    ]);
    expect(errors('    rules: [a]\n    s:\n        User: x')).toEqual(["HALONG_SIGMA_SCHEMA 'filter' has no condition"]);
    expect(errors('    rules: [a]\n    s:\n        User: x\n    condition: s', 'title: f')).toEqual(["HALONG_SIGMA_SCHEMA missing required attribute 'logsource'"]);
  });

  it("refuses 'rules: any' (Sigma 2.2, not 2.1.0)", () => {
    expect(errors('    rules: any\n    s:\n        User: x\n    condition: s')).toEqual([
      "HALONG_SIGMA_UNSUPPORTED 'filter.rules: any' (every rule) is not supported; list the rule ids or names",
    ]);
  });

  it('warns about level and status, which filters do not have', () => {
    const { documents, problems } = parse('    rules: [a]\n    s:\n        User: x\n    condition: s', 'title: f\nlevel: high\nstatus: test\nlogsource:\n    product: windows');
    expect(documents).toHaveLength(1);
    expect(problems.map((p) => [p.severity, p.message])).toEqual([
      ['warning', "a filter has no 'level'; ignored"],
      ['warning', "a filter has no 'status'; ignored"],
    ]);
  });
});
