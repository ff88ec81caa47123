import type { OpenSearchClient } from '@halong/core/node';
import { getDocument } from './documents';
import { isConflict } from './opensearch-errors';

// Why a marker: a rotation in flight when its family is revoked (the thief's replay racing the
// real client) inserts its new token after update_by_query has run, and that token would live
// on. `find` consults the marker, so a token of a revoked family is revoked whenever it is written.

/** A family's revocation, kept in the refresh token index until the family has expired. */
export interface FamilyMarker {
  readonly familyId: string;
  readonly revokedAt: number;
  readonly familyExpiresAt: number;
  /** = familyExpiresAt, so `prune` removes the marker with the family's last tokens. */
  readonly expiresAt: number;
}

/** Document id of a family's marker; token hashes (base64url) never contain ":". */
export const familyMarkerId = (familyId: string) => `family:${familyId}`;

/** When the family was revoked, if it was. */
export async function familyRevokedAt(client: OpenSearchClient, index: string, familyId: string): Promise<number | undefined> {
  return (await getDocument<FamilyMarker>(client, index, familyMarkerId(familyId)))?.source.revokedAt;
}

/**
 * Writes the family's marker once and returns the family's revocation time: the first
 * revocation's, which later ones keep. A family with no token on record gets no marker: nothing
 * can be rotating in it. Call after a refresh.
 */
export async function markFamilyRevoked(client: OpenSearchClient, index: string, familyId: string, at: number): Promise<number> {
  const { body } = await client.search({
    index,
    body: { size: 1, query: { bool: { filter: [{ term: { familyId } }, { exists: { field: 'tokenHash' } }] } }, sort: [{ familyExpiresAt: 'desc' }] },
  });
  const token = body.hits.hits[0]?._source as { familyExpiresAt?: number } | undefined;
  if (token?.familyExpiresAt === undefined) return at;
  const marker: FamilyMarker = { familyId, revokedAt: at, familyExpiresAt: token.familyExpiresAt, expiresAt: token.familyExpiresAt };
  try {
    await client.index({ index, id: familyMarkerId(familyId), op_type: 'create', body: marker });
    return at;
  } catch (error) {
    if (!isConflict(error)) throw error;
    return (await familyRevokedAt(client, index, familyId)) ?? at;
  }
}
