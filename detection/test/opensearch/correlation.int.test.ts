// Correlations over history against real OpenSearch: the windows (10 minutes from T0) in which
// each correlation holds, as worked out by hand from fixtures/correlation.ts.
import { indexNames } from '@halong/core';
import type { OpenSearchClient } from '@halong/core/node';
import { createOpenSearchClient, putIndexTemplates } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import type { FieldCatalog, HistoricalCorrelationMatch } from '../../src/opensearch';
import { HuntError, correlationHits, huntCorrelation, loadFieldCatalog } from '../../src/opensearch';
import type { SigmaCorrelation } from '../../src/sigma/types';
import { T0, WINDOW, correlation, indexLogins, input } from './fixtures/correlation';

const w1 = { windowStart: T0, windowEnd: T0 + WINDOW };
const gte = (value: number, field?: string) => ({ ops: [{ op: 'gte' as const, value }], ...(field ? { field } : {}) });

describe('huntCorrelation', () => {
  const config = testConfig();
  const names = indexNames(config.indexPrefix);
  let client: OpenSearchClient;
  let catalog: FieldCatalog;

  beforeAll(async () => {
    client = createOpenSearchClient(config);
    await putIndexTemplates(client, config.indexPrefix, 0);
    await indexLogins(client, config.indexPrefix);
    catalog = (await loadFieldCatalog(client, names.eventsPattern)).catalog;
  });

  afterAll(async () => {
    await client?.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client?.close();
  });

  async function run(corr: SigmaCorrelation, maxValues?: number): Promise<HistoricalCorrelationMatch[]> {
    const inputs = corr.correlation.rules.map((r) => input(r as 'failure', catalog));
    const out: HistoricalCorrelationMatch[] = [];
    const options = { since: T0, until: T0 + 2 * WINDOW, indexPattern: names.eventsPattern, catalog, pageSize: 2, ...(maxValues ? { maxValues } : {}) };
    for await (const match of huntCorrelation(client, corr, inputs, options)) out.push(match);
    return out.sort((a, b) => a.windowStart - b.windowStart || JSON.stringify(a.group).localeCompare(JSON.stringify(b.group)));
  }

  it('event_count: groups without the field (absent or "") are left out', async () => {
    expect(await run(correlation('event_count', ['failure'], ['User'], gte(3)))).toEqual([{ group: { User: 'alice' }, ...w1, value: 3, counts: { failure: 3 } }]);
    const atLeastOne = await run(correlation('event_count', ['failure'], ['User'], gte(1)));
    expect(atLeastOne.map((m) => [m.group.User, m.windowStart, m.value])).toEqual([
      ['alice', T0, 3],
      ['bob', T0, 1],
      ['alice', T0 + WINDOW, 1],
      ['carol', T0 + WINDOW, 1],
    ]);
  });

  it('value_count: distinct values of the field', async () => {
    expect(await run(correlation('value_count', ['failure'], ['User'], gte(2, 'SourceIp')))).toEqual([{ group: { User: 'alice' }, ...w1, value: 2, counts: { failure: 3 } }]);
  });

  it('value_count refuses to guess when a window holds more distinct values than maxValues', async () => {
    await expect(run(correlation('value_count', ['failure'], ['User'], gte(2, 'SourceIp')), 1)).rejects.toMatchObject({ code: 'HALONG_HUNT_TOO_MANY_VALUES' });
  });

  it('value_sum, value_avg, value_median, value_percentile on a numeric field', async () => {
    const sum = await run(correlation('value_sum', ['failure'], ['User'], { ops: [{ op: 'gt', value: 500 }], field: 'Bytes' }));
    expect(sum).toEqual([{ group: { User: 'alice' }, ...w1, value: 600, counts: { failure: 3 } }]);
    const avg = await run(correlation('value_avg', ['failure'], ['User'], gte(200, 'Bytes')));
    expect(avg.map((m) => [m.group.User, m.value])).toEqual([['alice', 200]]);
    const median = await run(correlation('value_median', ['failure'], ['User'], { ops: [{ op: 'eq', value: 200 }], field: 'Bytes' }));
    expect(median.map((m) => [m.group.User, m.value])).toEqual([['alice', 200]]);
    const p90 = await run(correlation('value_percentile', ['failure'], ['User'], { ops: [{ op: 'gt', value: 270 }], field: 'Bytes' }, { percentile: 90 }));
    expect(p90.map((m) => [m.group.User, m.value])).toEqual([['alice', 280]]);
  });

  it('value_sum on a keyword of numeric strings reads them as the stream does ("1e2", " 300 ")', async () => {
    const sum = await run(correlation('value_sum', ['failure'], ['User'], { ops: [{ op: 'gte', value: 0 }], field: 'Size' }));
    expect(sum.map((m) => [m.group.User, m.windowStart, m.value])).toEqual([['alice', T0, 600]]);
  });

  it('temporal: every rule in the window, for the same group', async () => {
    const matches = await run(correlation('temporal', ['failure', 'success'], ['User']));
    expect(matches.map((m) => [m.group.User, m.windowStart, m.value])).toEqual([
      ['alice', T0, 2],
      ['bob', T0, 2],
      ['alice', T0 + WINDOW, 2],
      ['carol', T0 + WINDOW, 2],
    ]);
    expect(matches[0]!.counts).toEqual({ failure: 3, success: 1 });
  });

  it('temporal_ordered with two rules: from first/last times', async () => {
    const matches = await run(correlation('temporal_ordered', ['failure', 'success'], ['User']));
    expect(matches.map((m) => [m.group.User, m.windowStart])).toEqual([
      ['alice', T0],
      ['bob', T0],
      ['alice', T0 + WINDOW],
    ]);
  });

  it('temporal_ordered with three rules: decided from the events', async () => {
    const matches = await run(correlation('temporal_ordered', ['failure', 'success', 'unknown'], ['User']));
    expect(matches).toEqual([{ group: { User: 'alice' }, ...w1, value: 3, counts: { failure: 3, success: 1, unknown: 1 } }]);
  });

  it('aliases: the group value read from a different field per rule (by rule name or reference)', async () => {
    const aliases = { ip: { failure_login: 'SourceIp', success: 'DestinationIp' } };
    const matches = await run(correlation('temporal', ['failure', 'success'], ['ip'], undefined, { aliases }));
    expect(matches).toEqual([{ group: { ip: '10.0.0.2' }, ...w1, value: 2, counts: { failure: 2, success: 1 } }]);
  });

  it('refuses value_percentile without a percentile (the stream compares against a sliding window)', async () => {
    const err = await run(correlation('value_percentile', ['failure'], ['User'], { ops: [{ op: 'lte', value: 1 }], field: 'SourceIp' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HuntError);
    expect((err as HuntError).problem?.code).toBe('HALONG_SIGMA_UNSUPPORTED');
  });

  it('correlationHits: the events of several rules in time order, tagged with the rules they match', async () => {
    const inputs = ['failure', 'success'].map((r) => input(r as 'failure', catalog));
    const seen: [string, string[]][] = [];
    for await (const { refs, hit } of correlationHits(client, inputs, { since: T0, indexPattern: names.eventsPattern, pageSize: 5 })) seen.push([hit._id, refs]);
    expect(seen).toEqual([
      ['c01', ['failure']],
      ['c02', ['failure']],
      ['c03', ['failure']],
      ['c04', ['success']],
      ['c05', ['failure']],
      ['c06', ['success']],
      ['c07', ['failure']],
      ['c08', ['success']],
      ['c09', ['success']],
      ['c10', ['failure']],
      ['c12', ['failure']],
      ['c11', ['failure']],
    ]);
  });
});
