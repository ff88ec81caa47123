import type { Admin } from 'kafkajs';
import type { TopicKey } from '../../topics';
import { COMPACTED_TOPICS, Topics, topicName } from '../../topics';

export interface EnsureTopicsOptions {
  prefix: string;
  partitions: number;
  replicationFactor: number;
}

/** Creates every topic of the contract that is missing; returns the names it created. */
export async function ensureTopics(admin: Admin, options: EnsureTopicsOptions): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = (Object.keys(Topics) as TopicKey[]).filter((key) => !existing.has(topicName(options.prefix, key)));
  if (!missing.length) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((key) => ({
      topic: topicName(options.prefix, key),
      numPartitions: options.partitions,
      replicationFactor: options.replicationFactor,
      configEntries: COMPACTED_TOPICS.includes(key)
        ? [{ name: 'cleanup.policy', value: 'compact' }]
        : [
            { name: 'min.insync.replicas', value: String(Math.min(2, options.replicationFactor)) },
            // The audit hash chain must be read from seq 1: its log is never expired by time.
            ...(key === 'audit' ? [{ name: 'retention.ms', value: '-1' }] : []),
          ],
    })),
  });
  return missing.map((key) => topicName(options.prefix, key));
}
