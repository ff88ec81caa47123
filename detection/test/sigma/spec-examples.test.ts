// Every example document of the specification (tests/schema of SigmaHQ/sigma-specification 2.1.0)
// parses to the structure it describes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRulePack } from '../../src/sigma/rule-pack';
import { parseSigmaFile } from '../../src/sigma/parse-file';
import type { SigmaCorrelation, SigmaDocument, SigmaFilter, SigmaRule } from '../../src/sigma/types';

const ROOT = '/work/shared/sigma-spec-examples';
function load<T extends SigmaDocument>(path: string): T {
  const file = join(ROOT, path);
  const { documents, problems } = parseSigmaFile(readFileSync(file, 'utf8'), file);
  expect(problems).toEqual([]);
  expect(documents).toHaveLength(1);
  return documents[0] as T;
}
const corr = (path: string) => load<SigmaCorrelation>(path).correlation;

describe('specification rule examples', () => {
  it('rule_1.yml', () => {
    const r = load<SigmaRule>('rules/rule_1.yml');
    expect(r).toMatchObject({
      type: 'rule',
      title: 'A Title',
      id: '545a5da6-f103-4919-a519-e9aec1026ee4',
      related: [{ id: '6c82cf5c-090d-4d57-9188-533577631108', type: 'similar' }],
      status: 'test',
      description: 'a very good information string that need to be written',
      references: ['https://123.456', 'https://789.963'],
      author: 'SomeOne',
      date: '2017-05-09',
      modified: '2023-04-14',
      tags: { all: ['attack.defense-evasion', 'attack.t1211', 'attack.t1562.001'], tactics: ['defense-evasion'], techniques: ['T1211', 'T1562.001'] },
      logsource: { product: 'windows', service: 'application' },
      falsepositives: ['a string'],
      level: 'high',
      fields: [],
    });
    expect(r.detection).toEqual({
      searches: {
        selection: {
          kind: 'maps',
          alternatives: [[{ field: 'Provider_Name', modifiers: [], all: false, negate: false, tests: [{ kind: 'string', pattern: [{ kind: 'literal', text: 'Application Error' }], cased: false }] }]],
          source: { file: join(ROOT, 'rules/rule_1.yml'), line: 23, column: 9 },
        },
      },
      condition: { kind: 'ref', name: 'selection' },
    });
  });

  it('rule_ecs.yml keeps dotted ECS field names and the taxonomy in raw', () => {
    const r = load<SigmaRule>('rules/rule_ecs.yml');
    expect(r.logsource).toEqual({ category: 'network', service: 'dns' });
    expect(r.detection.searches.selection).toMatchObject({ alternatives: [[{ field: 'dns.question.name', tests: [{ pattern: [{ kind: 'literal', text: 'sigmahq' }] }] }]] });
    expect(r.raw.taxonomy).toBe('ecs');
  });
});

describe('specification correlation examples', () => {
  it('event_count.yml and event_count_ecs.yml', () => {
    const expected = { type: 'event_count', rules: ['5638f7c0-ac70-491d-8465-2a65075e0d86'], timespanMs: 3_600_000, condition: { ops: [{ op: 'gte', value: 100 }] }, aliases: {}, generate: false };
    expect(corr('correlation/event_count.yml')).toEqual({ ...expected, groupBy: ['ComputerName'] });
    expect(corr('correlation/event_count_ecs.yml')).toEqual({ ...expected, groupBy: ['dns.question.name'] });
    expect(load<SigmaCorrelation>('correlation/event_count.yml')).toMatchObject({ title: 'Many failed logins', id: '0e95725d-7320-415d-80f7-004da920fc11' });
  });

  it('value_count.yml', () => {
    expect(corr('correlation/value_count.yml')).toMatchObject({ type: 'value_count', groupBy: ['ComputerName', 'WorkstationName'], timespanMs: 86_400_000, condition: { field: 'User', ops: [{ op: 'gte', value: 100 }] } });
  });

  it('temporal.yml and temporal_ordered.yml have no condition', () => {
    for (const [file, type] of [['correlation/temporal.yml', 'temporal'], ['correlation/temporal_ordered.yml', 'temporal_ordered']] as const) {
      expect(corr(file)).toEqual({ type, rules: ['recon_cmd_a', 'recon_cmd_b', 'recon_cmd_c'], groupBy: ['ComputerName', 'User'], timespanMs: 300_000, aliases: {}, generate: false });
    }
  });

  it('the metric types value_sum, value_avg and value_percentile', () => {
    expect(corr('correlation/value_sum.yml')).toMatchObject({ type: 'value_sum', rules: ['website_access'], groupBy: ['SourceIP', 'User'], timespanMs: 3_600_000, condition: { field: 'bytes_sent', ops: [{ op: 'gt', value: 1_000_000 }] } });
    expect(corr('correlation/value_avg.yml')).toMatchObject({ type: 'value_avg', rules: ['rule_a_id'], timespanMs: 86_400_000, condition: { field: 'BytesOut', ops: [{ op: 'gt', value: 500 }] } });
    expect(corr('correlation/value_percentile.yml')).toMatchObject({ type: 'value_percentile', rules: ['process_creation'], groupBy: ['ComputerName'], condition: { field: 'Image', ops: [{ op: 'lte', value: 1 }] } });
  });
});

