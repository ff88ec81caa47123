import { AccountExistsError } from './errors';

/** A local (non-OIDC) console account. */
export interface LocalAccount {
  /** Normalized with `normalizeUsername`. */
  readonly username: string;
  /** Stable subject (`sub`) of the account's tokens. */
  readonly subject: string;
  /** `scrypt$N$r$p$salt$hash`. */
  readonly passwordHash: string;
  readonly roles: readonly string[];
  readonly groups: readonly string[];
  readonly site?: string;
  readonly disabled?: boolean;
}

/** Storage of local accounts. In memory now; OpenSearch later. */
export interface AccountStore {
  findByUsername(username: string): Promise<LocalAccount | undefined>;
  findBySubject(subject: string): Promise<LocalAccount | undefined>;
  /** Throws an `AccountExistsError` if the username or subject is taken. */
  create(account: LocalAccount): Promise<void>;
  /** Replaces an account (same username); returns false if there is none. */
  update(account: LocalAccount): Promise<boolean>;
}

/** Usernames compare after NFKC normalization, trimming and lower-casing. */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/** An in-memory account store. */
export function createMemoryAccountStore(): AccountStore {
  const byUsername = new Map<string, LocalAccount>();
  const subjects = new Map<string, string>();
  const copy = (account: LocalAccount | undefined) => (account === undefined ? undefined : { ...account });
  return {
    findByUsername: async (username) => copy(byUsername.get(normalizeUsername(username))),
    findBySubject: async (subject) => {
      const username = subjects.get(subject);
      return username === undefined ? undefined : copy(byUsername.get(username));
    },
    async create(account) {
      const username = normalizeUsername(account.username);
      if (byUsername.has(username) || subjects.has(account.subject)) throw new AccountExistsError(username);
      byUsername.set(username, { ...account, username });
      subjects.set(account.subject, username);
    },
    async update(account) {
      const username = normalizeUsername(account.username);
      const existing = byUsername.get(username);
      if (existing === undefined) return false;
      byUsername.set(username, { ...account, username, subject: existing.subject });
      return true;
    },
  };
}
