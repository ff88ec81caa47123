import type { OpenSearchClient } from '@halong/core/node';
import { ensureStoreIndices, storeIndexNames } from '../../src/stores/store-indices';

// Just the calls ensureStoreIndices makes; the real engine's answers are in store-indices.int.test.ts.
function fakeClient(existing: Set<string>, failWith?: unknown) {
  const calls: Array<{ op: string; index: string; body: unknown }> = [];
  const client = {
    indices: {
      async create({ index, body }: { index: string; body: unknown }) {
        calls.push({ op: 'create', index, body });
        if (failWith !== undefined) throw failWith;
        if (existing.has(index)) throw Object.assign(new Error('exists'), { meta: { statusCode: 400, body: { error: { type: 'resource_already_exists_exception' } } } });
        existing.add(index);
      },
      async putMapping({ index, body }: { index: string; body: unknown }) {
        calls.push({ op: 'putMapping', index, body });
      },
      async putIndexTemplate({ name, body }: { name: string; body: unknown }) {
        calls.push({ op: 'putIndexTemplate', index: name, body });
      },
    },
  };
  return { client: client as unknown as OpenSearchClient, calls };
}

describe('storeIndexNames', () => {
  it('derives the three index names from the prefix', () => {
    expect(storeIndexNames('halong')).toEqual({ accounts: 'halong-accounts', refreshTokens: 'halong-refresh-tokens', certificates: 'halong-certificates' });
  });
});

describe('ensureStoreIndices', () => {
  const names = storeIndexNames('p');

  it('creates missing indices with one shard, the replicas asked for and strict keyword mappings', async () => {
    const { client, calls } = fakeClient(new Set(['p-accounts']));
    expect(await ensureStoreIndices(client, names, { replicas: 2 })).toEqual(['p-refresh-tokens', 'p-certificates']);
    expect(calls.map((c) => `${c.op} ${c.index}`)).toEqual([
      'putIndexTemplate p-accounts', 'create p-accounts', 'putMapping p-accounts',
      'putIndexTemplate p-refresh-tokens', 'create p-refresh-tokens',
      'putIndexTemplate p-certificates', 'create p-certificates',
    ]);
    const created = calls[4]!.body as { settings: unknown; mappings: { dynamic: string; properties: Record<string, { type: string }> } };
    expect(created.settings).toEqual({ number_of_shards: 1, number_of_replicas: 2 });
    expect(created.mappings.dynamic).toBe('strict');
    expect(created.mappings.properties.familyId).toEqual({ type: 'keyword' });
    expect(calls[3]!.body).toEqual({ index_patterns: ['p-refresh-tokens'], priority: 200, template: { settings: created.settings, mappings: created.mappings } });
    const accounts = calls[2]!.body as { properties: Record<string, unknown> };
    expect(accounts.properties.passwordHash).toEqual({ type: 'keyword', index: false, doc_values: false });
  });

  it('passes on any other error and refuses a bad replica count', async () => {
    const refused = Object.assign(new Error('forbidden'), { meta: { statusCode: 403, body: { error: { type: 'security_exception' } } } });
    await expect(ensureStoreIndices(fakeClient(new Set(), refused).client, names)).rejects.toBe(refused);
    await expect(ensureStoreIndices(fakeClient(new Set()).client, names, { replicas: -1 })).rejects.toThrow(RangeError);
  });
});
