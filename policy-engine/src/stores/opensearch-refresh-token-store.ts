import type { OpenSearchClient } from '@halong/core/node';
import type { RefreshTokenRecord, RefreshTokenStore } from '../tokens/refresh-token-store';
import { getDocument } from './documents';
import { isConflict } from './opensearch-errors';

// A compare-and-set may lose to a revocation rather than to another use; it is then re-read and
// tried again. Past this many losses the use is refused, which revokes the family: fail closed.
const MARK_USED_ATTEMPTS = 5;
const REVOKE_ATTEMPTS = 5;

const REVOKE_IF_ABSENT = "if (ctx._source.revokedAt == null) { ctx._source.revokedAt = params.at } else { ctx.op = 'noop' }";

interface ByScrollResult {
  readonly updated?: number;
  readonly deleted?: number;
  readonly version_conflicts?: number;
  readonly failures?: readonly unknown[];
}

/**
 * Refresh tokens in one OpenSearch index, document id = token hash, shared by every instance.
 * `find` and `markUsed` use real-time GETs by id; `markUsed` writes with `if_seq_no` and
 * `if_primary_term`, so of any number of concurrent uses of one token exactly one wins.
 */
export function createOpenSearchRefreshTokenStore(client: OpenSearchClient, index: string): RefreshTokenStore {
  const revokeWhere = async (field: 'familyId' | 'subject', value: string, at: number): Promise<number> => {
    let updated = 0;
    for (let attempt = 1; ; attempt += 1) {
      // update_by_query searches, and search only sees refreshed segments: without this a token
      // issued a moment ago (the rotation a thief races against) would escape the revocation,
      // and a document that lost a race would be retried at its stale version forever.
      await client.indices.refresh({ index });
      const { body } = await client.updateByQuery({
        index,
        refresh: true,
        // A document changed mid-way (a concurrent markUsed) is skipped and counted; the loop
        // runs again for those, and the script leaves the already revoked ones alone.
        conflicts: 'proceed',
        body: {
          query: { bool: { filter: [{ term: { [field]: value } }], must_not: [{ exists: { field: 'revokedAt' } }] } },
          script: { lang: 'painless', source: REVOKE_IF_ABSENT, params: { at } },
        },
      });
      const result = body as ByScrollResult;
      if ((result.failures ?? []).length > 0) throw new Error(`revoking refresh tokens by ${field} failed: ${JSON.stringify(result.failures)}`);
      updated += result.updated ?? 0;
      if ((result.version_conflicts ?? 0) === 0) return updated;
      if (attempt === REVOKE_ATTEMPTS) throw new Error(`revoking refresh tokens by ${field}: documents kept changing`);
    }
  };

  return {
    async insert(record) {
      try {
        await client.index({ index, id: record.tokenHash, op_type: 'create', body: toDoc(record) });
      } catch (error) {
        if (isConflict(error)) throw new Error('refresh token hash collision');
        throw error;
      }
    },
    async find(tokenHash) {
      const doc = await getDocument<RefreshTokenRecord>(client, index, tokenHash);
      return doc === undefined ? undefined : toDoc(doc.source);
    },
    async markUsed(tokenHash, at) {
      for (let attempt = 0; attempt < MARK_USED_ATTEMPTS; attempt += 1) {
        const doc = await getDocument<RefreshTokenRecord>(client, index, tokenHash);
        if (doc === undefined || doc.source.usedAt !== undefined) return false;
        try {
          await client.index({
            index, id: tokenHash, body: { ...toDoc(doc.source), usedAt: at }, if_seq_no: doc.seqNo, if_primary_term: doc.primaryTerm,
          });
          return true;
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
      }
      return false;
    },
    revokeFamily: (familyId, at) => revokeWhere('familyId', familyId, at),
    revokeSubject: (subject, at) => revokeWhere('subject', subject, at),
    async prune(now) {
      await client.indices.refresh({ index });
      const { body } = await client.deleteByQuery({
        index,
        refresh: true,
        // A record changed meanwhile is left for the next prune.
        conflicts: 'proceed',
        body: { query: { range: { expiresAt: { lte: now } } } },
      });
      return (body as ByScrollResult).deleted ?? 0;
    },
  };
}

// Only the record's own fields, so what is stored and what is returned never carries extras
// (the mapping is strict) and a record read back equals the one written.
function toDoc(record: RefreshTokenRecord): RefreshTokenRecord {
  return {
    tokenHash: record.tokenHash,
    subject: record.subject,
    familyId: record.familyId,
    issuedAt: record.issuedAt,
    expiresAt: record.expiresAt,
    familyExpiresAt: record.familyExpiresAt,
    ...(record.certificateThumbprint === undefined ? {} : { certificateThumbprint: record.certificateThumbprint }),
    ...(record.usedAt === undefined ? {} : { usedAt: record.usedAt }),
    ...(record.revokedAt === undefined ? {} : { revokedAt: record.revokedAt }),
  };
}
