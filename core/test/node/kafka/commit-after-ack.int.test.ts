import type { HalongConsumer } from '@halong/core/node';
import { createKafka, createLogger, createProducer, ensureTopics, runConsumer } from '@halong/core/node';
import { topicName } from '@halong/core';
import { testConfig } from '@halong/infra';

// At-least-once on the real broker: a batch whose handler fails is not committed and comes again.
describe('runConsumer commits only after the handler succeeded', () => {
  const config = testConfig();
  const logger = createLogger('commit-test', 'silent');
  const kafka = createKafka(config, logger);
  const groupId = `${config.topicPrefix}-commit`;
  let consumer: HalongConsumer | undefined;

  afterAll(async () => {
    await consumer?.stop();
  });

  it('redelivers a failed batch and commits the end offset once it succeeds', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, { prefix: config.topicPrefix, partitions: 1, replicationFactor: 1 });
    const producer = await createProducer({ kafka, topicPrefix: config.topicPrefix, lingerMs: 1, batchBytes: 1 << 20, maxBufferedBytes: 8 << 20, logger });
    await producer.send('events', Array.from({ length: 50 }, (_, i) => ({ key: 'k', value: { n: i } })));
    await producer.close();

    const committedOffsets = async () => {
      const [topic] = await admin.fetchOffsets({ groupId, topics: [topicName(config.topicPrefix, 'events')] });
      return topic!.partitions.map((p) => Number(p.offset));
    };

    let failuresLeft = 2;
    const offsetsAtFailure: number[][] = [];
    const seen: number[] = [];
    const done = new Promise<void>((resolve) => {
      void runConsumer<{ n: number }>({
        kafka,
        groupId,
        topics: ['events'],
        topicPrefix: config.topicPrefix,
        logger,
        async handle(records) {
          if (failuresLeft > 0) {
            failuresLeft--;
            offsetsAtFailure.push(await committedOffsets());
            throw new Error('OpenSearch is down (simulated)');
          }
          seen.push(...records.map((r) => r.value!.n));
          if (seen.length >= 50) resolve();
        },
      }).then((c) => (consumer = c));
    });
    await done;
    // While the handler failed nothing was committed (-1 = no committed offset for the group).
    expect(offsetsAtFailure).toEqual([[-1], [-1]]);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The commit happens right after the successful handler returns.
    for (let i = 0; i < 50 && (await committedOffsets())[0] !== 50; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await committedOffsets()).toEqual([50]);
    await admin.disconnect();
  });
});
