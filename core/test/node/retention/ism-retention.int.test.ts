import { applyIsmRetention, createOpenSearchClient } from '@halong/core/node';
import { testConfig } from '@halong/infra';

// The embedded test engine is OpenSearch without plugins: the ISM probe must read the real
// _cat/plugins answer and report ISM absent, so Halong's own retention job does the work.
describe('applyIsmRetention on the real OpenSearch', () => {
  const client = createOpenSearchClient(testConfig());

  afterAll(async () => {
    await client.close();
  });

  it('finds no ISM plugin on the test engine, as its plugin list says', async () => {
    const { body } = await client.cat.plugins({ format: 'json' });
    const components = (body as { component: string }[]).map((p) => p.component);
    expect(components).not.toContain('opensearch-index-management');
    await expect(applyIsmRetention(client, testConfig().indexPrefix, 90)).resolves.toEqual({ ism: 'absent' });
  });
});
