import type { RefreshTokenRecord } from '../../src/tokens/refresh-token-store';
import { createOpenSearchClient } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import { createOpenSearchRefreshTokenStore } from '../../src/stores/opensearch-refresh-token-store';
import { ensureStoreIndices, storeIndexNames } from '../../src/stores/store-indices';

const record = (tokenHash: string, extra: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord => ({
  tokenHash, subject: 'local:lan', familyId: 'family-A', issuedAt: 1_000, expiresAt: 2_000, familyExpiresAt: 5_000, ...extra,
});

describe('createOpenSearchRefreshTokenStore on the real engine', () => {
  const config = testConfig();
  const client = createOpenSearchClient(config);
  const names = storeIndexNames(config.indexPrefix);
  let made = 0;
  const fresh = async () => {
    made += 1;
    const index = `${names.refreshTokens}-${made}`;
    await ensureStoreIndices(client, { ...names, refreshTokens: index });
    return createOpenSearchRefreshTokenStore(client, index);
  };

  afterAll(async () => {
    await client.indices.delete({ index: [`${config.indexPrefix}-*`] }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client.close();
  });

  it('stores a record and finds it at once, as written; refuses a duplicate hash', async () => {
    const store = await fresh();
    const bound = record('h1', { certificateThumbprint: 'x5t-thumbprint' });
    await store.insert(bound);
    expect(await store.find('h1')).toEqual(bound);
    expect(await store.find('h2')).toBeUndefined();
    await expect(store.insert(record('h1', { subject: 'thief' }))).rejects.toThrow(/collision/);
    expect((await store.find('h1'))?.subject).toBe('local:lan');
  });

  it('marks a token used once', async () => {
    const store = await fresh();
    await store.insert(record('h'));
    expect(await store.markUsed('h', 1_500)).toBe(true);
    expect(await store.markUsed('h', 1_600)).toBe(false);
    expect(await store.markUsed('unknown', 1_600)).toBe(false);
    expect(await store.find('h')).toEqual(record('h', { usedAt: 1_500 }));
  });

  it('of 20 concurrent uses of one token, exactly one wins', async () => {
    const store = await fresh();
    await store.insert(record('race'));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.markUsed('race', 10_000 + i)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.find('race'))?.usedAt).toBe(10_000 + results.indexOf(true));
  });

  it('still lets exactly one use win while the family is being revoked', async () => {
    const store = await fresh();
    await store.insert(record('busy'));
    const [revoked, ...uses] = await Promise.all([
      store.revokeFamily('family-A', 7_000),
      ...Array.from({ length: 10 }, () => store.markUsed('busy', 6_000)),
    ]);
    expect(uses.filter(Boolean)).toHaveLength(1);
    expect(revoked).toBe(1);
    expect(await store.find('busy')).toEqual(record('busy', { usedAt: 6_000, revokedAt: 7_000 }));
  });

  it('revokes a family, counting only newly revoked tokens, including one inserted a moment before', async () => {
    const store = await fresh();
    await store.insert(record('a1'));
    await store.insert(record('a2', { usedAt: 1_100 }));
    await store.insert(record('b1', { familyId: 'family-B' }));
    await store.insert(record('a3'));
    expect(await store.revokeFamily('family-A', 3_000)).toBe(3);
    expect(await store.revokeFamily('family-A', 4_000)).toBe(0);
    expect(await store.find('a3')).toEqual(record('a3', { revokedAt: 3_000 }));
    expect(await store.find('a2')).toEqual(record('a2', { usedAt: 1_100, revokedAt: 3_000 }));
    expect((await store.find('b1'))?.revokedAt).toBeUndefined();
    expect(await store.revokeFamily('no-such-family', 4_000)).toBe(0);
  });

  it('revokes a token of a revoked family written after the revocation (a rotation in flight)', async () => {
    const store = await fresh();
    await store.insert(record('spent', { usedAt: 1_100 }));
    expect(await store.revokeFamily('family-A', 1_200)).toBe(1);
    // The legitimate client's rotation lands after the thief's replay revoked the family.
    await store.insert(record('late', { issuedAt: 1_150 }));
    expect(await store.find('late')).toEqual(record('late', { issuedAt: 1_150, revokedAt: 1_200 }));
    // Revoking again writes the revocation into the late token itself, with the family's first time.
    expect(await store.revokeFamily('family-A', 1_300)).toBe(1);
    expect(await store.find('late')).toEqual(record('late', { issuedAt: 1_150, revokedAt: 1_200 }));
    expect(await store.revokeFamily('family-A', 1_400)).toBe(0);
    await store.insert(record('other', { familyId: 'family-B' }));
    expect((await store.find('other'))?.revokedAt).toBeUndefined();
    // An unknown family gets no marker, and the marker is never taken for a token.
    expect(await store.revokeFamily('never-issued', 1_300)).toBe(0);
    expect(await store.find('family:family-A')).toBeUndefined();
    expect(await store.markUsed('family:family-A', 1_400)).toBe(false);
    await expect(store.insert(record('family:x'))).rejects.toThrow(TypeError);
  });

  it('prunes a family marker with the family, without counting it as a record', async () => {
    const store = await fresh();
    await store.insert(record('t', { expiresAt: 2_000, familyExpiresAt: 5_000 }));
    await store.revokeFamily('family-A', 1_500);
    expect(await store.prune(4_000)).toBe(1);
    await store.insert(record('t2', { expiresAt: 4_500, familyExpiresAt: 5_000 }));
    expect((await store.find('t2'))?.revokedAt).toBe(1_500);
    expect(await store.prune(5_000)).toBe(1);
    await store.insert(record('t3', { expiresAt: 6_000, familyExpiresAt: 9_000 }));
    expect((await store.find('t3'))?.revokedAt).toBeUndefined();
  });

  it('revokes every family of a subject and no one else', async () => {
    const store = await fresh();
    await store.insert(record('l1', { familyId: 'laptop' }));
    await store.insert(record('p1', { familyId: 'phone' }));
    await store.insert(record('p2', { familyId: 'phone', revokedAt: 1_200 }));
    await store.insert(record('m1', { subject: 'local:minh', familyId: 'minh' }));
    expect(await store.revokeSubject('local:lan', 3_000)).toBe(2);
    expect(await store.revokeSubject('local:lan', 3_500)).toBe(0);
    expect((await store.find('p2'))?.revokedAt).toBe(1_200);
    expect((await store.find('l1'))?.revokedAt).toBe(3_000);
    expect((await store.find('m1'))?.revokedAt).toBeUndefined();
  });

  it('prunes records expired by now and keeps the rest', async () => {
    const store = await fresh();
    await store.insert(record('old', { expiresAt: 1_500 }));
    await store.insert(record('edge', { expiresAt: 2_000 }));
    await store.insert(record('live', { expiresAt: 2_001 }));
    await store.revokeFamily('family-A', 1_900);
    expect(await store.prune(2_000)).toBe(2);
    expect(await store.find('old')).toBeUndefined();
    expect(await store.find('edge')).toBeUndefined();
    expect(await store.find('live')).toEqual(record('live', { expiresAt: 2_001, revokedAt: 1_900 }));
    expect(await store.prune(2_000)).toBe(0);
    await store.insert(record('just-written', { expiresAt: 1_000 }));
    expect(await store.prune(2_000)).toBe(1);
  });

  it('fails loudly without its index instead of finding nothing', async () => {
    const store = createOpenSearchRefreshTokenStore(client, `${config.indexPrefix}-missing`);
    await expect(store.find('h')).rejects.toMatchObject({ meta: { statusCode: 404 } });
    await expect(store.markUsed('h', 1)).rejects.toMatchObject({ meta: { statusCode: 404 } });
    await expect(store.revokeFamily('f', 1)).rejects.toMatchObject({ meta: { statusCode: 404 } });
  });
});
