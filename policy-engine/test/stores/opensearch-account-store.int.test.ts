import type { LocalAccount } from '../../src/tokens/account-store';
import { createOpenSearchClient } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import { AccountExistsError } from '../../src/tokens/errors';
import { createLocalAccount, verifyPassword } from '../../src/tokens/local-accounts';
import { createOpenSearchAccountStore } from '../../src/stores/opensearch-account-store';
import { ensureStoreIndices, storeIndexNames } from '../../src/stores/store-indices';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
const HASH = 'scrypt$1024$8$1$c2FsdA$aGFzaA';

const account = (username: string, subject: string, extra: Partial<LocalAccount> = {}): LocalAccount => ({
  username, subject, passwordHash: HASH, roles: ['soc-analyst'], groups: ['soc'], ...extra,
});

describe('createOpenSearchAccountStore on the real engine', () => {
  const config = testConfig();
  const client = createOpenSearchClient(config);
  const names = storeIndexNames(config.indexPrefix);
  let made = 0;
  // Each test gets its own index, created by the code Halong runs at start.
  const fresh = async (options?: Parameters<typeof createOpenSearchAccountStore>[2]) => {
    made += 1;
    const index = `${names.accounts}-${made}`;
    await ensureStoreIndices(client, { ...names, accounts: index });
    return { index, store: createOpenSearchAccountStore(client, index, options) };
  };

  afterAll(async () => {
    await client.indices.delete({ index: [`${config.indexPrefix}-*`] }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client.close();
  });

  it('creates an account and finds it by normalized username and by subject, at once', async () => {
    const { store } = await fresh();
    await store.create(account(' Lan.Nguyen ', 'local:lan', { site: 'quang-ninh' }));
    const expected = account('lan.nguyen', 'local:lan', { site: 'quang-ninh' });
    expect(await store.findByUsername('LAN.NGUYEN')).toEqual(expected);
    expect(await store.findBySubject('local:lan')).toEqual(expected);
    expect(await store.findByUsername('nobody')).toBeUndefined();
    expect(await store.findBySubject('local:nobody')).toBeUndefined();
    // The subject reservation is not an account, whatever a caller asks for.
    expect(await store.findByUsername('subject:local:lan')).toBeUndefined();
  });

  it('refuses a taken username and leaves the refused subject free', async () => {
    const { store } = await fresh();
    await store.create(account('minh', 'sub-1'));
    await expect(store.create(account(' MINH', 'sub-2'))).rejects.toThrow(AccountExistsError);
    expect((await store.findByUsername('minh'))?.subject).toBe('sub-1');
    expect(await store.findBySubject('sub-2')).toBeUndefined();
    await store.create(account('trang', 'sub-2'));
    expect((await store.findBySubject('sub-2'))?.username).toBe('trang');
  });

  it('refuses a taken subject and does not create the username', async () => {
    const { store } = await fresh();
    await store.create(account('minh', 'shared'));
    await expect(store.create(account('trang', 'shared'))).rejects.toMatchObject({ code: 'HALONG_TOKEN_ACCOUNT_EXISTS' });
    expect(await store.findByUsername('trang')).toBeUndefined();
    expect((await store.findBySubject('shared'))?.username).toBe('minh');
  });

  it('lets exactly one of many concurrent creates win, for the same username or the same subject', async () => {
    const { store } = await fresh();
    const sameName = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.create(account('duc', `duc-${i}`))));
    expect(sameName.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of sameName) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(AccountExistsError);
    const winner = (await store.findByUsername('duc'))!.subject;
    for (let i = 0; i < 10; i += 1) expect((await store.findBySubject(`duc-${i}`))?.username).toBe(`duc-${i}` === winner ? 'duc' : undefined);

    const sameSubject = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.create(account(`user-${i}`, 'one-subject'))));
    expect(sameSubject.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const holders = await Promise.all(Array.from({ length: 10 }, (_, i) => store.findByUsername(`user-${i}`)));
    expect(holders.filter((h) => h !== undefined)).toHaveLength(1);
  });

  it('updates an existing account in place, keeping its subject; an unknown one is not created', async () => {
    const { store } = await fresh();
    await store.create(account('hoa', 'local:hoa', { site: 'ha-long' }));
    expect(await store.update(account('HOA', 'someone-else', { roles: ['soc-lead'], disabled: true }))).toBe(true);
    const updated = await store.findBySubject('local:hoa');
    expect(updated).toEqual(account('hoa', 'local:hoa', { roles: ['soc-lead'], disabled: true }));
    expect(updated).not.toHaveProperty('site');
    expect(await store.findBySubject('someone-else')).toBeUndefined();
    expect(await store.update(account('ghost', 'local:ghost'))).toBe(false);
    expect(await store.findByUsername('ghost')).toBeUndefined();
  });

  it('takes over a subject reservation left by a crash only once it is old and no account holds it', async () => {
    let now = Date.UTC(2026, 10, 23, 8);
    const { store, index } = await fresh({ clock: () => now, orphanAfterMs: 60_000 });
    // What a process dying between the two writes of `create` leaves behind.
    await client.index({ index, id: 'subject:crashed', op_type: 'create', refresh: true, body: { kind: 'subject', subject: 'crashed', username: 'lost', reservedAt: now } });
    await expect(store.create(account('second', 'crashed'))).rejects.toThrow(AccountExistsError);
    now += 60_000;
    await store.create(account('second', 'crashed'));
    expect((await store.findBySubject('crashed'))?.username).toBe('second');
    // A held subject is never taken over, however old its reservation.
    now += 3_600_000;
    await expect(store.create(account('third', 'crashed'))).rejects.toThrow(AccountExistsError);
    expect(await store.findByUsername('third')).toBeUndefined();
  });

  it('lists every account sorted by username without password hashes, past one page', async () => {
    const { store, index } = await fresh();
    await store.create(account('zz-last', 'z', { disabled: true }));
    const bulk = Array.from({ length: 1200 }, (_, i) => {
      const a = account(`user-${String(i).padStart(4, '0')}`, `s-${i}`);
      return [{ create: { _index: index, _id: a.username } }, { kind: 'account', ...a }];
    }).flat();
    const { body } = await client.bulk({ refresh: true, body: bulk });
    expect(body.errors).toBe(false);
    const listed = await store.list();
    expect(listed).toHaveLength(1201);
    expect(listed.map((a) => a.username)).toEqual([...listed.map((a) => a.username)].sort());
    expect(listed[0]).toEqual({ username: 'user-0000', subject: 's-0', roles: ['soc-analyst'], groups: ['soc'] });
    expect(listed[1200]).toEqual({ username: 'zz-last', subject: 'z', roles: ['soc-analyst'], groups: ['soc'], disabled: true });
    expect(JSON.stringify(listed)).not.toContain('scrypt');
  });

  it('works under createLocalAccount and verifyPassword', async () => {
    const { store } = await fresh();
    const password = 'Hạ Long bay at dawn 2025';
    await createLocalAccount(store, { username: 'Thu', password, roles: ['soc-analyst'] }, FAST);
    await expect(createLocalAccount(store, { username: 'thu', password }, FAST)).rejects.toThrow(AccountExistsError);
    expect(await verifyPassword(store, 'thu', password, FAST)).toMatchObject({ subject: 'local:thu' });
    expect(await verifyPassword(store, 'thu', 'not the password at all', FAST)).toBeUndefined();
  });

  it('refuses usernames that could collide with reservations, and fails loudly without its index', async () => {
    const { store } = await fresh();
    await expect(store.create(account('a:b', 's'))).rejects.toThrow(TypeError);
    await expect(store.create(account('  ', 's'))).rejects.toThrow(TypeError);
    expect(await store.findBySubject('s')).toBeUndefined();
    const orphaned = createOpenSearchAccountStore(client, `${config.indexPrefix}-missing`);
    await expect(orphaned.findByUsername('lan')).rejects.toMatchObject({ meta: { statusCode: 404 } });
  });
});
