import { join } from 'node:path';
import { loadRulePack } from '../../src/sigma/rule-pack';
import type { RulePack } from '../../src/sigma/pack-assembly';

const PACK = join(__dirname, 'fixtures', 'pack');
const rel = (file: string): string => file.slice(PACK.length + 1);

describe('loadRulePack on a folder of rules, filters and correlations', () => {
  let pack: RulePack;
  beforeAll(async () => {
    pack = await loadRulePack([PACK]);
  });

  it('loads every valid document, walking sub-folders and skipping non-YAML files', () => {
    expect(pack.rules.map((r) => r.name)).toEqual(['dns_query', 'jump_login', 'rar_compress']);
    expect(pack.filters.map((f) => f.title)).toEqual(['Filter Administrator account', 'Filter google on the wrong logsource']);
    expect(pack.correlations.map((c) => c.name ?? c.title)).toEqual(['many_rar', 'Compression burst then jump host login']);
  });

  it('reports each problem once, with file, line and rule id', () => {
    expect(pack.problems.map((p) => [rel(p.source.file), p.source.line, p.severity, p.code, p.ruleId, p.message])).toEqual([
      ['variants/bad_yaml.yml', 8, 'error', 'HALONG_SIGMA_YAML', '6d4a9c3b-1c69-4a67-8d8a-4fad7a5c3e44', 'YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
      ['variants/duplicate_id.yml', 1, 'error', 'HALONG_SIGMA_REFERENCE', '6f3e2987-db24-4c78-a860-b4f4095a7095', `duplicate id '6f3e2987-db24-4c78-a860-b4f4095a7095' (already used by ${join(PACK, 'rules/proc_rar_compress.yml')}:1); this document is not loaded`],
      ['correlations/missing_rule.yml', 1, 'error', 'HALONG_SIGMA_REFERENCE', '5c3f8b2a-0b58-4f56-9c79-3e9c6f4b2d33', "correlation refers to 'no_such_rule', which is not loaded"],
      [
        'filters/filter_google_mismatch.yml',
        1,
        'warning',
        'HALONG_SIGMA_REFERENCE',
        '7c1d9a70-1b2e-4c3d-8e4f-5a6b7c8d9e0f',
        'filter not applied to rule \'dns_query\': its logsource {"category":"network","service":"dns"} is outside the filter\'s {"category":"process_creation"}',
      ],
    ]);
  });

  it('applies the spec filter to both target rules as "and not", under collision-free names', () => {
    const rar = pack.rules.find((r) => r.name === 'rar_compress');
    expect(rar?.detection.condition).toEqual({ kind: 'and', children: [{ kind: 'ref', name: 'selection' }, { kind: 'not', child: { kind: 'ref', name: 'filter:1:selection' } }] });
    expect(rar?.detection.searches['filter:1:selection']).toMatchObject({ kind: 'maps', alternatives: [[{ field: 'User', modifiers: ['startswith'] }]] });
    const jump = pack.rules.find((r) => r.name === 'jump_login');
    expect(jump?.detection.condition).toEqual({
      kind: 'and',
      children: [
        { kind: 'ref', name: 'selection' },
        { kind: 'not', child: { kind: 'of', count: 1, names: ['filter_main_system'] } },
        { kind: 'not', child: { kind: 'ref', name: 'filter:1:selection' } },
      ],
    });
  });

  it('leaves rules without a matching filter untouched', () => {
    expect(pack.rules.find((r) => r.name === 'dns_query')?.detection.condition).toEqual({ kind: 'ref', name: 'selection' });
  });

  it('resolves correlations by name and id, including a chain of correlations', () => {
    const chain = pack.correlations.find((c) => c.id === '4b2e7a1f-9a47-4e45-8b68-2d8b5e3a1c22');
    expect(chain?.correlation).toMatchObject({ type: 'temporal_ordered', rules: ['many_rar', 'df0841c0-9846-4e9f-ad8a-7df91571771b'], timespanMs: 7_200_000 });
  });

  it('reports a folder that cannot be read without stopping the others', async () => {
    const both = await loadRulePack([join(PACK, 'nope'), join(PACK, 'rules')]);
    expect(both.rules).toHaveLength(3);
    expect(both.problems).toHaveLength(1);
    expect(both.problems[0]).toMatchObject({ code: 'HALONG_SIGMA_YAML', severity: 'error', source: { file: join(PACK, 'nope') } });
  });
});
