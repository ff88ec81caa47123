import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { TopicKey } from '../../topics';
import { topicName } from '../../topics';
import type { Metrics } from '../server/metrics';
import { BatchPipeline } from './batch-pipeline';

/**
 * One consumed record; `value` is the decoded JSON, or undefined with `decodeError` set. The
 * runner decodes on first read of either, so a handler that routes by headers and forwards
 * `raw` never pays for parsing.
 */
export interface ConsumedRecord<T> {
  topic: string;
  /** The contract name (`events`, `alerts`...) of the topic. */
  topicKey: TopicKey;
  partition: number;
  offset: string;
  readonly key: string | null;
  value: T | undefined;
  /** The value's text (decoded from rawBytes when first read). */
  readonly raw: string;
  /** The value's bytes as fetched, for handlers that forward them without decoding. */
  readonly rawBytes: Buffer;
  decodeError?: string;
  timestamp: string;
  /** A record header as text (the first, if repeated), or undefined. */
  header?(name: string): string | undefined;
}

const EMPTY = Buffer.alloc(0);

type KafkaHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined;

/** A consumed record whose value is parsed when first read. */
class LazyRecord<T> implements ConsumedRecord<T> {
  #decoded = false;
  #value: T | undefined;
  #error: string | undefined;
  #raw: string | undefined;
  #key: string | null | undefined;

  constructor(
    readonly topic: string,
    readonly topicKey: TopicKey,
    readonly partition: number,
    readonly offset: string,
    private readonly keyBytes: Buffer | null,
    readonly rawBytes: Buffer,
    readonly timestamp: string,
    private readonly headers: KafkaHeaders,
  ) {}

