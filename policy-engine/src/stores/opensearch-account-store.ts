import type { OpenSearchClient } from '@halong/core/node';
import type { AccountStore, LocalAccount } from '../tokens/account-store';
import type { Clock } from '../tokens/clock';
import type { VersionedDocument } from './documents';
import { normalizeUsername } from '../tokens/account-store';
import { systemClock } from '../tokens/clock';
import { AccountExistsError } from '../tokens/errors';
import { getDocument } from './documents';
import { errorTypeOf, isConflict, statusOf } from './opensearch-errors';

/** An account as the admin API may show it: everything but the password hash. */
export type AccountSummary = Omit<LocalAccount, 'passwordHash'>;

/** The OpenSearch account store, with a listing for the admin API. */
export interface OpenSearchAccountStore extends AccountStore {
  /** Every account, sorted by username, without password hashes (they never leave OpenSearch here). */
  list(): Promise<AccountSummary[]>;
}

/** Options of `createOpenSearchAccountStore`. */
export interface OpenSearchAccountStoreOptions {
  readonly clock?: Clock;
  /** A subject reservation without its account is taken over after this long; default 5 min. */
  readonly orphanAfterMs?: number;
}

/** How long a reservation may wait for its account: far longer than one create call can take. */
export const DEFAULT_ORPHAN_RESERVATION_MS = 5 * 60_000;

interface AccountDoc extends Omit<LocalAccount, 'roles' | 'groups'> {
  readonly kind: 'account';
  readonly roles: string[];
  readonly groups: string[];
}

interface SubjectDoc {
  readonly kind: 'subject';
  readonly subject: string;
  readonly username: string;
  readonly reservedAt: number;
}

const PAGE = 500;
const subjectId = (subject: string) => `subject:${subject}`;
// Subject reservations live in the same index under `subject:<sub>`; a username with ":" could
// collide with one, and `createLocalAccount` never makes such a name anyway.
const isUsername = (username: string) => username.length > 0 && !username.includes(':');

/**
 * Local accounts in one OpenSearch index, document id = normalized username, so every instance
 * sees the same accounts and a real-time GET finds one without waiting for a refresh.
 *
 * Uniqueness of the subject needs a second document, because OpenSearch only enforces unique ids:
 * `create` first claims `subject:<sub>` with `op_type: create`, then creates the account the
 * same way. Whichever claim loses answers 409, so two instances racing for the same username or
 * subject cannot both succeed. If the process dies between the two writes the reservation is
 * orphaned; a later create of that subject takes it over (compare-and-set) once it is older
 * than `orphanAfterMs` and no account holds the subject.
 */
