import type { Consumer } from 'kafkajs';
import { createKafka, createLogger, ensureTopics, rewindGroup } from '@halong/core/node';
import { topicName } from '@halong/core';
import { testConfig } from '@halong/infra';

// On the real broker: a group goes back to the first record at or after a time, and the offsets
// it had committed come back, so a consumer can tell what it reads again from what is new.
describe('rewindGroup', () => {
  const config = testConfig();
  const logger = createLogger('rewind-test', 'silent');
  const kafka = createKafka(config, logger);
  const topic = topicName(config.topicPrefix, 'alerts');
  const groupId = `${config.topicPrefix}-rewind`;
  const t0 = Date.now() - 3_600_000;
  let member: Consumer | undefined;

  afterAll(async () => {
    await member?.disconnect();
  });

  const groupOffsets = async (): Promise<number[]> => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return t!.partitions.map((p) => Number(p.offset));
    } finally {
      await admin.disconnect();
    }
  };

  it('moves the group to a time and returns where it stood; refuses while a member runs', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, { prefix: config.topicPrefix, partitions: 1, replicationFactor: 1 });
    const producer = kafka.producer();
    await producer.connect();
    // Ten records a second apart, an hour ago.
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: String(i), timestamp: String(t0 + i * 1000) })) });
    await producer.disconnect();

    // A group that never committed: nothing stood; it starts at the first record of the window.
    expect((await rewindGroup(kafka, { groupId, topic, toTimestamp: t0 + 4_500 })).committed).toEqual(new Map());
    expect(await groupOffsets()).toEqual([5]);

    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '8' }] });
    expect((await rewindGroup(kafka, { groupId, topic, toTimestamp: t0 })).committed).toEqual(new Map([[0, 8n]]));
    expect(await groupOffsets()).toEqual([0]);
    // A time after the last record: the partition's end.
    expect((await rewindGroup(kafka, { groupId, topic, toTimestamp: Date.now() + 60_000 })).committed).toEqual(new Map([[0, 0n]]));
    expect(await groupOffsets()).toEqual([10]);
    await admin.disconnect();

    member = kafka.consumer({ groupId });
    const joined = new Promise<void>((resolve) => member!.on(member!.events.GROUP_JOIN, () => resolve()));
    await member.connect();
    await member.subscribe({ topics: [topic] });
    await member.run({ eachMessage: async () => undefined });
    await joined;
    await expect(rewindGroup(kafka, { groupId, topic, toTimestamp: t0 })).rejects.toThrow(/no running instances/);
    expect(await groupOffsets()).toEqual([10]);
  });
});
