import type { OpenSearchClient } from '@halong/core/node';

// Past this many rounds of documents changing under the query, revocation gives up loudly
// rather than report a count that left tokens alive.
const REVOKE_ATTEMPTS = 5;

const REVOKE_IF_ABSENT = "if (ctx._source.revokedAt == null) { ctx._source.revokedAt = params.at } else { ctx.op = 'noop' }";

/** The counters of an update/delete by query. */
export interface ByScrollResult {
  readonly updated?: number;
  readonly deleted?: number;
  readonly version_conflicts?: number;
  readonly failures?: readonly unknown[];
}

/** Sets `revokedAt` on every refresh token whose `field` is `value` and that has none; returns how many. */
export async function revokeByQuery(client: OpenSearchClient, index: string, field: 'familyId' | 'subject', value: string, at: number): Promise<number> {
  let updated = 0;
  for (let attempt = 1; ; attempt += 1) {
    // update_by_query searches, and search only sees refreshed segments: without this a token
    // issued a moment ago would escape the revocation, and a document that lost a race would be
    // retried at its stale version forever.
    await client.indices.refresh({ index });
    const { body } = await client.updateByQuery({
      index,
      refresh: true,
      // A document changed mid-way (a concurrent markUsed) is skipped and counted; the loop
      // runs again for those, and the script leaves the already revoked ones alone.
      conflicts: 'proceed',
      body: {
        query: { bool: { filter: [{ term: { [field]: value } }, { exists: { field: 'tokenHash' } }], must_not: [{ exists: { field: 'revokedAt' } }] } },
        script: { lang: 'painless', source: REVOKE_IF_ABSENT, params: { at } },
      },
    });
    const result = body as ByScrollResult;
    if ((result.failures ?? []).length > 0) throw new Error(`revoking refresh tokens by ${field} failed: ${JSON.stringify(result.failures)}`);
    updated += result.updated ?? 0;
    if ((result.version_conflicts ?? 0) === 0) return updated;
    if (attempt === REVOKE_ATTEMPTS) throw new Error(`revoking refresh tokens by ${field}: documents kept changing`);
  }
}
