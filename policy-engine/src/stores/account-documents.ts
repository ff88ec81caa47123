import type { LocalAccount } from '../tokens/account-store';

/** An account as the admin API may show it: everything but the password hash. */
export type AccountSummary = Omit<LocalAccount, 'passwordHash'>;

/** An account as stored: `kind` tells it from the subject reservations in the same index. */
export interface AccountDoc extends Omit<LocalAccount, 'roles' | 'groups'> {
  readonly kind: 'account';
  readonly roles: string[];
  readonly groups: string[];
}

export function toAccountDoc(account: LocalAccount): AccountDoc {
  return { kind: 'account', ...toSummary(account), roles: [...account.roles], groups: [...account.groups], passwordHash: account.passwordHash };
}

export function fromAccountDoc(doc: AccountDoc): LocalAccount {
  return { ...toSummary(doc), passwordHash: doc.passwordHash };
}

// Field by field, so neither `kind` nor anything else stored leaks into what callers get.
export function toSummary(doc: AccountSummary): AccountSummary {
  return {
    username: doc.username,
    subject: doc.subject,
    roles: doc.roles,
    groups: doc.groups,
    ...(doc.site === undefined ? {} : { site: doc.site }),
    ...(doc.disabled === undefined ? {} : { disabled: doc.disabled }),
  };
}