describe('specification filter examples', () => {
  it('filter_1.yml and filter_ecs.yml', () => {
    const rules = ['6f3e2987-db24-4c78-a860-b4f4095a7095', 'df0841c0-9846-4e9f-ad8a-7df91571771b'];
    const f1 = load<SigmaFilter>('filter/filter_1.yml');
    expect(f1).toMatchObject({ type: 'filter', title: 'Filter Administrator account', logsource: { category: 'process_creation', product: 'windows' } });
    expect(f1.filter.rules).toEqual(rules);
    expect(f1.filter.condition).toEqual({ kind: 'ref', name: 'selection' });
    expect(f1.filter.searches.selection).toMatchObject({ alternatives: [[{ field: 'User', modifiers: ['startswith'], tests: [{ kind: 'string', pattern: [{ kind: 'literal', text: 'adm_' }, { kind: 'any' }] }] }]] });
    const ecs = load<SigmaFilter>('filter/filter_ecs.yml');
    expect(ecs.filter.rules).toEqual(rules);
    expect(ecs.filter.searches.selection).toMatchObject({ alternatives: [[{ field: 'dns.question.name', tests: [{ pattern: [{ kind: 'literal', text: 'www.google.' }, { kind: 'any' }] }] }]] });
  });
});

describe('the example folder as one pack', () => {
  it('reports the ids the examples share and the rules they refer to but do not ship', async () => {
    const pack = await loadRulePack([ROOT]);
    expect([pack.rules.length, pack.correlations.length, pack.filters.length]).toEqual([1, 0, 2]);
    const summary = pack.problems.map((p) => `${p.severity} ${p.source.file.slice(ROOT.length + 1)}: ${p.message.replace(/ \(already used by .*\)/, '')}`);
    expect(summary).toEqual([
      "error correlation/event_count_ecs.yml: duplicate id '0e95725d-7320-415d-80f7-004da920fc11'; this document is not loaded",
      "error rules/rule_ecs.yml: duplicate id '545a5da6-f103-4919-a519-e9aec1026ee4'; this document is not loaded",
      "error correlation/event_count.yml: correlation refers to '5638f7c0-ac70-491d-8465-2a65075e0d86', which is not loaded",
      "error correlation/temporal.yml: correlation refers to 'recon_cmd_a', 'recon_cmd_b', 'recon_cmd_c', which are not loaded",
      "error correlation/temporal_ordered.yml: correlation refers to 'recon_cmd_a', 'recon_cmd_b', 'recon_cmd_c', which are not loaded",
      "error correlation/value_avg.yml: correlation refers to 'rule_a_id', which is not loaded",
      "error correlation/value_count.yml: correlation refers to '5638f7c0-ac70-491d-8465-2a65075e0d86', which is not loaded",
      "error correlation/value_percentile.yml: correlation refers to 'process_creation', which is not loaded",
      "error correlation/value_sum.yml: correlation refers to 'website_access', which is not loaded",
      "warning filter/filter_1.yml: filter target '6f3e2987-db24-4c78-a860-b4f4095a7095' is not loaded; nothing to filter",
      "warning filter/filter_1.yml: filter target 'df0841c0-9846-4e9f-ad8a-7df91571771b' is not loaded; nothing to filter",
      "warning filter/filter_ecs.yml: filter target '6f3e2987-db24-4c78-a860-b4f4095a7095' is not loaded; nothing to filter",
      "warning filter/filter_ecs.yml: filter target 'df0841c0-9846-4e9f-ad8a-7df91571771b' is not loaded; nothing to filter",
    ]);
  });
});
