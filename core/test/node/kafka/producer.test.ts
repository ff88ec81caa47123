import type { Kafka, PartitionMetadata, ProducerBatch } from 'kafkajs';
import type { HalongProducer, Metrics, ProducerOptions } from '@halong/core/node';
import { createLogger, createMetrics, createProducer } from '@halong/core/node';

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), written from the Java source. */
function murmur2(key: string): number {
  const data = Buffer.from(key, 'utf8');
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ data.length) | 0;
  const whole = data.length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const rest = data.length % 4;
  if (rest >= 3) h ^= data[whole + 2]! << 16;
  if (rest >= 2) h ^= data[whole + 1]! << 8;
  if (rest >= 1) {
    h ^= data[whole]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

const javaPartition = (key: string, partitions: number) => (murmur2(key) & 0x7fffffff) % partitions;

function fakeKafka(partitions = 3) {
  const batches: ProducerBatch[] = [];
  let failNext: Error | undefined;
  const producer = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    sendBatch: jest.fn(async (batch: ProducerBatch) => {
      batches.push(batch);
      const err = failNext;
      failNext = undefined;
      if (err) throw err;
      return [];
    }),
  };
  const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, id) => ({
    partitionErrorCode: 0,
    partitionId: id,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  const admin = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    fetchTopicMetadata: jest.fn(async ({ topics }: { topics: string[] }) => ({ topics: topics.map((name) => ({ name, partitions: partitionMetadata })) })),
  };
  const kafka = { producer: jest.fn(() => producer), admin: jest.fn(() => admin) };
  return {
    kafka: kafka as unknown as Kafka,
    factory: kafka,
    producer,
    admin,
    batches,
    failNextSend(err: Error) {
      failNext = err;
    },
    /** Every message sent, flattened, with its topic. */
    messages() {
      return batches.flatMap((b) => (b.topicMessages ?? []).flatMap((tm) => tm.messages.map((msg) => ({ topic: tm.topic, ...msg }))));
    },
  };
}

async function value(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((n, v) => n + v.value, 0);
}

