import { applyRetention, createOpenSearchClient } from '@halong/core/node';
import { testConfig } from '@halong/infra';

// What later components need from the embedded OpenSearch, proven on the real engine.
describe('managed OpenSearch capabilities', () => {
  const config = testConfig();
  const client = createOpenSearchClient(config);
  const p = config.indexPrefix;

  afterAll(async () => {
    await client.indices.delete({ index: [`${p}-*`] }).catch(() => undefined);
    await client.ingest.deletePipeline({ id: `${p}-pipeline` }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: `${p}-tpl` }).catch(() => undefined);
    await client.close();
  });

  it('applies index templates and runs ingest pipelines with painless scripts', async () => {
    await client.indices.putIndexTemplate({
      name: `${p}-tpl`,
      body: { index_patterns: [`${p}-cap-*`], template: { mappings: { properties: { n: { type: 'long' }, ip: { type: 'ip' } } } } },
    });
    await client.ingest.putPipeline({
      id: `${p}-pipeline`,
      // The client's typing of `set.value` is narrower than OpenSearch accepts (any JSON value).
      body: { processors: [{ set: { field: 'tagged', value: 'yes' } }, { script: { lang: 'painless', source: 'ctx.doubled = ctx.n * 2' } }] } as never,
    });
    await client.index({ index: `${p}-cap-1`, id: 'a', body: { n: 21, ip: '2001:db8::1' }, pipeline: `${p}-pipeline`, refresh: true });
    const { body } = await client.get({ index: `${p}-cap-1`, id: 'a' });
    expect(body._source).toEqual({ n: 21, ip: '2001:db8::1', tagged: 'yes', doubled: 42 });
    const { body: mapping } = await client.indices.getMapping({ index: `${p}-cap-1` });
    expect(mapping[`${p}-cap-1`]?.mappings.properties?.ip).toEqual({ type: 'ip' });
  });

  it('deletes by query', async () => {
    await client.bulk({
      refresh: true,
      body: [1, 2, 3, 4].flatMap((n) => [{ create: { _index: `${p}-cap-2`, _id: String(n) } }, { n }]),
    });
    const { body } = await client.deleteByQuery({ index: `${p}-cap-2`, refresh: true, body: { query: { range: { n: { gte: 3 } } } } });
    expect((body as { deleted?: number }).deleted).toBe(2);
    const { body: count } = await client.count({ index: `${p}-cap-2` });
    expect(count.count).toBe(2);
  });

  it("runs Halong's retention job: deletes daily events indices past retention, keeps the rest", async () => {
    const now = new Date('2026-11-23T12:00:00Z');
    for (const day of ['2026.08.01', '2026.11.20']) await client.indices.create({ index: `${p}-events-generic-${day}` });
    const deleted = await applyRetention(client, p, 90, now);
    expect(deleted).toEqual([`${p}-events-generic-2026.08.01`]);
    const { body: exists } = await client.indices.exists({ index: `${p}-events-generic-2026.11.20` });
    expect(exists).toBe(true);
    const { body: gone } = await client.indices.exists({ index: `${p}-events-generic-2026.08.01` });
    expect(gone).toBe(false);
  });
});
