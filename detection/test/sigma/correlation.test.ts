import { parseSigmaFile } from '../../src/sigma/parse-file';
import type { SigmaCorrelation } from '../../src/sigma/types';

const parse = (section: string, head = 'title: c') => parseSigmaFile(`${head}\ncorrelation:\n${section}`, 'c.yml');
const ok = (section: string, head?: string): SigmaCorrelation => {
  const { documents, problems } = parse(section, head);
  const doc = documents[0];
  if (doc?.type !== 'correlation') throw new Error(problems.map((p) => p.message).join('; '));
  return doc;
};
const errors = (section: string) => {
  const { documents, problems } = parse(section);
  expect(documents).toHaveLength(0);
  return problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.message}`);
};
const BASE = '    rules:\n        - r1\n    group-by:\n        - User\n    timespan: 10m';

describe('correlation rules', () => {
  it('reads a range condition (gt + lte) and defaults generate to false', () => {
    const c = ok(`    type: event_count\n${BASE}\n    condition:\n        gt: 100\n        lte: 200`);
    expect(c.correlation).toEqual({ type: 'event_count', rules: ['r1'], groupBy: ['User'], timespanMs: 600_000, aliases: {}, generate: false, condition: { ops: [{ op: 'gt', value: 100 }, { op: 'lte', value: 200 }] } });
  });

  it('reads aliases, generate and the metric types with their field', () => {
    const c = ok(
      '    type: value_sum\n    rules:\n        - internal_error\n        - new_network_connection\n    group-by:\n        - internal_ip\n    timespan: 10s\n    generate: true\n' +
        '    aliases:\n        internal_ip:\n            internal_error: destination.ip\n            new_network_connection: source.ip\n    condition:\n        field: bytes\n        neq: 0.5',
    );
    expect(c.correlation).toMatchObject({
      type: 'value_sum',
      generate: true,
      timespanMs: 10_000,
      aliases: { internal_ip: { internal_error: 'destination.ip', new_network_connection: 'source.ip' } },
      condition: { field: 'bytes', ops: [{ op: 'neq', value: 0.5 }] },
    });
  });

  it('leaves the condition out for temporal correlations without one, keeps it when given', () => {
    expect(ok(`    type: temporal\n${BASE}`).correlation.condition).toBeUndefined();
    expect(ok(`    type: temporal_ordered\n${BASE}\n    condition:\n        gte: 2`).correlation.condition).toEqual({ ops: [{ op: 'gte', value: 2 }] });
  });

  it('only warns for a non-UUID id ("recommended but not mandatory")', () => {
    const { documents, problems } = parse(`    type: temporal\n${BASE}`, 'title: c\nid: my-correlation');
    expect(documents).toHaveLength(1);
    expect(problems.map((p) => [p.severity, p.ruleId, p.message])).toEqual([['warning', 'my-correlation', "'id' 'my-correlation' is not a UUID (recommended for correlations)"]]);
  });

  it('refuses missing required attributes', () => {
    expect(errors('    rules:\n        - r1')).toEqual([
      "HALONG_SIGMA_SCHEMA 'correlation.type' must be one of event_count, value_count, temporal, temporal_ordered, value_sum, value_avg, value_percentile, value_median",
      "HALONG_SIGMA_SCHEMA missing required attribute 'correlation.group-by'",
      "HALONG_SIGMA_SCHEMA missing required attribute 'correlation.timespan'",
    ]);
    expect(errors(`    type: event_count\n${BASE}`)).toEqual(["HALONG_SIGMA_SCHEMA correlation type event_count needs 'condition'"]);
    expect(errors(`    type: value_count\n${BASE}\n    condition:\n        gte: 3`)).toEqual(["HALONG_SIGMA_SCHEMA correlation type value_count needs 'condition.field'"]);
    expect(errors('    type: temporal\n    rules: []\n    group-by: [a]\n    timespan: 1h')).toEqual(["HALONG_SIGMA_SCHEMA 'correlation.rules' must list at least one rule id or name"]);
  });

  it('refuses timespans outside number + s/m/h/d', () => {
    expect(errors('    type: temporal\n    rules: [a]\n    group-by: [a]\n    timespan: 1w')).toEqual(["HALONG_SIGMA_SCHEMA 'correlation.timespan' string '1w' is not a number followed by s, m, h or d"]);
  });

  it('refuses conditions it cannot represent', () => {
    expect(errors(`    type: temporal\n${BASE}\n    condition: r1 and not r2`)).toEqual([
      "HALONG_SIGMA_UNSUPPORTED 'correlation.condition' must be a map of gt/gte/lt/lte/eq/neq (pySigma extended string conditions are not supported)",
    ]);
    expect(errors(`    type: value_percentile\n${BASE}\n    condition:\n        field: x\n        percentile: 95\n        gt: 1`)).toEqual([
      "HALONG_SIGMA_UNSUPPORTED 'correlation.condition.percentile' is not supported (expected gt, gte, lt, lte, eq, neq, field)",
    ]);
    expect(errors(`    type: event_count\n${BASE}\n    condition:\n        gte: lots`)).toEqual(["HALONG_SIGMA_SCHEMA 'correlation.condition.gte' must be a number, not string 'lots'"]);
    expect(errors(`    type: event_count\n${BASE}\n    condition: {}`)).toEqual(["HALONG_SIGMA_SCHEMA 'correlation.condition' needs at least one of gt, gte, lt, lte, eq, neq"]);
  });
});
