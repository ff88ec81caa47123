import type { JoinTokenRecord, JoinTokenStore } from '../../src/enrolment/join-token-store';
import { EnrolmentError } from '../../src/enrolment/errors';
import { hashJoinToken, joinTokenMatches, mintJoinToken } from '../../src/enrolment/join-token';
import { createJoinTokenService } from '../../src/enrolment/join-token-service';
import { createMemoryJoinTokenStore } from '../../src/enrolment/join-token-store';
import { createOpenSearchJoinTokenStore, joinTokenIndexBody } from '../../src/enrolment/opensearch-join-token-store';
import { START, fakeOpenSearch, testClock } from './support';

function record(overrides: Partial<JoinTokenRecord> = {}): JoinTokenRecord {
  const { id, token } = mintJoinToken();
  return {
    id,
    tokenHash: hashJoinToken(token),
    identity: { kind: 'collector', site: 'commune-3', name: 'syslog-01' },
    createdBy: 'admin:lan',
    createdAt: START,
    expiresAt: new Date(START.getTime() + 3600_000),
    ...overrides,
  };
}

const USED_AT = new Date('2026-11-23T09:00:00.000Z');

// The contract every store must keep, run against both.
describe.each<[string, () => { store: JoinTokenStore }]>([
  ['memory store', () => ({ store: createMemoryJoinTokenStore() })],
  ['OpenSearch store (double)', () => ({ store: createOpenSearchJoinTokenStore(fakeOpenSearch().client, 'halong-join-tokens') })],
])('%s', (_name, make) => {
  it('puts, gets and lists records as they were given', async () => {
    const { store } = make();
    const a = record();
    const b = record({ createdAt: new Date(START.getTime() + 1000) });
    await store.put(a);
    await store.put(b);
    expect(await store.get(a.id)).toEqual(a);
    expect((await store.list()).sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())).toEqual([a, b]);
    expect(await store.get(record().id)).toBeUndefined();
  });

  it('refuses a second record with the same id', async () => {
    const { store } = make();
    const a = record();
    await store.put(a);
    await expect(store.put({ ...a, createdBy: 'someone-else' })).rejects.toThrow();
    expect((await store.get(a.id))?.createdBy).toBe('admin:lan');
  });

  it('takes a record once: marked used, returned as marked, then undefined', async () => {
    const { store } = make();
    const a = record();
    await store.put(a);
    expect(await store.take(a.id, USED_AT)).toEqual({ ...a, usedAt: USED_AT });
    expect(await store.take(a.id, new Date(USED_AT.getTime() + 1))).toBeUndefined();
    expect(await store.get(a.id)).toEqual({ ...a, usedAt: USED_AT });
    expect(await store.take(record().id, USED_AT)).toBeUndefined();
  });

  it('lets exactly one of 20 concurrent takes win', async () => {
    const { store } = make();
    const a = record();
    await store.put(a);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.take(a.id, new Date(USED_AT.getTime() + i))));
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    expect(await store.get(a.id)).toEqual(winners[0]);
  });

  it('deletes a record once', async () => {
    const { store } = make();
    const a = record();
    await store.put(a);
    expect(await store.delete(a.id)).toBe(true);
    expect(await store.delete(a.id)).toBe(false);
    expect(await store.get(a.id)).toBeUndefined();
    expect(await store.take(a.id, USED_AT)).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });

  it('hands out copies: changing a returned record changes nothing stored', async () => {
    const { store } = make();
    const a = record();
    await store.put(a);
    const got = (await store.get(a.id)) as { identity: { name: string }; createdAt: Date };
    got.identity.name = 'changed';
    got.createdAt.setTime(0);
    expect(await store.get(a.id)).toEqual(a);
  });
});

