// Test doubles for enrolment: a clock the test moves, and an OpenSearch client double that
// keeps documents with seq_no like the real engine, so compare-and-set races can be played.
import type { OpenSearchClient } from '@halong/core/node';

/** 2026-11-23T08:00:00Z */
export const START = new Date('2026-11-23T08:00:00.000Z');

export interface TestClock {
  readonly clock: () => Date;
  advanceSeconds(seconds: number): void;
  advanceMs(ms: number): void;
}

export function testClock(start = START): TestClock {
  let now = start.getTime();
  return {
    clock: () => new Date(now),
    advanceSeconds: (s) => void (now += s * 1000),
    advanceMs: (ms) => void (now += ms),
  };
}

interface StoredDoc {
  source: Record<string, unknown>;
  seqNo: number;
}

function responseError(statusCode: number, type: string): Error {
  return Object.assign(new Error(`${statusCode} ${type}`), { meta: { statusCode, body: { error: { type } } } });
}

/** Lets other pending requests run first, as network round trips would. */
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An OpenSearch double for one index: real-time get with `_seq_no`/`_primary_term`, index with
 * `op_type: create` and `if_seq_no`/`if_primary_term` (409 on conflict), delete, search, and a
 * `dynamic: strict` mapping check (400 on an unknown field).
 */
export function fakeOpenSearch() {
  const docs = new Map<string, StoredDoc>();
  let seq = 0;
  let mapping: Record<string, unknown> | undefined;
  const ignored = (options: { ignore?: number[] } | undefined, status: number) => options?.ignore?.includes(status) ?? false;
  const checkStrict = (body: Record<string, unknown>) => {
    const known = Object.keys((mapping?.properties ?? {}) as object);
    const unknown = Object.keys(body).find((k) => !known.includes(k));
    if (unknown) throw responseError(400, 'strict_dynamic_mapping_exception');
  };
  const api = {
    failNext: undefined as Error | undefined,
    indices: {
      create: jest.fn(async ({ body }: { index: string; body: { mappings: Record<string, unknown> } }) => {
        await roundTrip();
        if (mapping) throw responseError(400, 'resource_already_exists_exception');
        mapping = body.mappings;
        return { body: { acknowledged: true } };
      }),
    },
    get: jest.fn(async ({ id }: { index: string; id: string }, options?: { ignore?: number[] }) => {
      await roundTrip();
      if (api.failNext) throw api.failNext;
      const doc = docs.get(id);
      if (!doc) {
        if (ignored(options, 404)) return { statusCode: 404, body: { _id: id, found: false } };
        throw responseError(404, 'not_found');
      }
      return { body: { _id: id, found: true, _seq_no: doc.seqNo, _primary_term: 1, _source: structuredClone(doc.source) } };
    }),
    index: jest.fn(async (params: { id: string; body: Record<string, unknown>; op_type?: string; if_seq_no?: number; if_primary_term?: number; refresh?: string }) => {
      await roundTrip();
      if (!mapping) throw responseError(404, 'index_not_found_exception');
      checkStrict(params.body);
      const current = docs.get(params.id);
      if (params.op_type === 'create' && current) throw responseError(409, 'version_conflict_engine_exception');
      if (params.if_seq_no !== undefined && (!current || current.seqNo !== params.if_seq_no || params.if_primary_term !== 1)) {
        throw responseError(409, 'version_conflict_engine_exception');
      }
      docs.set(params.id, { source: structuredClone(params.body), seqNo: ++seq });
      return { body: { _id: params.id, result: current ? 'updated' : 'created' } };
    }),
    delete: jest.fn(async ({ id }: { id: string }, options?: { ignore?: number[] }) => {
      await roundTrip();
      if (!docs.delete(id)) {
        if (ignored(options, 404)) return { statusCode: 404, body: { result: 'not_found' } };
        throw responseError(404, 'not_found');
      }
      return { body: { result: 'deleted' } };
    }),
    search: jest.fn(async (_params: unknown, options?: { ignore?: number[] }) => {
      await roundTrip();
      if (!mapping) {
        if (ignored(options, 404)) return { statusCode: 404, body: { error: { type: 'index_not_found_exception' } } };
        throw responseError(404, 'index_not_found_exception');
      }
      const hits = [...docs].map(([id, d]) => ({ _id: id, _source: structuredClone(d.source) }));
      return { body: { hits: { hits } } };
    }),
  };
  return {
    client: api as unknown as OpenSearchClient,
    api,
    docs,
    get mapping() {
      return mapping;
    },
    responseError,
  };
}
