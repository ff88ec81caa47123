import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { indexNames } from '../../indices';
import type { TopicKey } from '../../topics';
import type { HalongConsumer } from '../kafka/consumer';
import { runConsumer } from '../kafka/consumer';
import type { BulkBody } from '../opensearch/bulk-body';
import { BulkBodyBuilder } from '../opensearch/bulk-body';
import type { BulkSink, DeadLetter } from '../opensearch/bulk-sink';
import type { Metrics } from '../server/metrics';
import { routeRecord } from './route-record';

export interface IndexerOptions {
  kafka: Kafka;
  sink: BulkSink;
  topicPrefix: string;
  indexPrefix: string;
  logger: Logger;
  metrics?: Metrics;
  groupId?: string;
  topics?: readonly TopicKey[];
  /**
   * Batches in bulk requests at once (default 4, from any partitions). The next fetch overlaps
   * them, so OpenSearch is not idle between bulks; 0 handles each fetch before the next.
   */
  pipeline?: number;
  /** First wait before a failed batch is written again in pipeline mode (ms, default 1000). */
  pipelineRetryMs?: number;
}

/**
 * The one writer path into OpenSearch: consumes events, alerts, decisions and audit entries, writes them through the
 * bulk sink and commits offsets only after OpenSearch acknowledged the whole batch.
 */
export function runIndexer(options: IndexerOptions): Promise<HalongConsumer> {
  const names = indexNames(options.indexPrefix);
  const pipeline = options.pipeline ?? 4;
  return runConsumer<unknown, { body: BulkBody; letters: DeadLetter[] }>({
    kafka: options.kafka,
    groupId: options.groupId ?? `${options.indexPrefix}-indexer`,
    topics: options.topics ?? ['events', 'alerts', 'decisions', 'audit'],
    topicPrefix: options.topicPrefix,
    pipeline,
    // Every write commutes: events, decisions and audit entries are created once by id, and an
    // alert's scripted merge keeps the furthest version whatever order they arrive in. So a
    // partition's batches may be written side by side (one partition's backlog fills every
    // slot); commits still follow the partition's order.
    pipelinePerPartition: pipeline,
    // OpenSearch pays per bulk request (a translog fsync per shard it touches), so under load a
    // fetch waits up to 250 ms for 1 MiB rather than sending a few hundred documents at a time.
    fetch: { minBytes: 1 << 20, maxWaitTimeInMs: 250, maxBytesPerPartition: 4 << 20 },
    ...(options.pipelineRetryMs !== undefined ? { pipelineRetryMs: options.pipelineRetryMs } : {}),
    logger: options.logger,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    // The bulk body is built as the batch arrives: while OpenSearch works on it, the indexer
    // holds the body, not the batch's records.
    prepare(records) {
      const builder = new BulkBodyBuilder();
      const letters: DeadLetter[] = [];
      for (const r of records) {
        const routed = routeRecord(r, names);
        if ('doc' in routed) builder.add(routed.doc);
        else letters.push(routed.letter);
      }
      return { body: builder.build(), letters };
    },
    async handle({ body, letters }) {
      await options.sink.deadLetter(letters);
      if (body.count) await options.sink.writeBody(body);
    },
  });
}
