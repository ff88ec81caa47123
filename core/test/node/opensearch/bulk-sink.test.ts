import { errors } from '@opensearch-project/opensearch';
import { HalongError } from '@halong/core';
import type { BulkSinkOptions, DeadLetter, Metrics, SinkDoc } from '@halong/core/node';
import { createBulkSink, createLogger, createMetrics } from '@halong/core/node';

interface Op {
  index: string;
  id: string;
  doc: unknown;
}

interface Item {
  status: number;
  error?: { type: string; reason: string };
}

interface BulkParams {
  body: Buffer;
  refresh?: boolean | 'wait_for';
}

/** The NDJSON lines of a bulk body, each ended by a newline (the last one too), parsed. */
function linesOf(body: Buffer): unknown[] {
  const text = body.toString('utf8');
  if (!text.endsWith('\n')) throw new Error('a bulk body must end with a newline');
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as unknown);
}

/** Turns a bulk body (action line, source line, ...) back into operations. */
function opsOf(body: Buffer): Op[] {
  const lines = linesOf(body);
  const ops: Op[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const action = lines[i] as { create?: { _index: string; _id: string } };
    if (!action.create) throw new Error(`expected a create action, got ${JSON.stringify(action)}`);
    ops.push({ index: action.create._index, id: action.create._id, doc: lines[i + 1] });
  }
  return ops;
}

/** A fake `client.bulk`: `answer` returns one item per operation, or throws to fail the whole request. */
function fakeClient(answer: (ops: Op[], call: number) => Item[]) {
  const calls: { ops: Op[]; params: BulkParams }[] = [];
  const bulk = jest.fn(async (params: BulkParams) => {
    const ops = opsOf(params.body);
    calls.push({ ops, params });
    const items = answer(ops, calls.length - 1);
    return { body: { took: 1, errors: items.some((i) => i.status >= 300), items: items.map((item, n) => ({ create: { _index: ops[n]?.index, _id: ops[n]?.id, ...item } })) } };
  });
  return { client: { bulk } as unknown as BulkSinkOptions['client'], bulk, calls };
}

function httpError(statusCode: number, message = `HTTP ${statusCode}`): Error {
  return Object.assign(new Error(message), { meta: { statusCode } });
}

const docs = (n: number, index = 'halong-events-generic-2026.11.22'): SinkDoc[] =>
  Array.from({ length: n }, (_, i) => ({ index, id: `evt-${i}`, doc: { '@timestamp': '2026-11-22T10:00:00Z', event: { id: `evt-${i}` }, n: i } }));

const ok = (ops: Op[]): Item[] => ops.map(() => ({ status: 201 }));

async function counterValue(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`metric ${name} is not registered`);
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((n, v) => n + v.value, 0);
}

const DEAD = 'halong-deadletter';
const logger = createLogger('test', 'silent');

function sinkWith(client: BulkSinkOptions['client'], extra: Partial<BulkSinkOptions> = {}) {
  const metrics = createMetrics({ defaultMetrics: false });
  const sleep = jest.fn(async (_ms: number) => undefined);
  const sink = createBulkSink({ client, deadLetterIndex: DEAD, metrics, logger, sleep, ...extra });
  return { sink, metrics, sleep };
}

