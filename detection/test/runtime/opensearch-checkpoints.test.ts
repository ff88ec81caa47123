import type { OpenSearchClient } from '@halong/core/node';
import { checkpointIndexBody, createOpenSearchCheckpointStore } from '../../src/runtime';

const responseError = (statusCode: number, type?: string) => Object.assign(new Error(type ?? `status ${statusCode}`), { meta: { statusCode, body: type ? { error: { type } } : {} } });
const doc = { group: 'g', topic: 't', partition: 0, offset: '5', state: { a: 1 }, saved_at: '2026-03-01T10:00:00.000Z' };

function fakeClient(o: { create?: () => Promise<unknown>; get?: () => Promise<unknown>; index?: (args: Record<string, unknown>) => Promise<unknown> }) {
  const calls: { create: unknown[]; index: Record<string, unknown>[] } = { create: [], index: [] };
  const client = {
    indices: { create: jest.fn(async (args: unknown) => (calls.create.push(args), o.create ? o.create() : { body: {} })) },
    get: jest.fn(async () => (o.get ? o.get() : { body: { found: false } })),
    index: jest.fn(async (args: Record<string, unknown>) => (calls.index.push(args), o.index ? o.index(args) : { body: { _seq_no: 7, _primary_term: 1 } })),
  } as unknown as OpenSearchClient;
  return { client, calls };
}

describe('the OpenSearch checkpoint store', () => {
  it('creates its index once (tolerating another instance creating it), state kept unindexed', async () => {
    const { client, calls } = fakeClient({ create: async () => Promise.reject(responseError(400, 'resource_already_exists_exception')) });
    const store = createOpenSearchCheckpointStore(client, 'h-detection-state', { replicas: 1 });
    await expect(store.load('g:t:0')).resolves.toBeUndefined();
    await store.load('g:t:1');
    expect(calls.create).toEqual([{ index: 'h-detection-state', body: checkpointIndexBody(1) }]);
    expect((checkpointIndexBody() as { mappings: { properties: { state: unknown } } }).mappings.properties.state).toEqual({ type: 'object', enabled: false });
  });

  it('reads a checkpoint with its version', async () => {
    const { client } = fakeClient({ get: async () => ({ body: { found: true, _source: doc, _seq_no: 3, _primary_term: 2 } }) });
    await expect(createOpenSearchCheckpointStore(client, 'i').load('g:t:0')).resolves.toEqual({ offset: '5', state: { a: 1 }, version: { seqNo: 3, primaryTerm: 2 } });
  });

  it('refuses a checkpoint whose offset is not an offset', async () => {
    const { client } = fakeClient({ get: async () => ({ body: { found: true, _source: { ...doc, offset: -1 }, _seq_no: 3, _primary_term: 2 } }) });
    await expect(createOpenSearchCheckpointStore(client, 'i').load('g:t:0')).rejects.toMatchObject({ code: 'HALONG_DETECTION_CHECKPOINT' });
  });

  it('creates the first checkpoint and then writes only over the version it knows', async () => {
    const { client, calls } = fakeClient({});
    const store = createOpenSearchCheckpointStore(client, 'i');
    await expect(store.save('g:t:0', doc, undefined)).resolves.toEqual({ seqNo: 7, primaryTerm: 1 });
    await store.save('g:t:0', doc, { seqNo: 7, primaryTerm: 1 });
    expect(calls.index.map(({ body: _body, ...rest }) => rest)).toEqual([
      { index: 'i', id: 'g:t:0', op_type: 'create' },
      { index: 'i', id: 'g:t:0', if_seq_no: 7, if_primary_term: 1 },
    ]);
  });

  it('turns a lost conditional write into HALONG_DETECTION_CHECKPOINT_CONFLICT, other failures into HALONG_DETECTION_CHECKPOINT', async () => {
    const conflict = fakeClient({ index: async () => Promise.reject(responseError(409, 'version_conflict_engine_exception')) });
    await expect(createOpenSearchCheckpointStore(conflict.client, 'i').save('g:t:0', doc, undefined)).rejects.toMatchObject({ code: 'HALONG_DETECTION_CHECKPOINT_CONFLICT' });
    const down = fakeClient({ index: async () => Promise.reject(responseError(503)) });
    await expect(createOpenSearchCheckpointStore(down.client, 'i').save('g:t:0', doc, undefined)).rejects.toMatchObject({ code: 'HALONG_DETECTION_CHECKPOINT' });
  });
});
