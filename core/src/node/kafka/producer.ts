import { Partitioners } from 'kafkajs';
import type { Admin, Kafka, PartitionerArgs, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { TopicKey } from '../../topics';
import { topicName } from '../../topics';
import type { Metrics } from '../server/metrics';
import type { BatchTransport } from './accumulator';
import { Accumulator } from './accumulator';

/** One record to produce; `value` is serialised as JSON. */
export interface ProducerRecord {
  key?: string | null;
  value: unknown;
  headers?: Record<string, string>;
}

/** Halong's producer: JSON values, prefixed topics, batching with linger, bounded memory. */
export interface HalongProducer {
  /** Resolves when Kafka (all in-sync replicas) acknowledged every record; rejects if any failed. */
  send(topic: TopicKey, records: readonly ProducerRecord[]): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Bytes accepted but not yet acknowledged. */
  readonly pendingBytes: number;
}

export interface ProducerOptions {
  kafka: Kafka;
  topicPrefix: string;
  lingerMs: number;
  batchBytes: number;
  maxBufferedBytes: number;
  logger: Logger;
  metrics?: Metrics;
  idempotent?: boolean;
  /** Produce requests in flight at once (default 4; 1 when idempotent). */
  maxInFlight?: number;
}

type PartitionMetadata = PartitionerArgs['partitionMetadata'];

// Distinct keys remembered per topic before the memo starts over (a bound, not a tuning knob).
const KEY_CACHE_LIMIT = 10_000;

/** Connects a producer (and an admin for partition metadata) and returns Halong's interface over it. */
export async function createProducer(options: ProducerOptions): Promise<HalongProducer> {
  const producer: Producer = options.kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: options.idempotent ?? false,
    ...(options.idempotent ? { maxInFlightRequests: 1 } : {}),
  });
  const admin: Admin = options.kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);

  // The same murmur2 partitioner as the Java client: a key lands where Java producers put it.
  const partitioner = Partitioners.DefaultPartitioner();
  const metadata = new Map<string, Promise<PartitionMetadata>>();
  const partitionsOf = (topic: string): Promise<PartitionMetadata> => {
    let m = metadata.get(topic);
    if (!m) {
      m = admin.fetchTopicMetadata({ topics: [topic] }).then((r) => r.topics[0]!.partitions as PartitionMetadata);
      m.catch(() => metadata.delete(topic));
      metadata.set(topic, m);
    }
    return m;
  };

  const partitionsByKey = new Map<string, Map<string, number>>();
  const keyedPartitions = (topic: string): Map<string, number> => {
    let m = partitionsByKey.get(topic);
    if (!m) partitionsByKey.set(topic, (m = new Map()));
    return m;
  };

  const produced = options.metrics?.counter('halong_kafka_produced_total', 'Records acknowledged by Kafka', ['topic']);
  const failed = options.metrics?.counter('halong_kafka_produce_failed_total', 'Records Kafka did not acknowledge', []);
  const transport: BatchTransport = {
    async sendBatch(batches) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: batches.map((b) => ({
          topic: b.topic,
          messages: b.records.map((r) => ({ partition: b.partition, key: r.key, value: r.value, headers: r.headers })),
        })),
      });
      for (const b of batches) produced?.inc({ topic: b.topic }, b.records.length);
    },
  };
  const accumulator = new Accumulator(transport, {
    lingerMs: options.lingerMs,
    batchBytes: options.batchBytes,
    maxBufferedBytes: options.maxBufferedBytes,
    maxInFlight: options.idempotent ? 1 : (options.maxInFlight ?? 4),
    onError: (err, records) => {
      failed?.inc(records);
      options.logger.error({ err, records }, 'Kafka did not acknowledge a batch');
    },
  });

  return {
    get pendingBytes() {
      return accumulator.pendingBytes;
    },
    async send(key, records) {
      const topic = topicName(options.topicPrefix, key);
      const partitionMetadata = await partitionsOf(topic);
      const waits = new Set<Promise<void>>();
      const byKey = keyedPartitions(topic);
      for (const r of records) {
        if (accumulator.pendingBytes >= options.maxBufferedBytes) await accumulator.waitForRoom();
        const value = JSON.stringify(r.value);
        const recordKey = r.key ?? null;
        // A keyed record's partition depends only on its key (the topic's partition count is
        // read once), and keys repeat (host names): murmur2 runs once per key, not per record.
        let partition = recordKey === null ? undefined : byKey.get(recordKey);
        if (partition === undefined) {
          partition = partitioner({ topic, partitionMetadata, message: { key: recordKey, value } });
          if (recordKey !== null) {
            if (byKey.size >= KEY_CACHE_LIMIT) byKey.clear();
            byKey.set(recordKey, partition);
          }
        }
        waits.add(accumulator.add(topic, partition, { key: recordKey, value, ...(r.headers ? { headers: r.headers } : {}) }));
      }
      await Promise.all(waits);
    },
    flush: () => accumulator.flush(),
    async close() {
      await accumulator.close();
      await Promise.all([producer.disconnect(), admin.disconnect()]);
    },
  };
}