describe('createOpenSearchJoinTokenStore', () => {
  it('creates its index once with a strict mapping, and tolerates one created by another instance', async () => {
    const os = fakeOpenSearch();
    const store = createOpenSearchJoinTokenStore(os.client, 'halong-join-tokens', { replicas: 1 });
    await store.put(record());
    await store.put(record());
    expect(os.api.indices.create).toHaveBeenCalledTimes(1);
    expect(os.api.indices.create).toHaveBeenCalledWith({ index: 'halong-join-tokens', body: joinTokenIndexBody(1) });
    expect(os.mapping).toMatchObject({ dynamic: 'strict' });
    // A second instance finds the index there already.
    const second = createOpenSearchJoinTokenStore(os.client, 'halong-join-tokens');
    await second.put(record());
    expect(os.docs.size).toBe(3);
  });

  it('writes a document of mapped fields only, holding the hash and never the token', async () => {
    const os = fakeOpenSearch();
    const store = createOpenSearchJoinTokenStore(os.client, 'halong-join-tokens');
    const { id, token } = mintJoinToken();
    await store.put({ ...record(), id, tokenHash: hashJoinToken(token) });
    const doc = os.docs.get(id)!.source;
    expect(doc).toEqual({
      tokenHash: hashJoinToken(token),
      kind: 'collector',
      site: 'commune-3',
      name: 'syslog-01',
      createdBy: 'admin:lan',
      createdAt: '2026-11-23T08:00:00.000Z',
      expiresAt: '2026-11-23T09:00:00.000Z',
    });
    expect(JSON.stringify(doc)).not.toContain(token.slice(token.indexOf('.') + 1));
    expect(os.api.index).toHaveBeenCalledWith(expect.objectContaining({ id, op_type: 'create', refresh: 'wait_for' }));
  });

  it('marks used with if_seq_no/if_primary_term from the get, and counts a 409 as a lost race', async () => {
    const os = fakeOpenSearch();
    const store = createOpenSearchJoinTokenStore(os.client, 'halong-join-tokens');
    const a = record();
    await store.put(a);
    const seqNo = os.docs.get(a.id)!.seqNo;
    expect(await store.take(a.id, USED_AT)).toEqual({ ...a, usedAt: USED_AT });
    expect(os.api.index).toHaveBeenLastCalledWith(expect.objectContaining({ id: a.id, if_seq_no: seqNo, if_primary_term: 1 }));
    expect(os.docs.get(a.id)!.source.usedAt).toBe(USED_AT.toISOString());

    const b = record();
    await store.put(b);
    os.api.index.mockImplementationOnce(async () => Promise.reject(os.responseError(409, 'version_conflict_engine_exception')));
    expect(await store.take(b.id, USED_AT)).toBeUndefined();
  });

  it('answers a missing index as empty', async () => {
    const os = fakeOpenSearch();
    const store = createOpenSearchJoinTokenStore(os.client, 'halong-join-tokens');
    expect(await store.get(record().id)).toBeUndefined();
    expect(await store.list()).toEqual([]);
    expect(await store.delete(record().id)).toBe(false);
  });

  it('wraps engine failures in HALONG_ENROL_STORE_FAILED with the status', async () => {
    const os = fakeOpenSearch();
    const store = createOpenSearchJoinTokenStore(os.client, 'halong-join-tokens');
    const a = record();
    await store.put(a);
    os.api.failNext = os.responseError(503, 'cluster_block_exception');
    const error = await store.get(a.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnrolmentError);
    expect(error).toMatchObject({ code: 'HALONG_ENROL_STORE_FAILED', status: 503, message: expect.stringContaining('OpenSearch answered 503') });
    os.api.failNext = undefined;

    os.api.index.mockImplementationOnce(async () => Promise.reject(os.responseError(500, 'internal')));
    await expect(store.take(a.id, USED_AT)).rejects.toMatchObject({ code: 'HALONG_ENROL_STORE_FAILED' });
    expect(await store.get(a.id)).toEqual(a);
  });

  it('retries creating the index after a failure', async () => {
    const os = fakeOpenSearch();
    const store = createOpenSearchJoinTokenStore(os.client, 'halong-join-tokens');
    os.api.indices.create.mockImplementationOnce(async () => Promise.reject(os.responseError(503, 'unavailable')));
    await expect(store.put(record())).rejects.toMatchObject({ code: 'HALONG_ENROL_STORE_FAILED' });
    await store.put(record());
    expect(os.docs.size).toBe(1);
  });

  it('refuses a stored document that is incomplete or names an unknown kind', async () => {
    const os = fakeOpenSearch();
    const store = createOpenSearchJoinTokenStore(os.client, 'halong-join-tokens');
    const a = record();
    await store.put(a);
    const doc = os.docs.get(a.id)!;
    for (const broken of [{ ...doc.source, tokenHash: undefined }, { ...doc.source, kind: 'admin' }, { ...doc.source, expiresAt: 'soon' }]) {
      doc.source = broken;
      await expect(store.get(a.id)).rejects.toMatchObject({ code: 'HALONG_ENROL_STORE_FAILED' });
    }
  });

  it('serves the join token service end to end', async () => {
    const os = fakeOpenSearch();
    const service = createJoinTokenService({ store: createOpenSearchJoinTokenStore(os.client, 'halong-join-tokens'), clock: testClock().clock });
    const issued = await service.issue({ kind: 'service', site: 'hq', name: 'gateway', createdBy: 'admin:lan' });
    expect(joinTokenMatches(issued.token, os.docs.get(issued.id)!.source.tokenHash as string)).toBe(true);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => service.redeem(issued.token)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await service.list()).map((t) => t.state)).toEqual(['used']);
  });
});

describe('joinTokenMatches', () => {
  it('is false for a stored hash of the wrong length instead of throwing', () => {
    const { token } = mintJoinToken();
    expect(joinTokenMatches(token, hashJoinToken(token))).toBe(true);
    expect(joinTokenMatches(token, '')).toBe(false);
    expect(joinTokenMatches(token, hashJoinToken(token).slice(0, 20))).toBe(false);
  });
});
