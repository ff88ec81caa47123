// verifyPassword must do the same work for an unknown username as for a known one: one scrypt
// run with the same parameters. Asserted by wrapping node:crypto's scrypt, never by timing.
import type * as Crypto from 'node:crypto';
import type * as AccountStoreModule from '../../src/tokens/account-store';
import type * as LocalAccountsModule from '../../src/tokens/local-accounts';

const FAST = { N: 2 ** 11, r: 8, p: 1 };

describe('verifyPassword work shape', () => {
  const runs: { N: number; r: number; p: number }[] = [];

  beforeAll(() => {
    jest.resetModules();
    jest.doMock('node:crypto', () => {
      const actual = jest.requireActual<typeof Crypto>('node:crypto');
      return {
        ...actual,
        scrypt: (...args: Parameters<typeof actual.scrypt>) => {
          runs.push(args[3] as { N: number; r: number; p: number });
          return (actual.scrypt as (...a: unknown[]) => void)(...args);
        },
      };
    });
  });

  afterAll(() => {
    jest.dontMock('node:crypto');
    jest.resetModules();
  });

  it('runs scrypt once with the account parameters for known, unknown and wrong-password attempts', async () => {
    // Loaded after doMock, through jest's registry, so they see the wrapped scrypt.
    const { createMemoryAccountStore } = jest.requireActual<typeof AccountStoreModule>('../../src/tokens/account-store');
    const { createLocalAccount, verifyPassword } = jest.requireActual<typeof LocalAccountsModule>('../../src/tokens/local-accounts');
    const store = createMemoryAccountStore();
    await createLocalAccount(store, { username: 'lan', password: 'a long enough password' }, FAST);
    await verifyPassword(store, 'nobody-warmup', 'x', FAST); // builds the dummy hash once
    runs.length = 0;

    expect(await verifyPassword(store, 'lan', 'a long enough password', FAST)).toMatchObject({ username: 'lan' });
    expect(await verifyPassword(store, 'lan', 'wrong password here', FAST)).toBeUndefined();
    expect(await verifyPassword(store, 'nobody', 'a long enough password', FAST)).toBeUndefined();

    expect(runs).toHaveLength(3);
    for (const run of runs) expect(run).toMatchObject(FAST);
  });
});
