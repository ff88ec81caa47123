import type { OpenSearchClient } from '@halong/core/node';
import type { WorkloadKind } from '../pki/spiffe-id';
import type { JoinTokenRecord, JoinTokenStore } from './join-token-store';
import { WORKLOAD_KINDS } from '../pki/spiffe-id';
import { EnrolmentError } from './errors';

/** A join token as stored in OpenSearch: the record with its identity flattened, times as ISO strings. */
interface JoinTokenDoc {
  tokenHash: string;
  kind: WorkloadKind;
  site: string;
  name: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** `list` returns at most this many records (OpenSearch's default result window). */
export const MAX_LISTED_JOIN_TOKENS = 10_000;

/** Settings and mappings of the join token index; `strict`, so a document with an unknown field is refused. */
export function joinTokenIndexBody(replicas = 0): Record<string, unknown> {
  const keyword = { type: 'keyword' };
  return {
    settings: { number_of_shards: 1, number_of_replicas: replicas },
    mappings: {
      dynamic: 'strict',
      properties: {
        // Compared after a get by id, never searched.
        tokenHash: { type: 'keyword', index: false, doc_values: false },
        kind: keyword,
        site: keyword,
        name: keyword,
        createdBy: keyword,
        createdAt: { type: 'date' },
        expiresAt: { type: 'date' },
        usedAt: { type: 'date' },
      },
    },
  };
}

export interface OpenSearchJoinTokenStoreOptions {
  /** Replicas of the index when the store creates it (default 0, like HALONG_OPENSEARCH_REPLICAS). */
  readonly replicas?: number;
}

/**
 * Join tokens in one OpenSearch index (document id = token id), shared by every Halong instance.
 *
 * `take` is a compare-and-set: `get` returns the document with its `_seq_no`/`_primary_term`,
 * and the write marking it used carries `if_seq_no`/`if_primary_term`, so of concurrent takes the
 * primary shard accepts exactly one and answers the others 409. Chosen over an `update` with a
 * painless script because hardened clusters often disable inline scripts
 * (`script.allowed_types`), and over `delete` because the used record stays for `list` and for
 * the audit of who enrolled when.
 */
export function createOpenSearchJoinTokenStore(client: OpenSearchClient, index: string, options: OpenSearchJoinTokenStoreOptions = {}): JoinTokenStore {
  let created: Promise<void> | undefined;
  const ensureIndex = (): Promise<void> => {
    created ??= client.indices.create({ index, body: joinTokenIndexBody(options.replicas) as never }).then(
      () => undefined,
      (error: unknown) => {
        // Another instance created it first: that is the index we want.
        if (errorType(error) === 'resource_already_exists_exception') return;
        created = undefined;
        throw failed('create the index', error);
      },
    );
    return created;
  };

  const read = async (id: string) => {
    let response;
    try {
      response = await client.get({ index, id }, { ignore: [404] });
    } catch (error) {
      throw failed('read a join token', error);
    }
    const body = response.body as { found?: boolean; _source?: unknown; _seq_no?: number; _primary_term?: number };
    if (!body.found) return undefined;
    return { record: fromDoc(id, body._source), seqNo: body._seq_no!, primaryTerm: body._primary_term! };
  };

  return {
    async put(record) {
      await ensureIndex();
      try {
        // `create` and wait_for: an existing id is refused, and `list` sees the token at once.
        await client.index({ index, id: record.id, op_type: 'create', refresh: 'wait_for', body: toDoc(record) });
      } catch (error) {
        throw failed('store a join token', error);
      }
    },
    get: async (id) => (await read(id))?.record,
    async take(id, at) {
      const current = await read(id);
      if (current === undefined || current.record.usedAt !== undefined) return undefined;
      const taken: JoinTokenRecord = { ...current.record, usedAt: new Date(at) };
      try {
        // wait_for: `list` shows the token used as soon as the enrolment returns; losers never wait.
        await client.index({ index, id, if_seq_no: current.seqNo, if_primary_term: current.primaryTerm, refresh: 'wait_for', body: toDoc(taken) });
      } catch (error) {
        // Someone changed the document since we read it: another take won, or it was revoked.
        if (statusOf(error) === 409) return undefined;
        throw failed('mark a join token used', error);
      }
      return taken;
    },
    async list() {
      let response;
      try {
        response = await client.search(
          { index, body: { size: MAX_LISTED_JOIN_TOKENS, sort: [{ createdAt: 'desc' }], query: { match_all: {} } } },
          { ignore: [404] },
        );
      } catch (error) {
        throw failed('list join tokens', error);
      }
      const hits = (response.body as { hits?: { hits?: { _id: string; _source?: unknown }[] } }).hits?.hits ?? [];
      return hits.map((hit) => fromDoc(hit._id, hit._source));
    },
    async delete(id) {
      try {
        const response = await client.delete({ index, id, refresh: 'wait_for' }, { ignore: [404] });
        return (response.body as { result?: string }).result === 'deleted';
      } catch (error) {
        throw failed('delete a join token', error);
      }
    },
  };
}

function toDoc(record: JoinTokenRecord): JoinTokenDoc {
  return {
    tokenHash: record.tokenHash,
    kind: record.identity.kind,
    site: record.identity.site,
    name: record.identity.name,
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    ...(record.usedAt === undefined ? {} : { usedAt: record.usedAt.toISOString() }),
  };
}

function fromDoc(id: string, source: unknown): JoinTokenRecord {
  const doc = (typeof source === 'object' && source !== null ? source : {}) as Partial<Record<keyof JoinTokenDoc, unknown>>;
  const text = (field: keyof JoinTokenDoc): string => {
    if (typeof doc[field] !== 'string') throw new EnrolmentError('HALONG_ENROL_STORE_FAILED', `join token ${id}: the stored document has no ${field}`);
    return doc[field];
  };
  const date = (field: keyof JoinTokenDoc): Date => {
    const value = new Date(text(field));
    if (Number.isNaN(value.getTime())) throw new EnrolmentError('HALONG_ENROL_STORE_FAILED', `join token ${id}: the stored ${field} is not a date`);
    return value;
  };
  const kind = text('kind');
  if (!(WORKLOAD_KINDS as readonly string[]).includes(kind)) throw new EnrolmentError('HALONG_ENROL_STORE_FAILED', `join token ${id}: the stored kind is unknown`);
  return {
    id,
    tokenHash: text('tokenHash'),
    identity: { kind: kind as WorkloadKind, site: text('site'), name: text('name') },
    createdBy: text('createdBy'),
    createdAt: date('createdAt'),
    expiresAt: date('expiresAt'),
    ...(doc.usedAt === undefined ? {} : { usedAt: date('usedAt') }),
  };
}

function statusOf(error: unknown): number | undefined {
  return (error as { meta?: { statusCode?: number } } | null)?.meta?.statusCode;
}

function errorType(error: unknown): string | undefined {
  return (error as { meta?: { body?: { error?: { type?: string } } } } | null)?.meta?.body?.error?.type;
}

function failed(what: string, error: unknown): EnrolmentError {
  if (error instanceof EnrolmentError) return error;
  const status = statusOf(error);
  return new EnrolmentError('HALONG_ENROL_STORE_FAILED', `could not ${what}${status ? ` (OpenSearch answered ${status})` : ''}: ${(error as Error).message}`, {
    cause: error,
  });
}