  // Decoded on first read: the indexer routes by headers and never reads the key.
  get key(): string | null {
    if (this.#key === undefined) this.#key = this.keyBytes === null ? null : this.keyBytes.toString('utf8');
    return this.#key;
  }

  get raw(): string {
    if (this.#raw === undefined) this.#raw = this.rawBytes.toString('utf8');
    return this.#raw;
  }

  get value(): T | undefined {
    if (!this.#decoded) this.decode();
    return this.#value;
  }

  get decodeError(): string | undefined {
    if (!this.#decoded) this.decode();
    return this.#error;
  }

  header(name: string): string | undefined {
    const h = this.headers?.[name];
    const first = Array.isArray(h) ? h[0] : h;
    return first === undefined ? undefined : first.toString();
  }

  private decode(): void {
    this.#decoded = true;
    try {
      this.#value = JSON.parse(this.raw) as T;
    } catch (err) {
      this.#error = `value is not JSON: ${(err as Error).message}`;
    }
  }
}

export interface ConsumerOptions<T, P = ConsumedRecord<T>[]> {
  kafka: Kafka;
  groupId: string;
  topics: readonly TopicKey[];
  topicPrefix: string;
  fromBeginning?: boolean;
  /** Partitions handled at once (default 3); each partition's batches stay in order. */
  concurrency?: number;
  logger: Logger;
  metrics?: Metrics;
  /**
   * Batches handled at once beyond one fetch (see batch-pipeline.ts): eachBatch returns once a
   * batch is admitted so the next fetch overlaps the handling; commits stay in order per
   * partition and after the handler; a failed batch is handled again in place. Off (0) by
   * default: the batch is handled and committed before the next fetch.
   */
  pipeline?: number;
  /** First wait before a failed batch is handled again in pipeline mode (ms, default 1000). */
  pipelineRetryMs?: number;
  /** Batches of one partition handled at once in pipeline mode (default 1; more only for order-free handlers). */
  pipelinePerPartition?: number;
  /**
   * How much a fetch waits for (kafkajs's minBytes, maxWaitTimeInMs, maxBytesPerPartition):
   * a handler with a per-call cost (a bulk request) gets fuller batches for a little latency.
   */
  fetch?: { minBytes?: number; maxWaitTimeInMs?: number; maxBytesPerPartition?: number };
  /**
   * Turns a batch's records into what `handle` works on, once, as the batch arrives; the
   * records are let go after it (a handler that waits on a peer then holds only what it needs).
   * Without it, `handle` gets the records themselves (P must then be the default).
   */
  prepare?(records: ConsumedRecord<T>[]): P;
  /**
   * Handles one partition's batch (prepared). Offsets are committed only after it resolves; if
   * it throws, nothing is committed and the batch comes again (at-least-once; in pipeline mode,
   * handle is called again with the same prepared batch).
   */
  handle(batch: P): Promise<void>;
}

export interface HalongConsumer {
  stop(): Promise<void>;
}

/** Joins a consumer group and feeds decoded batches to `handle`, committing after it succeeds. */
export async function runConsumer<T, P = ConsumedRecord<T>[]>(options: ConsumerOptions<T, P>): Promise<HalongConsumer> {
  const consumer: Consumer = options.kafka.consumer({ groupId: options.groupId, allowAutoTopicCreation: false, ...options.fetch });
  const keyOf = new Map(options.topics.map((k) => [topicName(options.topicPrefix, k), k]));
  const consumed = options.metrics?.counter('halong_kafka_consumed_total', 'Records handled and committed', ['group', 'topic']);
  const lag = options.metrics?.gauge('halong_kafka_consumer_lag', 'Records between the committed offset and the partition end', [
    'group',
    'topic',
    'partition',
  ]);
  const pipeline = options.pipeline
    ? new BatchPipeline({
        maxInFlight: options.pipeline,
        ...(options.pipelinePerPartition !== undefined ? { perPartition: options.pipelinePerPartition } : {}),
        retryMs: options.pipelineRetryMs ?? 1_000,
        maxRetryMs: 30_000,
        onRetry: (err, attempt) => options.logger.warn({ err, attempt, group: options.groupId }, 'batch not handled; handling it again'),
        onCommitError: (err) => options.logger.warn({ err, group: options.groupId }, 'offset commit failed; a later commit covers it'),
      })
    : undefined;
  await consumer.connect();
  await consumer.subscribe({ topics: [...keyOf.keys()], fromBeginning: options.fromBeginning ?? true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.concurrency ?? 3,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) => {
      if (!batch.messages.length || !isRunning() || isStale()) return;
      const topicKey = keyOf.get(batch.topic)!;
      const records = batch.messages.map(
        (m): ConsumedRecord<T> =>
          new LazyRecord<T>(batch.topic, topicKey, batch.partition, m.offset, m.key ?? null, m.value ?? EMPTY, m.timestamp, m.headers),
      );
      const last = batch.lastOffset();
      // Read now: the closures below must not keep kafkajs's batch (every decoded record) alive.
      const { topic, partition } = batch;
      const count = records.length;
      const lagNow = lag ? Number(batch.offsetLag()) : 0;
      const commit = async () => {
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
        consumed?.inc({ group: options.groupId, topic }, count);
        lag?.set({ group: options.groupId, topic, partition: String(partition) }, lagNow);
      };
      const prepared = options.prepare ? options.prepare(records) : (records as unknown as P);
      if (pipeline) {
        // Resolving moves only the fetch position; the commit waits for the handler.
        resolveOffset(last);
        await pipeline.submit({ partitionKey: `${topic}|${partition}`, work: () => options.handle(prepared), commit }, heartbeat);
        await heartbeat();
        return;
      }
      await options.handle(prepared);
      resolveOffset(last);
      await commit();
      await commitOffsetsIfNecessary();
      await heartbeat();
    },
  });
  return {
    async stop() {
      // Handlers still running finish (bounded: the sink gives up after its retries); what
      // they leave uncommitted is delivered again after a restart.
      await pipeline?.stop();
      await consumer.disconnect();
    },
  };
}