describe('createBulkSink write', () => {
  it('writes every doc with a create action carrying its index and id', async () => {
    const { client, calls } = fakeClient(ok);
    const { sink, metrics, sleep } = sinkWith(client);
    const batch = docs(3);
    await expect(sink.write(batch)).resolves.toEqual({ created: 3, duplicates: 0, deadLettered: 0, retries: 0 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.ops).toEqual(batch);
    expect(calls[0]!.params).not.toHaveProperty('refresh');
    expect(sleep).not.toHaveBeenCalled();
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'created' })).toBe(3);
    // One answered request timed.
    expect(await metrics.registry.getSingleMetricAsString('halong_sink_bulk_seconds')).toMatch(/^halong_sink_bulk_seconds_count 1$/m);
  });

  it('sends a document already serialised as its text, not stringified again', async () => {
    const { client, calls } = fakeClient(ok);
    const { sink } = sinkWith(client);
    const source = '{"event":{"id":"s1"},  "kept":"as sent, spaces and all: é"}';
    await sink.write([{ index: 'i', id: 's1', doc: { event: { id: 's1' } }, source }]);
    expect(calls[0]!.params.body.toString('utf8')).toBe(`{"create":{"_index":"i","_id":"s1"}}\n${source}\n`);
  });

  it('sends a document forwarded as bytes byte for byte, beside text and objects in one body', async () => {
    const { client, calls } = fakeClient(ok);
    const { sink } = sinkWith(client);
    const bytes = Buffer.from('{"event":{"id":"b1"},"message":"ünïcode 😀"}');
    await sink.write([
      { index: 'i', id: 'b1', source: bytes },
      { index: 'j"k', id: 't1', source: '{"t":1}' },
      { index: 'i', id: 'o1', doc: { o: 'é' } },
    ]);
    const expected = Buffer.concat([
      Buffer.from('{"create":{"_index":"i","_id":"b1"}}\n'),
      bytes,
      Buffer.from('\n{"create":{"_index":"j\\"k","_id":"t1"}}\n{"t":1}\n{"create":{"_index":"i","_id":"o1"}}\n{"o":"é"}\n'),
    ]);
    expect(calls[0]!.params.body.equals(expected)).toBe(true);
    expect(calls[0]!.ops.map((o) => o.index)).toEqual(['i', 'j"k', 'i']);
  });

  it('dead-letters a refused document forwarded as bytes with its text as the original', async () => {
    const { client, calls } = fakeClient((ops) => ops.map((o) => (o.index === 'i' ? { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad field' } } : { status: 201 })));
    const { sink } = sinkWith(client);
    const bytes = Buffer.from('{"event":{"id":"b1"},"n":"é"}');
    await expect(sink.write([{ index: 'i', id: 'b1', source: bytes }])).resolves.toMatchObject({ deadLettered: 1 });
    expect(calls[1]!.ops[0]!.doc).toMatchObject({ original: '{"event":{"id":"b1"},"n":"é"}', reason: 'bad field' });
  });

  it('writes a document with an update script as a scripted update with the document as its upsert', async () => {
    const bulk = jest.fn(async (params: BulkParams) => ({ body: { items: [{ update: { status: 200 } }] }, params }));
    const { sink } = sinkWith({ bulk } as unknown as BulkSinkOptions['client']);
    const doc = { id: 'al-1', count: 2 };
    await expect(sink.write([{ index: 'alerts', id: 'al-1', doc, update: { script: 'ctx._source.count = params.n', params: { n: 2 } } }])).resolves.toMatchObject({ created: 1 });
    expect(linesOf(bulk.mock.calls[0]![0].body)).toEqual([
      { update: { _index: 'alerts', _id: 'al-1', retry_on_conflict: 3 } },
      { script: { source: 'ctx._source.count = params.n', lang: 'painless', params: { n: 2 } }, upsert: doc },
    ]);
  });

  it('counts 201 and 200 as created and 409 as duplicates', async () => {
    const statuses = [201, 409, 200, 409, 409];
    const { client } = fakeClient((ops) => ops.map((_, i) => ({ status: statuses[i]! })));
    const { sink, metrics } = sinkWith(client);
    await expect(sink.write(docs(5))).resolves.toEqual({ created: 2, duplicates: 3, deadLettered: 0, retries: 0 });
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'created' })).toBe(2);
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'duplicate' })).toBe(3);
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'dead_lettered' })).toBe(0);
  });

  it('sends nothing for an empty batch', async () => {
    const { client, bulk } = fakeClient(ok);
    const { sink } = sinkWith(client);
    await expect(sink.write([])).resolves.toEqual({ created: 0, duplicates: 0, deadLettered: 0, retries: 0 });
    expect(bulk).not.toHaveBeenCalled();
  });

  it('passes the refresh option through', async () => {
    const { client, calls } = fakeClient(ok);
    const { sink } = sinkWith(client, { refresh: 'wait_for' });
    await sink.write(docs(1));
    expect(calls[0]!.params.refresh).toBe('wait_for');
  });

  it('re-sends only the items answered 429 or 5xx, after a backoff', async () => {
    const first = [201, 429, 409, 503, 201];
    const { client, calls } = fakeClient((ops, call) => (call === 0 ? ops.map((_, i) => ({ status: first[i]! })) : ok(ops)));
    const { sink, metrics, sleep } = sinkWith(client);
    const batch = docs(5);
    await expect(sink.write(batch)).resolves.toEqual({ created: 4, duplicates: 1, deadLettered: 0, retries: 2 });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.ops).toEqual([batch[1], batch[3]]);
    expect(sleep).toHaveBeenCalledTimes(1);
    // First backoff: full jitter between half and all of the 100 ms base.
    expect(sleep.mock.calls[0]![0]).toBeGreaterThanOrEqual(50);
    expect(sleep.mock.calls[0]![0]).toBeLessThanOrEqual(100);
    expect(await counterValue(metrics, 'halong_sink_retries_total', { reason: 'item' })).toBe(2);
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'created' })).toBe(4);
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'duplicate' })).toBe(1);
  });

  it('keeps retrying a throttled item with growing backoff until it is accepted', async () => {
    const { client, calls } = fakeClient((ops, call) => ops.map(() => ({ status: call < 3 ? 429 : 201 })));
    const { sink, sleep } = sinkWith(client, { backoffBaseMs: 100, backoffMaxMs: 300 });
    await expect(sink.write(docs(1))).resolves.toEqual({ created: 1, duplicates: 0, deadLettered: 0, retries: 3 });
    expect(calls).toHaveLength(4);
    const delays = sleep.mock.calls.map((c) => c[0]);
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeGreaterThanOrEqual(100);
    expect(delays[1]).toBeLessThanOrEqual(200);
    // Capped by backoffMaxMs.
    expect(delays[2]).toBeGreaterThanOrEqual(150);
    expect(delays[2]).toBeLessThanOrEqual(300);
  });

  it('fails with HALONG_SINK_RETRIES_EXHAUSTED when items are still refused after maxAttempts', async () => {
    const { client, calls } = fakeClient((ops) => ops.map(() => ({ status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } })));
    const { sink, sleep } = sinkWith(client, { maxAttempts: 3 });
    const err = await sink.write(docs(2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HalongError);
    expect((err as HalongError).code).toBe('HALONG_SINK_RETRIES_EXHAUSTED');
    expect((err as HalongError).message).toMatch(/2 documents still refused after 3 attempts/);
    expect(calls).toHaveLength(3);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it('dead-letters a document OpenSearch will never accept, with its reason and original', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-22T10:30:00.000Z') });
    try {
      const { client, calls } = fakeClient((ops, call) =>
        call === 0
          ? ops.map((_, i) =>
              i === 1 ? { status: 400, error: { type: 'mapper_parsing_exception', reason: 'failed to parse field [source.ip] of type [ip]' } } : { status: 201 },
            )
          : ok(ops),
      );
      const { sink, metrics, sleep } = sinkWith(client);
      const batch = docs(3);
      await expect(sink.write(batch)).resolves.toEqual({ created: 2, duplicates: 0, deadLettered: 1, retries: 0 });
      expect(calls).toHaveLength(2);
      expect(calls[1]!.ops).toEqual([
        {
          index: DEAD,
          id: 'evt-1',
          doc: {
            '@timestamp': '2026-11-22T10:30:00.000Z',
            reason: 'failed to parse field [source.ip] of type [ip]',
            error_type: 'mapper_parsing_exception',
            status: 400,
            target_index: batch[1]!.index,
            source: undefined,
            original: JSON.stringify(batch[1]!.doc),
          },
        },
      ]);
      expect(JSON.parse((calls[1]!.ops[0]!.doc as { original: string }).original)).toEqual(batch[1]!.doc);
      expect(sleep).not.toHaveBeenCalled();
      expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'dead_lettered' })).toBe(1);
      expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'created' })).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('describes a refused item without error detail by its status', async () => {
    const { client, calls } = fakeClient((ops, call) => (call === 0 ? ops.map(() => ({ status: 404 })) : ok(ops)));
    const { sink } = sinkWith(client);
    await expect(sink.write(docs(1))).resolves.toMatchObject({ created: 0, deadLettered: 1 });
    expect(calls[1]!.ops[0]!.doc).toMatchObject({ reason: 'status 404', error_type: 'unknown', status: 404 });
  });

  it('dead-letters refused items found on a retry too, once', async () => {
    const { client, calls } = fakeClient((ops, call) => {
      if (call === 0) return ops.map(() => ({ status: 429 }));
      if (call === 1) return ops.map((op) => (op.id === 'evt-0' ? { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } } : { status: 201 }));
      return ok(ops);
    });
    const { sink } = sinkWith(client);
    await expect(sink.write(docs(2))).resolves.toEqual({ created: 1, duplicates: 0, deadLettered: 1, retries: 2 });
    expect(calls).toHaveLength(3);
    expect(calls[2]!.ops.map((o) => [o.index, o.id])).toEqual([[DEAD, 'evt-0']]);
  });

  it('dead-letters an item refused on a retry under its own id and text, not its place in the retry', async () => {
    const { client, calls } = fakeClient((ops, call) => {
      if (call === 0) return ops.map((_, i) => (i === 0 ? { status: 201 } : { status: 429 }));
      if (call === 1) return ops.map((op) => (op.id === 'evt-2' ? { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad' } } : { status: 201 }));
      return ok(ops);
    });
    const { sink } = sinkWith(client);
    const batch = docs(3);
    await expect(sink.write(batch)).resolves.toEqual({ created: 2, duplicates: 0, deadLettered: 1, retries: 2 });
    expect(calls[1]!.ops.map((o) => o.id)).toEqual(['evt-1', 'evt-2']);
    expect(calls[2]!.ops).toMatchObject([{ index: DEAD, id: 'evt-2', doc: { target_index: batch[2]!.index, original: JSON.stringify(batch[2]!.doc) } }]);
  });

  it('throws when the dead-letter index refuses the letters, so the batch is not acknowledged', async () => {
    const { client, calls } = fakeClient((ops, call) =>
      call === 0
        ? ops.map(() => ({ status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad field' } }))
        : ops.map(() => ({ status: 403, error: { type: 'security_exception', reason: 'no permissions for [indices:data/write/bulk]' } })),
    );
    const { sink, metrics } = sinkWith(client);
    const err = await sink.write(docs(2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HalongError);
    expect((err as HalongError).code).toBe('HALONG_SINK_REJECTED');
    expect((err as HalongError).message).toBe('dead-letter index refused 2 documents: no permissions for [indices:data/write/bulk]');
    expect(calls).toHaveLength(2);
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'dead_lettered' })).toBe(0);
  });
});

describe('createBulkSink whole-request failures', () => {
  /** A client failing each call with the next error of the list, then answering 201s. */
  function failing(errors: Error[]) {
    let i = 0;
    const { client, calls } = fakeClient(ok);
    const inner = client.bulk.bind(client) as unknown as (p: BulkParams) => Promise<unknown>;
    const bulk = jest.fn(async (params: BulkParams) => {
      const err = errors[i++];
      if (err) throw err;
      return inner(params);
    });
    return { client: { bulk } as unknown as BulkSinkOptions['client'], bulk, calls };
  }

  it('retries when OpenSearch does not answer at all, as the real client reports it (ConnectionError, status null)', async () => {
    const refused = new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200', { body: undefined, statusCode: null, headers: null, meta: {} as never, warnings: null } as never);
    const timedOut = new errors.TimeoutError('Request timed out', { body: undefined, statusCode: null, headers: null, meta: {} as never, warnings: null } as never);
    expect((refused as unknown as { meta: { statusCode: unknown } }).meta.statusCode).toBeNull();
    const { client, bulk } = failing([refused, timedOut]);
    const { sink, metrics } = sinkWith(client);
    await expect(sink.write(docs(1))).resolves.toMatchObject({ created: 1 });
    expect(bulk).toHaveBeenCalledTimes(3);
    expect(await counterValue(metrics, 'halong_sink_retries_total', { reason: 'connection' })).toBe(2);
  });

  it('retries 429, 503 and connection errors, then succeeds', async () => {
    const { client, bulk } = failing([httpError(429), httpError(503), new Error('connect ECONNREFUSED 127.0.0.1:9200')]);
    const { sink, metrics, sleep } = sinkWith(client);
    await expect(sink.write(docs(2))).resolves.toMatchObject({ created: 2, duplicates: 0, deadLettered: 0 });
    expect(bulk).toHaveBeenCalledTimes(4);
    // The same body every time.
    expect(bulk.mock.calls.map((c) => c[0].body)).toEqual(Array(4).fill(bulk.mock.calls[0]![0].body));
    expect(sleep).toHaveBeenCalledTimes(3);
    const [d0, d1, d2] = sleep.mock.calls.map((c) => c[0]);
    expect(d0).toBeGreaterThanOrEqual(50);
    expect(d0).toBeLessThanOrEqual(100);
    expect(d1).toBeGreaterThanOrEqual(100);
    expect(d1).toBeLessThanOrEqual(200);
    expect(d2).toBeGreaterThanOrEqual(200);
    expect(d2).toBeLessThanOrEqual(400);
    expect(await counterValue(metrics, 'halong_sink_retries_total', { reason: 'throttled' })).toBe(1);
    expect(await counterValue(metrics, 'halong_sink_retries_total', { reason: 'http_503' })).toBe(1);
    expect(await counterValue(metrics, 'halong_sink_retries_total', { reason: 'connection' })).toBe(1);
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'created' })).toBe(2);
  });

  it.each([
    ['429', () => httpError(429)],
    ['503', () => httpError(503)],
    ['a connection error', () => new Error('socket hang up')],
  ])('gives up on %s after maxAttempts with HALONG_SINK_RETRIES_EXHAUSTED', async (_what, make) => {
    const errors = Array.from({ length: 10 }, make);
    const { client, bulk } = failing(errors);
    const { sink, metrics, sleep } = sinkWith(client, { maxAttempts: 4 });
    const err = await sink.write(docs(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HalongError);
    expect((err as HalongError).code).toBe('HALONG_SINK_RETRIES_EXHAUSTED');
    expect((err as HalongError).status).toBe(503);
    expect((err as HalongError).message).toMatch(/^bulk request failed 4 times: /);
    expect((err as HalongError).cause).toBe(errors[3]);
    expect(bulk).toHaveBeenCalledTimes(4);
    expect(sleep).toHaveBeenCalledTimes(3);
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'created' })).toBe(0);
  });

  it('uses 10 attempts by default', async () => {
    const { client, bulk } = failing(Array.from({ length: 20 }, () => httpError(502)));
    const { sink } = sinkWith(client);
    await expect(sink.write(docs(1))).rejects.toMatchObject({ code: 'HALONG_SINK_RETRIES_EXHAUSTED' });
    expect(bulk).toHaveBeenCalledTimes(10);
  });

  it('fails at once with HALONG_SINK_REJECTED on a 400 for the whole request', async () => {
    const cause = httpError(400, 'illegal_argument_exception: Malformed action/metadata line');
    const { client, bulk } = failing([cause]);
    const { sink, sleep } = sinkWith(client);
    const err = await sink.write(docs(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HalongError);
    expect((err as HalongError).code).toBe('HALONG_SINK_REJECTED');
    expect((err as HalongError).message).toContain('(400)');
    expect((err as HalongError).cause).toBe(cause);
    expect(bulk).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('retries an answer that does not hold one item per document', async () => {
    let call = 0;
    const bulk = jest.fn(async (params: BulkParams) => {
      const ops = opsOf(params.body);
      const items = (call++ === 0 ? ops.slice(1) : ops).map(() => ({ create: { status: 201 } }));
      return { body: { items } };
    });
    const { sink, sleep } = sinkWith({ bulk } as unknown as BulkSinkOptions['client']);
    await expect(sink.write(docs(3))).resolves.toMatchObject({ created: 3 });
    expect(bulk).toHaveBeenCalledTimes(2);
    expect(sleep).toHaveBeenCalledTimes(1);
  });
});

describe('createBulkSink deadLetter', () => {
  it('writes letters to the dead-letter index with their id and fields', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-02T03:04:05.678Z') });
    try {
      const { client, calls } = fakeClient(ok);
      const { sink, metrics } = sinkWith(client);
      const letters: DeadLetter[] = [
        { id: 'events-0-42', reason: 'value is not JSON', errorType: 'decode_error', source: 'events/0/42', original: '{oops' },
        { id: 'evt-9', reason: 'bad', errorType: 'mapper_parsing_exception', status: 400, targetIndex: 'halong-alerts', original: '{}' },
      ];
      await sink.deadLetter(letters);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.ops).toEqual([
        {
          index: DEAD,
          id: 'events-0-42',
          doc: {
            '@timestamp': '2026-01-02T03:04:05.678Z',
            reason: 'value is not JSON',
            error_type: 'decode_error',
            status: undefined,
            target_index: undefined,
            source: 'events/0/42',
            original: '{oops',
          },
        },
        {
          index: DEAD,
          id: 'evt-9',
          doc: {
            '@timestamp': '2026-01-02T03:04:05.678Z',
            reason: 'bad',
            error_type: 'mapper_parsing_exception',
            status: 400,
            target_index: 'halong-alerts',
            source: undefined,
            original: '{}',
          },
        },
      ]);
      expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'dead_lettered' })).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('accepts a letter that is already there (409): replaying a record dead-letters it once', async () => {
    const { client } = fakeClient((ops) => ops.map(() => ({ status: 409 })));
    const { sink } = sinkWith(client);
    await expect(sink.deadLetter([{ id: 'x-0-1', reason: 'r', errorType: 'decode_error', original: '' }])).resolves.toBeUndefined();
  });

  it('retries a letter the dead-letter index pushed back on (429) instead of failing the batch', async () => {
    const { client, calls } = fakeClient((ops, call) => ops.map((_, i) => (call === 0 && i === 1 ? { status: 429 } : { status: 201 })));
    const { sink, metrics } = sinkWith(client);
    const letters: DeadLetter[] = [
      { id: 'a', reason: 'r', errorType: 't', original: '' },
      { id: 'b', reason: 'r', errorType: 't', original: '' },
    ];
    await sink.deadLetter(letters);
    expect(calls.map((c) => c.ops.map((o) => o.id))).toEqual([['a', 'b'], ['b']]);
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'dead_lettered' })).toBe(2);
  });

  it('sends nothing when there are no letters', async () => {
    const { client, bulk } = fakeClient(ok);
    const { sink } = sinkWith(client);
    await sink.deadLetter([]);
    expect(bulk).not.toHaveBeenCalled();
  });

  it('throws HALONG_SINK_REJECTED when a letter is refused', async () => {
    const { client } = fakeClient((ops) => ops.map((_, i) => (i === 0 ? { status: 201 } : { status: 400, error: { type: 'x', reason: 'strict mapping' } })));
    const { sink, metrics } = sinkWith(client);
    const letters: DeadLetter[] = [
      { id: 'a', reason: 'r', errorType: 't', original: '' },
      { id: 'b', reason: 'r', errorType: 't', original: '' },
    ];
    await expect(sink.deadLetter(letters)).rejects.toMatchObject({ code: 'HALONG_SINK_REJECTED', message: 'dead-letter index refused 1 documents: strict mapping' });
    expect(await counterValue(metrics, 'halong_sink_documents_total', { result: 'dead_lettered' })).toBe(0);
  });

  it('works without metrics, logger or sleep options', async () => {
    const { client } = fakeClient((ops) => ops.map((_, i) => ({ status: i === 0 ? 201 : 400 })));
    const sink = createBulkSink({ client, deadLetterIndex: DEAD });
    await expect(sink.write(docs(2))).resolves.toEqual({ created: 1, duplicates: 0, deadLettered: 1, retries: 0 });
  });
});
