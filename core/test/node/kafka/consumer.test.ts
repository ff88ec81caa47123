import type { ConsumedRecord, ConsumerOptions, Metrics } from '@halong/core/node';
import { createLogger, createMetrics, runConsumer } from '@halong/core/node';
import { batchPayload, fakeConsumerKafka, message } from '../../support/fake-kafka';

async function value(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const { values } = await metrics.registry.getSingleMetric(name)!.get();
  return values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val))?.value;
}

describe('runConsumer', () => {
  const logger = createLogger('test', 'silent');

  async function start(over: Partial<ConsumerOptions<unknown>> = {}) {
    const fake = fakeConsumerKafka();
    const metrics = createMetrics({ defaultMetrics: false });
    const handled: ConsumedRecord<unknown>[][] = [];
    const handle = jest.fn(async (records: ConsumedRecord<unknown>[]) => {
      handled.push(records);
    });
    const consumer = await runConsumer<unknown>({
      kafka: fake.kafka,
      groupId: 'g1',
      topics: ['events', 'alerts'],
      topicPrefix: 'ci',
      logger,
      metrics,
      handle,
      ...over,
    });
    return { fake, metrics, handled, handle, consumer };
  }

  it('joins the group without topic auto-creation and subscribes to the prefixed topics from the beginning', async () => {
    const { fake } = await start();
    expect(fake.factory.consumer).toHaveBeenCalledWith({ groupId: 'g1', allowAutoTopicCreation: false });
    expect(fake.consumer.connect).toHaveBeenCalled();
    expect(fake.consumer.subscribe).toHaveBeenCalledWith({ topics: ['ci.halong.events.v1', 'ci.halong.alerts.v1'], fromBeginning: true });
    expect(fake.runConfig).toMatchObject({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 3 });
  });

  it('handles the configured number of partitions at once', async () => {
    const { fake } = await start({ concurrency: 1 });
    expect(fake.runConfig.partitionsConsumedConcurrently).toBe(1);
  });

  it('can start from the end', async () => {
    const { fake } = await start({ fromBeginning: false });
    expect(fake.consumer.subscribe).toHaveBeenCalledWith(expect.objectContaining({ fromBeginning: false }));
  });

  it('decodes every message of the batch and hands them over with their topic key', async () => {
    const { fake, handled } = await start();
    const payload = batchPayload('ci.halong.alerts.v1', 1, [message('10', '{"id":"a1"}', 'rule-1'), message('11', '[1,2]')]);
    await fake.runConfig.eachBatch!(payload);
    const fields = (r: ConsumedRecord<unknown>) => ({ topic: r.topic, topicKey: r.topicKey, partition: r.partition, offset: r.offset, key: r.key, value: r.value, raw: r.raw, timestamp: r.timestamp, decodeError: r.decodeError });
    expect(handled.map((batch) => batch.map(fields))).toEqual([
      [
        { topic: 'ci.halong.alerts.v1', topicKey: 'alerts', partition: 1, offset: '10', key: 'rule-1', value: { id: 'a1' }, raw: '{"id":"a1"}', timestamp: '1763805600000', decodeError: undefined },
        { topic: 'ci.halong.alerts.v1', topicKey: 'alerts', partition: 1, offset: '11', key: null, value: [1, 2], raw: '[1,2]', timestamp: '1763805600000', decodeError: undefined },
      ],
    ]);
  });

  it('parses a value only when the handler reads it, once', async () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const { fake, handled } = await start();
      await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', '{"a":1}'), message('2', '{oops')]));
      expect(parse).not.toHaveBeenCalled();
      const [good, bad] = handled[0]!;
      expect([good!.value, good!.value, good!.decodeError]).toEqual([{ a: 1 }, { a: 1 }, undefined]);
      expect([bad!.decodeError, bad!.value]).toEqual([expect.stringMatching(/^value is not JSON: /), undefined]);
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
  });

  it('reads headers as text, the first of a repeated one', async () => {
    const { fake, handled } = await start();
    const headers = { 'event.id': Buffer.from('e-1'), '@timestamp': '2026-11-24T01:02:03.000Z', multi: [Buffer.from('x'), Buffer.from('y')], none: undefined };
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', '{}', null, headers)]));
    const [r] = handled[0]!;
    expect(['event.id', '@timestamp', 'multi', 'none', 'absent'].map((h) => r!.header!(h))).toEqual(['e-1', '2026-11-24T01:02:03.000Z', 'x', undefined, undefined]);
  });

  it('marks a message that is not JSON (or has no value) with a decode error instead of failing the batch', async () => {
    const { fake, handled } = await start();
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', '{oops'), message('2', null), message('3', '{}')]));
    const [bad, empty, good] = handled[0]!;
    expect(bad).toMatchObject({ value: undefined, raw: '{oops', decodeError: expect.stringMatching(/^value is not JSON: /) });
    expect(empty).toMatchObject({ value: undefined, raw: '', decodeError: expect.stringMatching(/^value is not JSON: /) });
    expect(good).toMatchObject({ value: {}, raw: '{}' });
    expect(good!.decodeError).toBeUndefined();
  });

  it('commits the offset after the last message once the handler resolved', async () => {
    const { fake, metrics } = await start();
    const payload = batchPayload('ci.halong.events.v1', 2, [message('41', '{}'), message('42', '{}')]);
    await fake.runConfig.eachBatch!(payload);
    expect(payload.resolveOffset).toHaveBeenCalledWith('42');
    expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 2, offset: '43' }]);
    expect(payload.heartbeat).toHaveBeenCalled();
    expect(await value(metrics, 'halong_kafka_consumed_total', { group: 'g1', topic: 'ci.halong.events.v1' })).toBe(2);
    expect(await value(metrics, 'halong_kafka_consumer_lag', { group: 'g1', topic: 'ci.halong.events.v1', partition: '2' })).toBe(7);
  });

  it('computes the next offset exactly beyond 2^53', async () => {
    const { fake } = await start();
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('9007199254740993', '{}')]));
    expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 0, offset: '9007199254740994' }]);
  });

  it('commits nothing when the handler fails, so the batch comes again', async () => {
    const { fake, metrics } = await start({
      handle: async () => {
        throw new Error('OpenSearch down');
      },
    });
    const payload = batchPayload('ci.halong.events.v1', 0, [message('5', '{}')]);
    await expect(fake.runConfig.eachBatch!(payload)).rejects.toThrow('OpenSearch down');
    expect(payload.resolveOffset).not.toHaveBeenCalled();
    expect(fake.consumer.commitOffsets).not.toHaveBeenCalled();
    expect(await value(metrics, 'halong_kafka_consumed_total', { group: 'g1' })).toBeUndefined();
  });

  it('skips empty batches and batches of a stopped or stale consumer', async () => {
    const { fake, handle } = await start();
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, []));
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', '{}')], { isRunning: () => false }));
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', '{}')], { isStale: () => true }));
    expect(handle).not.toHaveBeenCalled();
    expect(fake.consumer.commitOffsets).not.toHaveBeenCalled();
  });

  it('disconnects on stop', async () => {
    const { fake, consumer } = await start();
    await consumer.stop();
    expect(fake.consumer.disconnect).toHaveBeenCalledTimes(1);
  });

  it('works without metrics', async () => {
    const { fake, handled } = await start({ metrics: undefined });
    await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('1', '{}')]));
    expect(handled).toHaveLength(1);
    expect(fake.consumer.commitOffsets).toHaveBeenCalled();
  });
  describe('in pipeline mode', () => {
    it('returns from eachBatch before the handler is done, moves the fetch position at once and commits only after the handler', async () => {
      let finish!: () => void;
      const handlerDone = new Promise<void>((resolve) => (finish = resolve));
      const { fake, consumer } = await start({ pipeline: 2, handle: () => handlerDone });
      const payload = batchPayload('ci.halong.events.v1', 2, [message('41', '{}'), message('42', '{}')]);
      await fake.runConfig.eachBatch!(payload);
      expect(payload.resolveOffset).toHaveBeenCalledWith('42');
      expect(fake.consumer.commitOffsets).not.toHaveBeenCalled();
      finish();
      await consumer.stop();
      expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 2, offset: '43' }]);
      expect(fake.consumer.disconnect).toHaveBeenCalled();
    });

    it('handles a failed batch again instead of committing past it', async () => {
      let calls = 0;
      const { fake, consumer } = await start({
        pipeline: 1,
        pipelineRetryMs: 1,
        handle: async () => {
          if (++calls < 3) throw new Error('OpenSearch is down');
        },
      });
      await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('7', '{}')]));
      for (let i = 0; i < 100 && calls < 3; i++) await new Promise((r) => setTimeout(r, 5));
      await consumer.stop();
      expect(calls).toBe(3);
      expect(fake.consumer.commitOffsets).toHaveBeenCalledTimes(1);
      expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 0, offset: '8' }]);
    });

    it('prepares a batch once as it arrives and hands the prepared batch to every attempt', async () => {
      const fake = fakeConsumerKafka();
      const prepare = jest.fn((records: ConsumedRecord<unknown>[]) => ({ offsets: records.map((r) => r.offset) }));
      const seen: unknown[] = [];
      const consumer = await runConsumer<unknown, { offsets: string[] }>({
        kafka: fake.kafka,
        groupId: 'g1',
        topics: ['events'],
        topicPrefix: 'ci',
        logger,
        pipeline: 1,
        pipelineRetryMs: 1,
        prepare,
        handle: async (prepared) => {
          seen.push(prepared);
          if (seen.length < 2) throw new Error('OpenSearch is down');
        },
      });
      await fake.runConfig.eachBatch!(batchPayload('ci.halong.events.v1', 0, [message('7', '{}'), message('8', '{}')]));
      expect(prepare).toHaveBeenCalledTimes(1);
      for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
      await consumer.stop();
      expect(seen).toEqual([{ offsets: ['7', '8'] }, { offsets: ['7', '8'] }]);
      expect(seen[0]).toBe(seen[1]);
      expect(fake.consumer.commitOffsets).toHaveBeenCalledWith([{ topic: 'ci.halong.events.v1', partition: 0, offset: '9' }]);
    });
  });
});
