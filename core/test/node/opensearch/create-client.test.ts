import { loadConfig } from '../../../src/node/config/load-config';
import { compressRequests, createOpenSearchClient } from '../../../src/node/opensearch/create-client';

const config = (env: Record<string, string>) => loadConfig({ env, readFile: () => { throw new Error('no file'); } });

describe('OpenSearch request compression', () => {
  it.each([
    [{}, false],
    [{ HALONG_OPENSEARCH_URL: 'http://localhost:9200' }, false],
    [{ HALONG_OPENSEARCH_URL: 'https://127.0.0.2:9200' }, false],
    [{ HALONG_OPENSEARCH_URL: 'https://[::1]:9200' }, false],
    [{ HALONG_OPENSEARCH_URL: 'https://opensearch:9200' }, true],
    [{ HALONG_OPENSEARCH_URL: 'https://10.0.0.5:9200' }, true],
    [{ HALONG_OPENSEARCH_COMPRESSION: 'gzip' }, true],
    [{ HALONG_OPENSEARCH_URL: 'https://opensearch:9200', HALONG_OPENSEARCH_COMPRESSION: 'none' }, false],
  ])('%j compresses: %s', (env, expected) => {
    expect(compressRequests(config(env))).toBe(expected);
  });

  it('the client gzips exactly when compressRequests says so', async () => {
    for (const [env, expected] of [[{}, false], [{ HALONG_OPENSEARCH_URL: 'https://opensearch:9200' }, true]] as const) {
      const client = createOpenSearchClient(config(env));
      expect((client.transport as unknown as { compression: unknown }).compression).toBe(expected ? 'gzip' : false);
      await client.close();
    }
  });
});
