import { randomBytes } from 'node:crypto';
import type { AccountStore, LocalAccount } from './account-store';
import type { ScryptParams } from './password-hash';
import { normalizeUsername } from './account-store';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, verifyPasswordHash } from './password-hash';
import { assertPasswordPolicy } from './password-policy';

export interface NewLocalAccount {
  readonly username: string;
  readonly password: string;
  readonly roles?: readonly string[];
  readonly groups?: readonly string[];
  readonly site?: string;
  /** Default `local:<username>`. */
  readonly subject?: string;
}

/** Checks the password policy, hashes the password and stores a new account. */
export async function createLocalAccount(
  store: AccountStore,
  account: NewLocalAccount,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<LocalAccount> {
  const username = normalizeUsername(account.username);
  if (!/^[\p{L}\p{N}._@-]{1,128}$/u.test(username)) throw new TypeError('username: 1–128 letters, digits, ".", "_", "@" or "-"');
  assertPasswordPolicy(account.password, { username });
  const created: LocalAccount = {
    username,
    subject: account.subject ?? `local:${username}`,
    passwordHash: await hashPassword(account.password, params),
    roles: [...(account.roles ?? [])],
    groups: [...(account.groups ?? [])],
    ...(account.site === undefined ? {} : { site: account.site }),
  };
  await store.create(created);
  return created;
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * Returns the account if the password is right. For an unknown username it still runs scrypt,
 * against a dummy hash with the same parameters, so the time taken does not tell whether the
 * account exists. `params` must be the parameters accounts are hashed with.
 */
export async function verifyPassword(
  store: AccountStore,
  username: string,
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<LocalAccount | undefined> {
  const account = typeof username === 'string' ? await store.findByUsername(username) : undefined;
  const encoded = account?.passwordHash ?? (await dummyHash(params));
  const matches = await verifyPasswordHash(password, encoded);
  return account !== undefined && matches ? account : undefined;
}

function dummyHash(params: ScryptParams): Promise<string> {
  const key = `${params.N}$${params.r}$${params.p}`;
  let hash = dummyHashes.get(key);
  if (hash === undefined) {
    hash = hashPassword(randomBytes(32).toString('base64url'), params);
    dummyHashes.set(key, hash);
  }
  return hash;
}
