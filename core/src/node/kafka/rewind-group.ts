// Moves a consumer group back to the first record at or after a time, and says where it stood:
// a consumer that rebuilds state from a topic (the policy engine's risk from alerts) reads the
// window again after a restart and tells records it had handled from those it had not.
import type { Kafka } from 'kafkajs';

/** Where a group stood before {@link rewindGroup} moved it. */
export interface GroupRewind {
  /** Per partition, the next offset the group would have read; partitions it never committed are absent. */
  committed: ReadonlyMap<number, bigint>;
}

/**
 * Sets `groupId`'s offsets on `topic` to the first record at or after `toTimestamp` (epoch ms;
 * the partition's end when none is). The group must have no running members: kafkajs refuses
 * otherwise, and so does this (a crashed member holds the group until its session times out).
 */
export async function rewindGroup(kafka: Kafka, o: { groupId: string; topic: string; toTimestamp: number }): Promise<GroupRewind> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [stood] = await admin.fetchOffsets({ groupId: o.groupId, topics: [o.topic] });
    const committed = new Map<number, bigint>();
    for (const p of stood?.partitions ?? []) if (BigInt(p.offset) >= 0n) committed.set(p.partition, BigInt(p.offset));
    const partitions = await admin.fetchTopicOffsetsByTimestamp(o.topic, o.toTimestamp);
    await admin.setOffsets({ groupId: o.groupId, topic: o.topic, partitions: partitions.map((p) => ({ partition: p.partition, offset: p.offset })) });
    return { committed };
  } finally {
    await admin.disconnect();
  }
}