export function createOpenSearchAccountStore(
  client: OpenSearchClient,
  index: string,
  options: OpenSearchAccountStoreOptions = {},
): OpenSearchAccountStore {
  const clock = options.clock ?? systemClock;
  const orphanAfterMs = options.orphanAfterMs ?? DEFAULT_ORPHAN_RESERVATION_MS;

  const findAccount = async (username: string): Promise<LocalAccount | undefined> => {
    if (!isUsername(username)) return undefined;
    const doc = await getDocument<AccountDoc>(client, index, username);
    return doc === undefined || doc.source.kind !== 'account' ? undefined : fromDoc(doc.source);
  };

  const reserveSubject = async (subject: string, username: string): Promise<VersionedDocument<SubjectDoc>> => {
    const source: SubjectDoc = { kind: 'subject', subject, username, reservedAt: clock() };
    try {
      const { body } = await client.index({ index, id: subjectId(subject), op_type: 'create', body: source, refresh: true });
      return { source, seqNo: body._seq_no ?? -1, primaryTerm: body._primary_term ?? -1 };
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
    const existing = await getDocument<SubjectDoc>(client, index, subjectId(subject));
    if (existing === undefined || !(await isOrphan(existing.source))) throw new AccountExistsError(username);
    try {
      // Compare-and-set: of several creators finding the same orphan, only one takes it over.
      const { body } = await client.index({
        index, id: subjectId(subject), body: source, refresh: true, if_seq_no: existing.seqNo, if_primary_term: existing.primaryTerm,
      });
      return { source, seqNo: body._seq_no ?? -1, primaryTerm: body._primary_term ?? -1 };
    } catch (error) {
      if (isConflict(error)) throw new AccountExistsError(username);
      throw error;
    }
  };

  const isOrphan = async (reservation: SubjectDoc): Promise<boolean> => {
    if (clock() - reservation.reservedAt < orphanAfterMs) return false;
    const holder = await findAccount(reservation.username);
    return holder?.subject !== reservation.subject;
  };

  const release = async (reservation: VersionedDocument<SubjectDoc>): Promise<void> => {
    await client
      .delete({ index, id: subjectId(reservation.source.subject), if_seq_no: reservation.seqNo, if_primary_term: reservation.primaryTerm, refresh: true })
      .catch((error: unknown) => {
        // Gone or taken over meanwhile: it is not ours to delete any more.
        if (statusOf(error) !== 404 && !isConflict(error)) throw error;
      });
  };

  return {
    findByUsername: (username) => findAccount(normalizeUsername(username)),
    async findBySubject(subject) {
      const reservation = await getDocument<SubjectDoc>(client, index, subjectId(subject));
      if (reservation === undefined) return undefined;
      const account = await findAccount(reservation.source.username);
      // An orphaned or taken-over reservation may name a username whose account has another subject.
      return account?.subject === subject ? account : undefined;
    },
    async create(account) {
      const username = normalizeUsername(account.username);
      if (!isUsername(username)) throw new TypeError('username: must not be empty or contain ":"');
      if (account.subject.length === 0) throw new TypeError('subject: required');
      const reservation = await reserveSubject(account.subject, username);
      try {
        await client.index({ index, id: username, op_type: 'create', body: toDoc({ ...account, username }), refresh: true });
      } catch (error) {
        // Only a clear 409 proves the account was not written; after a timeout it may have been,
        // and releasing the reservation then would let a second account take the subject.
        if (!isConflict(error)) throw error;
        await release(reservation);
        throw new AccountExistsError(username);
      }
    },
    async update(account) {
      const username = normalizeUsername(account.username);
      if (!isUsername(username)) return false;
      try {
        // One atomic replace on the primary shard; the subject is kept, as in the memory store.
        await client.update({
          index, id: username, refresh: true, retry_on_conflict: 3,
          body: { script: { lang: 'painless', source: REPLACE_KEEPING_SUBJECT, params: { doc: toDoc({ ...account, username }) } } },
        });
        return true;
      } catch (error) {
        if (errorTypeOf(error) === 'document_missing_exception') return false;
        throw error;
      }
    },
    async list() {
      const accounts: AccountSummary[] = [];
      let after: string[] | undefined;
      for (;;) {
        const { body } = await client.search({
          index,
          body: {
            size: PAGE,
            query: { term: { kind: 'account' } },
            sort: [{ username: 'asc' }],
            _source: { excludes: ['passwordHash'] },
            ...(after === undefined ? {} : { search_after: after }),
          },
        });
        const hits = body.hits.hits;
        for (const hit of hits) accounts.push(summaryOf(hit._source as AccountDoc));
        if (hits.length < PAGE) return accounts;
        // Sorted by the username keyword alone, so the sort values are that one string.
        after = hits[hits.length - 1]!.sort as string[];
      }
    },
  };
}

const REPLACE_KEEPING_SUBJECT = 'String subject = ctx._source.subject; ctx._source.clear(); ctx._source.putAll(params.doc); ctx._source.subject = subject;';

function toDoc(account: LocalAccount): AccountDoc {
  return {
    kind: 'account',
    username: account.username,
    subject: account.subject,
    passwordHash: account.passwordHash,
    roles: [...account.roles],
    groups: [...account.groups],
    ...(account.site === undefined ? {} : { site: account.site }),
    ...(account.disabled === undefined ? {} : { disabled: account.disabled }),
  };
}

function fromDoc(doc: AccountDoc): LocalAccount {
  return { ...summaryOf(doc), passwordHash: doc.passwordHash };
}

function summaryOf(doc: Omit<AccountDoc, 'passwordHash'>): AccountSummary {
  return {
    username: doc.username,
    subject: doc.subject,
    roles: doc.roles,
    groups: doc.groups,
    ...(doc.site === undefined ? {} : { site: doc.site }),
    ...(doc.disabled === undefined ? {} : { disabled: doc.disabled }),
  };
}
