import type { OpenSearchClient } from '@halong/core/node';
import type { AccountStore, LocalAccount } from '../tokens/account-store';
import type { Clock } from '../tokens/clock';
import type { AccountDoc, AccountSummary } from './account-documents';
import { normalizeUsername } from '../tokens/account-store';
import { systemClock } from '../tokens/clock';
import { AccountExistsError } from '../tokens/errors';
import { fromAccountDoc, toAccountDoc, toSummary } from './account-documents';
import { getDocument } from './documents';
import { errorTypeOf, isConflict } from './opensearch-errors';
import { createSubjectReservations } from './subject-reservations';

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

const PAGE = 500;
// Subject reservations live in the same index under `subject:<sub>`; a username with ":" could
// collide with one, and `createLocalAccount` never makes such a name anyway.
const isUsername = (username: string) => username.length > 0 && !username.includes(':');
const REPLACE_KEEPING_SUBJECT = 'String subject = ctx._source.subject; ctx._source.clear(); ctx._source.putAll(params.doc); ctx._source.subject = subject;';

/**
 * Local accounts in one OpenSearch index, document id = normalized username, so every instance
 * sees the same accounts and a real-time GET finds one without waiting for a refresh.
 *
 * Uniqueness of the subject needs a second document, because OpenSearch only enforces unique ids:
 * `create` first claims `subject:<sub>` with `op_type: create`, then creates the account the
 * same way. Whichever claim loses answers 409, so two instances racing for the same username or
 * subject cannot both succeed. A claim left by a process that died between the two writes is
 * taken over once it is older than `orphanAfterMs` and no account holds the subject.
 */
export function createOpenSearchAccountStore(
  client: OpenSearchClient,
  index: string,
  options: OpenSearchAccountStoreOptions = {},
): OpenSearchAccountStore {
  const findAccount = async (username: string): Promise<LocalAccount | undefined> => {
    if (!isUsername(username)) return undefined;
    const doc = await getDocument<AccountDoc>(client, index, username);
    return doc === undefined || doc.source.kind !== 'account' ? undefined : fromAccountDoc(doc.source);
  };
  const reservations = createSubjectReservations(client, index, {
    clock: options.clock ?? systemClock,
    orphanAfterMs: options.orphanAfterMs ?? DEFAULT_ORPHAN_RESERVATION_MS,
    subjectOf: async (username) => (await findAccount(username))?.subject,
  });

  return {
    findByUsername: (username) => findAccount(normalizeUsername(username)),
    async findBySubject(subject) {
      const username = await reservations.holderOf(subject);
      const account = username === undefined ? undefined : await findAccount(username);
      // An orphaned or taken-over claim may name a username whose account has another subject.
      return account?.subject === subject ? account : undefined;
    },
    async create(account) {
      const username = normalizeUsername(account.username);
      if (!isUsername(username)) throw new TypeError('username: must not be empty or contain ":"');
      if (account.subject.length === 0) throw new TypeError('subject: required');
      const reservation = await reservations.reserve(account.subject, username);
      try {
        await client.index({ index, id: username, op_type: 'create', body: toAccountDoc({ ...account, username }), refresh: true });
      } catch (error) {
        // Only a clear 409 proves the account was not written; after a timeout it may have been,
        // and releasing the claim then would let a second account take the subject.
        if (!isConflict(error)) throw error;
        await reservations.release(reservation);
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
          body: { script: { lang: 'painless', source: REPLACE_KEEPING_SUBJECT, params: { doc: toAccountDoc({ ...account, username }) } } },
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
        for (const hit of hits) accounts.push(toSummary(hit._source as AccountDoc));
        if (hits.length < PAGE) return accounts;
        // Sorted by the username keyword alone, so the sort values are that one string.
        after = hits[hits.length - 1]!.sort as string[];
      }
    },
  };
}
