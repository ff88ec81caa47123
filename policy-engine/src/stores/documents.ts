import type { OpenSearchClient } from '@halong/core/node';
import { isMissingDocument } from './opensearch-errors';

/** A document with what a compare-and-set write needs to replace exactly this version. */
export interface VersionedDocument<T> {
  readonly source: T;
  readonly seqNo: number;
  readonly primaryTerm: number;
}

/**
 * Real-time GET by id: it sees every acknowledged write without waiting for a refresh, which is
 * why the stores look documents up by id rather than by search wherever they can.
 */
export async function getDocument<T>(client: OpenSearchClient, index: string, id: string): Promise<VersionedDocument<T> | undefined> {
  try {
    const { body } = await client.get({ index, id });
    if (!body.found || body._source === undefined) return undefined;
    return { source: body._source as T, seqNo: body._seq_no ?? -1, primaryTerm: body._primary_term ?? -1 };
  } catch (error) {
    if (isMissingDocument(error)) return undefined;
    throw error;
  }
}