describe('createProducer', () => {
  const logger = createLogger('test', 'silent');
  let open: HalongProducer[] = [];

  async function make(fake: ReturnType<typeof fakeKafka>, over: Partial<ProducerOptions> = {}) {
    const metrics = createMetrics({ defaultMetrics: false });
    const producer = await createProducer({
      kafka: fake.kafka,
      topicPrefix: 'ci',
      lingerMs: 5,
      batchBytes: 64 << 10,
      maxBufferedBytes: 1 << 20,
      logger,
      metrics,
      ...over,
    });
    open.push(producer);
    return { producer, metrics };
  }

  beforeEach(() => jest.useFakeTimers());
  afterEach(async () => {
    jest.useRealTimers();
    await Promise.all(open.map((p) => p.close()));
    open = [];
  });

  /** Sends and lets the linger elapse. */
  async function send(producer: HalongProducer, ...args: Parameters<HalongProducer['send']>) {
    const done = producer.send(...args);
    await jest.advanceTimersByTimeAsync(5);
    return done;
  }

  it('connects a producer without topic auto-creation and an admin', async () => {
    const fake = fakeKafka();
    await make(fake);
    expect(fake.factory.producer).toHaveBeenCalledWith(expect.objectContaining({ allowAutoTopicCreation: false, idempotent: false }));
    expect(fake.factory.producer.mock.calls[0]).not.toHaveProperty('0.maxInFlightRequests');
    expect(fake.producer.connect).toHaveBeenCalledTimes(1);
    expect(fake.admin.connect).toHaveBeenCalledTimes(1);
  });

  it('keeps one request in flight for an idempotent producer', async () => {
    const fake = fakeKafka();
    await make(fake, { idempotent: true });
    expect(fake.factory.producer).toHaveBeenCalledWith(expect.objectContaining({ idempotent: true, maxInFlightRequests: 1 }));
  });

  /** Makes every sendBatch wait for the test and returns the peak of concurrent requests. */
  function holdSends(fake: ReturnType<typeof fakeKafka>) {
    const pending: (() => void)[] = [];
    const state = { inFlight: 0, peak: 0, pending };
    fake.producer.sendBatch.mockImplementation(
      (batch: ProducerBatch) =>
        new Promise((resolve) => {
          fake.batches.push(batch);
          state.inFlight++;
          state.peak = Math.max(state.peak, state.inFlight);
          pending.push(() => {
            state.inFlight--;
            resolve([]);
          });
        }),
    );
    return state;
  }

  it.each([
    ['4 requests in flight by default', {}, 4],
    ['the configured number of requests in flight', { maxInFlight: 2 }, 2],
    ['1 request in flight when idempotent, whatever maxInFlight says', { idempotent: true, maxInFlight: 8 }, 1],
  ])('keeps %s', async (_what, over: Partial<ProducerOptions>, expected: number) => {
    const fake = fakeKafka(1);
    const held = holdSends(fake);
    // Every record ('"r0"' + 16 = 20 bytes) fills a chunk on its own.
    const { producer } = await make(fake, { batchBytes: 20, ...over });
    const sending = producer.send('events', Array.from({ length: 6 }, (_, i) => ({ value: `r${i}` })));
    await jest.advanceTimersByTimeAsync(10);
    expect(held.inFlight).toBe(expected);
    while (held.pending.length) {
      held.pending.shift()!();
      await jest.advanceTimersByTimeAsync(10);
    }
    await sending;
    expect(held.peak).toBe(expected);
    // One partition: the records went out in order.
    expect(fake.messages().map((m) => m.value)).toEqual(['"r0"', '"r1"', '"r2"', '"r3"', '"r4"', '"r5"']);
  });

  it('sends JSON values with keys and headers to the prefixed topic, waiting for all replicas', async () => {
    const fake = fakeKafka();
    const { producer } = await make(fake);
    await send(producer, 'events', [
      { key: 'host-1', value: { event: { id: 'e1' } }, headers: { source: 'syslog' } },
      { value: 'plain string' },
    ]);
    expect(fake.batches).toHaveLength(1);
    expect(fake.batches[0]!.acks).toBe(-1);
    const messages = fake.messages();
    expect(messages).toHaveLength(2);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ topic: 'ci.halong.events.v1', key: 'host-1', value: '{"event":{"id":"e1"}}', headers: { source: 'syslog' } }),
        expect.objectContaining({ topic: 'ci.halong.events.v1', key: null, value: '"plain string"' }),
      ]),
    );
    expect(fake.admin.fetchTopicMetadata).toHaveBeenCalledWith({ topics: ['ci.halong.events.v1'] });
  });

  it('uses the topic name without prefix when the prefix is empty', async () => {
    const fake = fakeKafka();
    const { producer } = await make(fake, { topicPrefix: '' });
    await send(producer, 'alerts', [{ value: {} }]);
    expect(fake.messages()[0]!.topic).toBe('halong.alerts.v1');
  });

  it('puts a keyed record on the partition the Java client would choose', async () => {
    const fake = fakeKafka(6);
    const { producer } = await make(fake);
    const keys = Array.from({ length: 60 }, (_, i) => `host-${i}`);
    await send(producer, 'events', keys.map((key) => ({ key, value: { key } })));
    const messages = fake.messages();
    expect(messages).toHaveLength(60);
    for (const msg of messages) expect(msg.partition).toBe(javaPartition(msg.key as string, 6));
    // Keys spread over the partitions.
    expect(new Set(messages.map((msg) => msg.partition)).size).toBeGreaterThan(3);
  });

  it('keeps repeated keys on their partition, past the bound of the key memo too', async () => {
    const fake = fakeKafka(6);
    const { producer } = await make(fake);
    const keys = Array.from({ length: 10_050 }, (_, i) => `host-${i}`);
    await send(producer, 'events', keys.map((key) => ({ key, value: 0 })));
    await send(producer, 'events', [...keys.slice(0, 100), ...keys.slice(-100)].map((key) => ({ key, value: 1 })));
    const wrong = fake.messages().filter((msg) => msg.partition !== javaPartition(msg.key as string, 6));
    expect({ sent: fake.messages().length, wrong: wrong.length }).toEqual({ sent: 10_250, wrong: 0 });
  });

  it('fetches partition metadata once per topic', async () => {
    const fake = fakeKafka();
    const { producer } = await make(fake);
    await send(producer, 'events', [{ value: 1 }]);
    await send(producer, 'events', [{ value: 2 }]);
    await send(producer, 'alerts', [{ value: 3 }]);
    expect(fake.admin.fetchTopicMetadata).toHaveBeenCalledTimes(2);
  });

  it('asks for metadata again after a failed lookup', async () => {
    const fake = fakeKafka();
    const { producer } = await make(fake);
    fake.admin.fetchTopicMetadata.mockRejectedValueOnce(new Error('UNKNOWN_TOPIC_OR_PARTITION'));
    await expect(producer.send('events', [{ value: 1 }])).rejects.toThrow('UNKNOWN_TOPIC_OR_PARTITION');
    await send(producer, 'events', [{ value: 2 }]);
    expect(fake.admin.fetchTopicMetadata).toHaveBeenCalledTimes(2);
    expect(fake.messages().map((msg) => msg.value)).toEqual(['2']);
  });

  it('counts acknowledged records per topic', async () => {
    const fake = fakeKafka();
    const { producer, metrics } = await make(fake);
    await send(producer, 'events', [{ value: 1 }, { value: 2 }, { value: 3 }]);
    await send(producer, 'alerts', [{ value: 4 }]);
    expect(await value(metrics, 'halong_kafka_produced_total', { topic: 'ci.halong.events.v1' })).toBe(3);
    expect(await value(metrics, 'halong_kafka_produced_total', { topic: 'ci.halong.alerts.v1' })).toBe(1);
    expect(await value(metrics, 'halong_kafka_produce_failed_total')).toBe(0);
  });

  it('rejects the send when Kafka does not acknowledge, counts and logs the failure', async () => {
    const fake = fakeKafka();
    const errorLog = jest.fn();
    const spyLogger = createLogger('test', 'silent');
    spyLogger.error = errorLog as unknown as typeof spyLogger.error;
    const { producer, metrics } = await make(fake, { logger: spyLogger });
    fake.failNextSend(new Error('NOT_ENOUGH_REPLICAS'));
    const sending = producer.send('events', [{ value: 1 }, { value: 2 }]);
    const outcome = sending.catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(5);
    expect(await outcome).toEqual(new Error('NOT_ENOUGH_REPLICAS'));
    expect(await value(metrics, 'halong_kafka_produce_failed_total')).toBe(2);
    expect(await value(metrics, 'halong_kafka_produced_total')).toBe(0);
    expect(errorLog).toHaveBeenCalledWith(expect.objectContaining({ records: 2 }), 'Kafka did not acknowledge a batch');
    // The next send goes through.
    await send(producer, 'events', [{ value: 3 }]);
    expect(await value(metrics, 'halong_kafka_produced_total')).toBe(1);
  });

  it('reports bytes not yet acknowledged', async () => {
    const fake = fakeKafka();
    const { producer } = await make(fake, { lingerMs: 1000 });
    const sending = producer.send('events', [{ key: 'k', value: 'abc' }]);
    await jest.advanceTimersByTimeAsync(0);
    // '"abc"' (5) + key (1) + 16 bytes of overhead.
    expect(producer.pendingBytes).toBe(22);
    await jest.advanceTimersByTimeAsync(1000);
    await sending;
    expect(producer.pendingBytes).toBe(0);
  });

  it('flushes buffered records without waiting for linger', async () => {
    const fake = fakeKafka();
    const { producer } = await make(fake, { lingerMs: 60_000 });
    const sending = producer.send('events', [{ value: 1 }]);
    await jest.advanceTimersByTimeAsync(0);
    expect(fake.batches).toHaveLength(0);
    await producer.flush();
    await sending;
    expect(fake.batches).toHaveLength(1);
  });

  it('flushes on close, then disconnects both clients and refuses more records', async () => {
    const fake = fakeKafka();
    const { producer } = await make(fake, { lingerMs: 60_000 });
    const sending = producer.send('events', [{ value: 1 }]);
    await jest.advanceTimersByTimeAsync(0);
    await producer.close();
    await sending;
    expect(fake.batches).toHaveLength(1);
    expect(fake.producer.disconnect).toHaveBeenCalledTimes(1);
    expect(fake.admin.disconnect).toHaveBeenCalledTimes(1);
    await expect(producer.send('events', [{ value: 2 }])).rejects.toThrow();
    open = open.filter((p) => p !== producer);
  });

  it('waits for room when the buffer is full instead of growing', async () => {
    const fake = fakeKafka();
    let release!: () => void;
    fake.producer.sendBatch.mockImplementationOnce(
      (batch: ProducerBatch) =>
        new Promise((resolve) => {
          fake.batches.push(batch);
          release = () => resolve([]);
        }),
    );
    // Each record is '"xxxxxxxxxx"' (12) + 16 = 28 bytes; the bound holds two.
    const { producer } = await make(fake, { lingerMs: 1, batchBytes: 56, maxBufferedBytes: 56 });
    let done = false;
    const sending = producer.send('events', [{ value: 'x'.repeat(10) }, { value: 'y'.repeat(10) }, { value: 'z'.repeat(10) }]).then(() => {
      done = true;
    });
    await jest.advanceTimersByTimeAsync(10);
    // Two records filled the bound and went out; the third waits for their ack.
    expect(fake.messages().map((m) => m.value)).toEqual(['"xxxxxxxxxx"', '"yyyyyyyyyy"']);
    expect(producer.pendingBytes).toBe(56);
    release();
    await jest.advanceTimersByTimeAsync(10);
    await sending;
    expect(done).toBe(true);
    expect(fake.messages().map((m) => m.value)).toEqual(['"xxxxxxxxxx"', '"yyyyyyyyyy"', '"zzzzzzzzzz"']);
  });

  it('rejects a value that cannot be serialised as JSON before anything is sent', async () => {
    const fake = fakeKafka();
    const { producer } = await make(fake);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(producer.send('events', [{ value: circular }])).rejects.toThrow(TypeError);
    await expect(producer.send('events', [{ value: 1n }])).rejects.toThrow(TypeError);
    await jest.advanceTimersByTimeAsync(10);
    expect(fake.batches).toHaveLength(0);
  });
});
