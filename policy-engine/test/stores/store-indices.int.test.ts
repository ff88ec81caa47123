import { createOpenSearchClient } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import { ensureStoreIndices, storeIndexNames } from '../../src/stores/store-indices';

describe('ensureStoreIndices on the real engine', () => {
  const config = testConfig();
  const client = createOpenSearchClient(config);
  const names = storeIndexNames(config.indexPrefix);

  afterAll(async () => {
    await client.indices.delete({ index: [`${config.indexPrefix}-*`] }).catch(() => undefined);
    await Promise.all(Object.values(names).map((name) => client.indices.deleteIndexTemplate({ name }).catch(() => undefined)));
    await client.close();
  });

  it('creates the three indices once; running it again (or from two instances at once) changes nothing', async () => {
    const [first, second] = await Promise.all([ensureStoreIndices(client, names), ensureStoreIndices(client, names)]);
    expect([...first!, ...second!].sort()).toEqual([names.accounts, names.certificates, names.refreshTokens].sort());
    expect(await ensureStoreIndices(client, names)).toEqual([]);
    const { body } = await client.indices.getMapping({ index: names.refreshTokens });
    expect(body[names.refreshTokens]?.mappings).toMatchObject({
      dynamic: 'strict',
      properties: { familyId: { type: 'keyword' }, expiresAt: { type: 'date', format: 'epoch_millis' } },
    });
  });

  it('refuses documents with fields the mapping does not know', async () => {
    await ensureStoreIndices(client, names);
    const write = client.index({ index: names.refreshTokens, id: 'x', body: { tokenHash: 'x', surprise: true } });
    await expect(write).rejects.toMatchObject({ meta: { statusCode: 400, body: { error: { type: 'strict_dynamic_mapping_exception' } } } });
  });

  it('never makes the password hash searchable', async () => {
    await ensureStoreIndices(client, names);
    await client.index({ index: names.accounts, id: 'u', body: { kind: 'account', username: 'u', passwordHash: 'scrypt$secret' }, refresh: true });
    const search = client.search({ index: names.accounts, body: { query: { term: { passwordHash: 'scrypt$secret' } } } });
    await expect(search).rejects.toMatchObject({ meta: { statusCode: 400 } });
  });

  it('brings an index deleted while running back with the strict mapping on the next write', async () => {
    await ensureStoreIndices(client, names);
    await client.indices.delete({ index: names.refreshTokens });
    await client.index({ index: names.refreshTokens, id: 'h', body: { tokenHash: 'h', familyId: 'Fam-ILY' }, refresh: true });
    const { body } = await client.indices.getMapping({ index: names.refreshTokens });
    expect(body[names.refreshTokens]?.mappings).toMatchObject({ dynamic: 'strict', properties: { familyId: { type: 'keyword' } } });
    const { body: count } = await client.count({ index: names.refreshTokens, body: { query: { term: { familyId: 'Fam-ILY' } } } });
    expect(count.count).toBe(1);
  });
});
