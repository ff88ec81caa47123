// The whole SigmaHQ corpus (rules, rules-threat-hunting, rules-emerging-threats): every rule must
// load, and every problem reported must be a true specification violation listed here with the
// reason. The corpus is clean: no rule has one.
import { readFileSync } from 'node:fs';
import { loadRulePack } from '../../src/sigma/rule-pack';
import type { RulePack } from '../../src/sigma/pack-assembly';
import type { SigmaRule } from '../../src/sigma/types';

const ROOT = '/work/shared/sigma';
const FOLDERS = ['rules', 'rules-threat-hunting', 'rules-emerging-threats'].map((d) => `${ROOT}/${d}`);

// Reviewed by hand: `file:line message` → why it is a real violation. Empty: none found.
const EXPECTED_PROBLEMS: Record<string, string> = {};

// A guard against a hang, not a speed check: how long the corpus takes to load is printed by
// `npm run bench -w detection` (parse+compile).
jest.setTimeout(120_000);

describe('SigmaHQ corpus', () => {
  let pack: RulePack;
  const byId = (id: string): SigmaRule => {
    const rule = pack.rules.find((r) => r.id === id);
    if (!rule) throw new Error(`rule ${id} not loaded`);
    return rule;
  };

  beforeAll(async () => {
    pack = await loadRulePack(FOLDERS);
  });

  it('loads all 3,754 rules (one per file) and nothing else', () => {
    expect(pack.rules).toHaveLength(3754);
    expect(pack.correlations).toHaveLength(0);
    expect(pack.filters).toHaveLength(0);
    expect(new Set(pack.rules.map((r) => r.id)).size).toBe(3754);
  });

  it('reports only the reviewed specification violations', () => {
    const found = pack.problems.map((p) => `${p.source.file.slice(ROOT.length + 1)}:${p.source.line} ${p.message}`);
    expect(found).toEqual(Object.keys(EXPECTED_PROBLEMS));
  });

  it('loads every rule of the regression cases from the file the case names', () => {
    const index = JSON.parse(readFileSync('/work/shared/sigma-regression/index.json', 'utf8')) as { cases: { rule_id: string; rule_file: string }[] };
    expect(index.cases.length).toBeGreaterThan(100);
    for (const c of index.cases) {
      expect(byId(c.rule_id).source.file).toBe(`/work/shared/${c.rule_file}`);
    }
  });

  it('splits ATT&CK tags for every rule', () => {
    const withTechniques = pack.rules.filter((r) => r.tags.techniques.length > 0).length;
    expect(withTechniques).toBeGreaterThan(3000);
    expect(pack.rules.every((r) => r.tags.techniques.every((t) => /^T\d{4}(\.\d{3})?$/.test(t)))).toBe(true);
  });

  it('reads a fieldref rule', () => {
    expect(byId('f01d1f70-cd41-42ec-9c0b-26dd9c22bf29').detection.searches.selection).toMatchObject({
      alternatives: [[{ field: 'TargetFilename', tests: [{ kind: 'fieldref', field: 'Image', position: 'eq', cased: false }] }]],
    });
  });

  it('reads a wide|base64offset|contains rule into three variants per value', () => {
    const search = byId('7477881c-ec3b-49d6-aced-7255944e5c59').detection.searches.selection_encoded_path;
    expect(search?.kind === 'maps' && search.alternatives[0]?.[0]?.tests).toHaveLength(12);
  });

  it("reads a '|all' keyword rule", () => {
    expect(byId('56fa3cd6-f8d6-4520-a8c7-607292971886').detection.searches.keywords_bgp_cisco).toMatchObject({ kind: 'keywords', all: true, tests: [{}, {}] });
  });

  it('reads a contains|windash rule into the five dash variants', () => {
    const search = byId('727454c0-d851-48b0-8b89-385611ab0704').detection.searches.selection_cmd;
    const tests = search?.kind === 'maps' ? (search.alternatives[0]?.[0]?.tests ?? []) : [];
    expect(tests.map((t) => (t.kind === 'string' ? t.pattern.map((p) => (p.kind === 'literal' ? p.text : '*')).join('') : ''))).toEqual([
      '* -HideWMP*',
      '* /HideWMP*',
      '* \u2013HideWMP*',
      '* \u2014HideWMP*',
      '* \u2015HideWMP*',
    ]);
  });
});
