// Worker checkpoints in one OpenSearch index (document id = group:topic:partition), shared by
// every Halong instance so a partition's next owner finds its state. Writes are conditional on
// the version last read or written (`if_seq_no`/`if_primary_term`): a worker that lost its
// partition but still finishes a batch cannot overwrite the new owner's checkpoint.
import type { OpenSearchClient } from '@halong/core/node';
import { DetectionRuntimeError } from './errors';
import type { CheckpointStore, CheckpointVersion } from './partition-state';
import { checkpointConflict } from './partition-state';

/** Settings and mappings of the checkpoint index: state is kept in `_source`, never indexed. */
export function checkpointIndexBody(replicas = 0): Record<string, unknown> {
  return {
    settings: { number_of_shards: 1, number_of_replicas: replicas },
    mappings: {
      dynamic: false,
      properties: {
        group: { type: 'keyword' },
        topic: { type: 'keyword' },
        partition: { type: 'integer' },
        offset: { type: 'keyword' },
        saved_at: { type: 'date' },
        state: { type: 'object', enabled: false },
      },
    },
  };
}

interface ResponseLike {
  meta?: { statusCode?: number; body?: { error?: { type?: string } | string } };
}
const statusOf = (error: unknown) => (error as ResponseLike | undefined)?.meta?.statusCode;
const typeOf = (error: unknown) => {
  const e = (error as ResponseLike | undefined)?.meta?.body?.error;
  return typeof e === 'object' ? e.type : undefined;
};
const failed = (what: string, cause: unknown) =>
  new DetectionRuntimeError('HALONG_DETECTION_CHECKPOINT', `cannot ${what}: ${(cause as Error).message ?? String(cause)}`, { cause });

/** The checkpoint store over an OpenSearch index (created on first use). */
export function createOpenSearchCheckpointStore(client: OpenSearchClient, index: string, options: { replicas?: number } = {}): CheckpointStore {
  let created: Promise<void> | undefined;
  const ensureIndex = (): Promise<void> => {
    created ??= client.indices.create({ index, body: checkpointIndexBody(options.replicas) as never }).then(
      () => undefined,
      (error: unknown) => {
        // Another instance created it first: that is the index we want.
        if (typeOf(error) === 'resource_already_exists_exception') return;
        created = undefined;
        throw failed(`create the checkpoint index ${index}`, error);
      },
    );
    return created;
  };

  return {
    async load(id) {
      await ensureIndex();
      let body: { found?: boolean; _source?: { offset?: unknown; state?: unknown }; _seq_no?: number; _primary_term?: number };
      try {
        body = (await client.get({ index, id }, { ignore: [404] })).body as typeof body;
      } catch (error) {
        throw failed(`read checkpoint ${id}`, error);
      }
      if (!body.found) return undefined;
      const offset = body._source?.offset;
      if (typeof offset !== 'string' || !/^\d+$/.test(offset)) throw failed(`read checkpoint ${id}`, new Error(`its offset ${String(offset)} is not an offset`));
      return { offset, state: body._source?.state, version: { seqNo: body._seq_no!, primaryTerm: body._primary_term! } };
    },
    async save(id, doc, expected) {
      await ensureIndex();
      const condition = expected ? { if_seq_no: expected.seqNo, if_primary_term: expected.primaryTerm } : { op_type: 'create' as const };
      try {
        const response = await client.index({ index, id, body: doc as never, ...condition });
        const body = response.body as { _seq_no: number; _primary_term: number };
        return { seqNo: body._seq_no, primaryTerm: body._primary_term } satisfies CheckpointVersion;
      } catch (error) {
        if (statusOf(error) === 409) throw checkpointConflict(id);
        throw failed(`write checkpoint ${id}`, error);
      }
    },
  };
}
