import type { Admin, ITopicConfig } from 'kafkajs';
import { Topics, topicName } from '@halong/core';
import { ensureTopics } from '@halong/core/node';

function fakeAdmin(existing: string[]) {
  const createTopics = jest.fn(async (_options: { topics: ITopicConfig[]; waitForLeaders?: boolean }) => true);
  const admin = { listTopics: jest.fn(async () => existing), createTopics };
  return { admin: admin as unknown as Admin, createTopics };
}

describe('ensureTopics', () => {
  it('creates every topic of the contract when none exists', async () => {
    const { admin, createTopics } = fakeAdmin(['__consumer_offsets']);
    const created = await ensureTopics(admin, { prefix: 'ci', partitions: 3, replicationFactor: 1 });
    expect(created).toEqual(Object.values(Topics).map((t) => `ci.${t}`));
    expect(createTopics).toHaveBeenCalledTimes(1);
    const options = createTopics.mock.calls[0]![0];
    expect(options.waitForLeaders).toBe(true);
    expect(options.topics.map((t) => t.topic)).toEqual(created);
    for (const t of options.topics) {
      expect(t.numPartitions).toBe(3);
      expect(t.replicationFactor).toBe(1);
    }
  });

  it('compacts the control topic and asks for in-sync replicas on the others', async () => {
    const { admin, createTopics } = fakeAdmin([]);
    await ensureTopics(admin, { prefix: '', partitions: 6, replicationFactor: 3 });
    const byName = new Map(createTopics.mock.calls[0]![0].topics.map((t) => [t.topic, t.configEntries]));
    expect(byName.get('halong.control.v1')).toEqual([{ name: 'cleanup.policy', value: 'compact' }]);
    expect(byName.get('halong.events.v1')).toEqual([{ name: 'min.insync.replicas', value: '2' }]);
    // The audit chain is verified from its first entry, so time never expires it.
    expect(byName.get('halong.audit.v1')).toEqual([{ name: 'min.insync.replicas', value: '2' }, { name: 'retention.ms', value: '-1' }]);
  });

  it('never asks for more in-sync replicas than there are replicas', async () => {
    const { admin, createTopics } = fakeAdmin([]);
    await ensureTopics(admin, { prefix: '', partitions: 1, replicationFactor: 1 });
    expect(createTopics.mock.calls[0]![0].topics.find((t) => t.topic === 'halong.alerts.v1')!.configEntries).toEqual([
      { name: 'min.insync.replicas', value: '1' },
    ]);
  });

  it('creates only the missing topics', async () => {
    const { admin, createTopics } = fakeAdmin([topicName('ci', 'events'), topicName('ci', 'alerts'), topicName('other', 'audit')]);
    const created = await ensureTopics(admin, { prefix: 'ci', partitions: 3, replicationFactor: 1 });
    expect(created).toEqual(['ci.halong.detections.v1', 'ci.halong.decisions.v1', 'ci.halong.audit.v1', 'ci.halong.control.v1']);
    expect(createTopics.mock.calls[0]![0].topics.map((t) => t.topic)).toEqual(created);
  });

  it('does nothing when every topic exists', async () => {
    const { admin, createTopics } = fakeAdmin(Object.values(Topics).map((t) => `ci.${t}`));
    await expect(ensureTopics(admin, { prefix: 'ci', partitions: 3, replicationFactor: 1 })).resolves.toEqual([]);
    expect(createTopics).not.toHaveBeenCalled();
  });
});
