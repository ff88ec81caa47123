import { randomBytes } from 'node:crypto';
import type { AuditEntry, TopicKey } from '@halong/core';
import type { HalongProducer } from '@halong/core/node';
import { withKafkaRetry } from '@halong/core/node';
import type { Kafka } from 'kafkajs';
import type { AuditSink } from './audit-chain';
import { AuditError } from './errors';

/** Every entry carries this key: one key lands on one partition, and one partition keeps total order. */
export const AUDIT_RECORD_KEY = 'audit';

/** Default time `readAuditLog` may take to reach the end of the topic. */
export const DEFAULT_AUDIT_READ_TIMEOUT_MS = 30_000;

/** An audit sink on a Kafka topic: `append` resolves once every in-sync replica acknowledged the entry. */
export function createKafkaAuditSink(producer: Pick<HalongProducer, 'send'>, topic: TopicKey = 'audit'): AuditSink {
  return {
    append: (entry) => producer.send(topic, [{ key: AUDIT_RECORD_KEY, value: entry }]),
  };
}

export interface ReadAuditLogOptions {
  /** Fails with `HALONG_AUDIT_READ_TIMEOUT` past this (default 30 s). */
  readonly timeoutMs?: number;
}

interface PartitionEnd {
  readonly partition: number;
  readonly high: bigint;
}

interface RawRecord {
  readonly offset: bigint;
  readonly value: Buffer | null;
}

/**
 * Reads a whole audit topic (full name, with its prefix) from the beginning up to the
 * high-water marks it had when called, and returns the entries partition by partition in
 * offset order; with every entry keyed `audit` that is one partition in log order. Values are
 * returned as parsed: `verifyAuditChain` judges their shape. A record that is not JSON throws
 * `HALONG_AUDIT_UNREADABLE_RECORD`.
 */
export async function readAuditLog(kafka: Kafka, topic: string, options: ReadAuditLogOptions = {}): Promise<AuditEntry[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_AUDIT_READ_TIMEOUT_MS;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends: PartitionEnd[] = (await withKafkaRetry(() => admin.fetchTopicOffsets(topic)))
      .filter((p) => BigInt(p.high) > BigInt(p.low))
      .map((p) => ({ partition: p.partition, high: BigInt(p.high) }))
      .sort((a, b) => a.partition - b.partition);
    if (!ends.length) return [];
    const groupId = `halong-audit-read-${randomBytes(8).toString('hex')}`;
    try {
      const records = await consumeUntil(kafka, topic, groupId, ends, timeoutMs);
      return ends.flatMap(({ partition }) => decode(topic, partition, records.get(partition) ?? []));
    } finally {
      // The group never committed anything; deleting it just keeps the broker's group list clean.
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
  } finally {
    await admin.disconnect();
  }
}

/** Consumes with a throwaway group (no commits) until every partition reached its end. */
async function consumeUntil(kafka: Kafka, topic: string, groupId: string, ends: readonly PartitionEnd[], timeoutMs: number): Promise<Map<number, RawRecord[]>> {
  const highOf = new Map(ends.map((e) => [e.partition, e.high]));
  const records = new Map(ends.map((e) => [e.partition, [] as RawRecord[]]));
  const pending = new Set(highOf.keys());
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const left = [...pending].join(', ');
      reject(new AuditError('HALONG_AUDIT_READ_TIMEOUT', `${topic}: partitions ${left} not read to their end within ${timeoutMs} ms`));
    }, timeoutMs);
  });

  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const reading = (async () => {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const high = highOf.get(batch.partition);
        const list = records.get(batch.partition);
        if (high === undefined || list === undefined || !pending.has(batch.partition)) return;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          // Records appended after the call are not part of this read.
          if (offset >= high) break;
          // A refetch after a rebalance may deliver an offset again.
          if (list.length && offset <= list[list.length - 1]!.offset) continue;
          list.push({ offset, value: message.value });
          if (offset + 1n >= high) break;
        }
        if (list.length && list[list.length - 1]!.offset + 1n >= high) {
          pending.delete(batch.partition);
          if (!pending.size) finished();
        }
      },
    });
    await done;
  })();
  // Whichever loses the race must not surface as an unhandled rejection.
  reading.catch(() => undefined);
  try {
    await Promise.race([reading, timedOut]);
    return records;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

function decode(topic: string, partition: number, records: readonly RawRecord[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let previous: string | undefined;
  for (const { offset, value } of records) {
    const raw = value?.toString('utf8');
    // A produce retry after a lost acknowledgement writes the same record twice in a row; an
    // identical copy adds nothing. Any other repeat is kept for the verifier to flag.
    if (raw !== undefined && raw === previous) continue;
    previous = raw;
    try {
      if (raw === undefined) throw new Error('the record has no value');
      entries.push(JSON.parse(raw) as AuditEntry);
    } catch (error) {
      throw new AuditError('HALONG_AUDIT_UNREADABLE_RECORD', `${topic} partition ${partition} offset ${offset}: ${(error as Error).message}`, { cause: error });
    }
  }
  return entries;
}
