import type { OpenSearchClient } from '@halong/core/node';
import { ACCOUNT_MAPPINGS, CERTIFICATE_MAPPINGS, REFRESH_TOKEN_MAPPINGS } from './store-mappings';
import { errorTypeOf } from './opensearch-errors';

// Above the priority of core's templates (100), in case a broader pattern ever covers these.
const TEMPLATE_PRIORITY = 200;

/** Names of the policy engine's state indices. */
export interface StoreIndexNames {
  readonly accounts: string;
  readonly refreshTokens: string;
  readonly certificates: string;
}

/** Index names for a prefix (`HALONG_INDEX_PREFIX`, default `halong`): `<prefix>-accounts`, ... */
export function storeIndexNames(prefix: string): StoreIndexNames {
  return { accounts: `${prefix}-accounts`, refreshTokens: `${prefix}-refresh-tokens`, certificates: `${prefix}-certificates` };
}

/** Options of `ensureStoreIndices`. */
export interface EnsureStoreIndicesOptions {
  /** `number_of_replicas` of newly created indices (`HALONG_OPENSEARCH_REPLICAS`); default 0. */
  readonly replicas?: number;
}

/**
 * Creates the missing state indices with their explicit mappings; returns the names it created.
 * Each index also gets an index template of its exact name, so an index deleted while Halong runs
 * is auto-created by the next write with the strict mapping, not a guessed one (a guessed `text`
 * familyId would make revocation by family silently match nothing). Indices that exist get the
 * current mapping put again, which adds new fields and fails loudly on a conflicting one. Safe to
 * run from several instances at once.
 */
export async function ensureStoreIndices(
  client: OpenSearchClient,
  names: StoreIndexNames,
  options: EnsureStoreIndicesOptions = {},
): Promise<string[]> {
  const replicas = options.replicas ?? 0;
  if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError('replicas: must be a whole number ≥ 0');
  // One shard: these indices stay small, and a single shard keeps sorting and seq_no simple.
  const settings = { number_of_shards: 1, number_of_replicas: replicas };
  const wanted = [
    [names.accounts, ACCOUNT_MAPPINGS],
    [names.refreshTokens, REFRESH_TOKEN_MAPPINGS],
    [names.certificates, CERTIFICATE_MAPPINGS],
  ] as const;
  const created: string[] = [];
  for (const [index, mappings] of wanted) {
    await client.indices.putIndexTemplate({ name: index, body: { index_patterns: [index], priority: TEMPLATE_PRIORITY, template: { settings, mappings } } });
    try {
      await client.indices.create({ index, body: { settings, mappings } });
      created.push(index);
    } catch (error) {
      if (errorTypeOf(error) !== 'resource_already_exists_exception') throw error;
      await client.indices.putMapping({ index, body: mappings });
    }
  }
  return created;
}
