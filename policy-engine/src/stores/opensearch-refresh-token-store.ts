import type { OpenSearchClient } from '@halong/core/node';
import type { RefreshTokenRecord, RefreshTokenStore } from '../tokens/refresh-token-store';
import { getDocument } from './documents';
import { familyRevokedAt, markFamilyRevoked } from './family-markers';
import { isConflict } from './opensearch-errors';
import type { ByScrollResult } from './revoke-by-query';
import { revokeByQuery } from './revoke-by-query';

// A compare-and-set may lose to a revocation rather than to another use; it is then re-read and
// tried again. Past this many losses the use is refused, which revokes the family: fail closed.
const MARK_USED_ATTEMPTS = 5;

// Family markers share the index and carry no tokenHash.
const isToken = (source: Partial<RefreshTokenRecord>) => typeof source.tokenHash === 'string';

/**
 * Refresh tokens in one OpenSearch index, document id = token hash, shared by every instance.
 * `find` and `markUsed` use real-time GETs by id; `markUsed` writes with `if_seq_no` and
 * `if_primary_term`, so of any number of concurrent uses of one token exactly one wins.
 * `revokeFamily` also leaves a marker that revokes tokens of the family written after it.
 */
export function createOpenSearchRefreshTokenStore(client: OpenSearchClient, index: string): RefreshTokenStore {
  const deleteByQuery = async (query: Record<string, unknown>): Promise<number> => {
    // A record changed meanwhile is left for the next prune.
    const { body } = await client.deleteByQuery({ index, refresh: true, conflicts: 'proceed', body: { query } });
    return (body as ByScrollResult).deleted ?? 0;
  };

  return {
    async insert(record) {
      if (record.tokenHash.length === 0 || record.tokenHash.includes(':')) throw new TypeError('tokenHash: must not be empty or contain ":"');
      try {
        await client.index({ index, id: record.tokenHash, op_type: 'create', body: toDoc(record) });
      } catch (error) {
        if (isConflict(error)) throw new Error('refresh token hash collision');
        throw error;
      }
    },
    async find(tokenHash) {
      const doc = await getDocument<RefreshTokenRecord>(client, index, tokenHash);
      if (doc === undefined || !isToken(doc.source)) return undefined;
      const record = toDoc(doc.source);
      if (record.revokedAt !== undefined) return record;
      const revokedAt = await familyRevokedAt(client, index, record.familyId);
      return revokedAt === undefined ? record : { ...record, revokedAt };
    },
    async markUsed(tokenHash, at) {
      for (let attempt = 0; attempt < MARK_USED_ATTEMPTS; attempt += 1) {
        const doc = await getDocument<RefreshTokenRecord>(client, index, tokenHash);
        if (doc === undefined || !isToken(doc.source) || doc.source.usedAt !== undefined) return false;
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
    async revokeFamily(familyId, at) {
      await client.indices.refresh({ index });
      // Tokens the marker already revoked get its time, so `find` answers the same before and after.
      const revokedAt = await markFamilyRevoked(client, index, familyId, at);
      return revokeByQuery(client, index, 'familyId', familyId, revokedAt);
    },
    revokeSubject: (subject, at) => revokeByQuery(client, index, 'subject', subject, at),
    async prune(now) {
      await client.indices.refresh({ index });
      const expired = { range: { expiresAt: { lte: now } } };
      const isTokenHash = { exists: { field: 'tokenHash' } };
      const tokens = await deleteByQuery({ bool: { filter: [expired, isTokenHash] } });
      // Markers of families past their lifetime are dropped too, but are not records to count.
      await deleteByQuery({ bool: { filter: [expired], must_not: [isTokenHash] } });
      return tokens;
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
