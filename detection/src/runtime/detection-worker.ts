// The detection worker: a consumer group on the events topic. Per event: match the enabled
// rules, build each hit, publish its detection records (keyed by correlation group) and feed
// the partition's alert aggregator for rules that alert on their own. Malformed events are
// counted and logged, never fatal. More consumers in the group = more partitions in parallel.
import type { Alert } from '@halong/core';
import type { ConsumedRecord, HalongConsumer, Logger, Metrics } from '@halong/core/node';
import { runConsumer } from '@halong/core/node';
import type { AlertAggregator } from '../alerts/aggregator';
import type { KeyedDetection, MalformedReason } from './event-hits';
import { buildHit, readEvent, routeHit } from './event-hits';
import type { LiveMatcher } from './live-matcher';
import type { CheckpointStore, PartitionCounters } from './partition-state';
import { PartitionStates } from './partition-state';
import type { Publisher } from './publish';
import { MAX_FUTURE_MS, offsetAfter, publishOutput } from './publish';

/** What the detection worker has done since it started. */
export interface DetectionWorkerCounters {
  events: number;
  malformed: Record<MalformedReason, number>;
  /** Events whose `@timestamp` did not parse: the Kafka record time was used. */
  timestampFallbacks: number;
  hits: number;
  detectionsPublished: number;
  alertsPublished: number;
}

/** Options of {@link createEventHandler}. */
export interface EventHandlerOptions {
  group: string;
  matcher: LiveMatcher;
  /** A fresh aggregator for a partition without a checkpoint. */
  aggregator: () => AlertAggregator;
  store: CheckpointStore;
  publisher: Publisher;
  logger: Logger;
  clock?: () => number;
}

/** The batch handler of the detection worker, apart from Kafka (unit tests drive it directly). */
export interface EventHandler {
  handle(records: ConsumedRecord<unknown>[]): Promise<void>;
  counters(): DetectionWorkerCounters & { partitions: PartitionCounters; openAlerts: number };
}

/** Builds the handler: one alert aggregator per partition, checkpointed after every batch. */
export function createEventHandler(o: EventHandlerOptions): EventHandler {
  const clock = o.clock ?? Date.now;
  const stats: DetectionWorkerCounters = { events: 0, malformed: { 'not-json': 0, 'not-an-object': 0, 'no-event-id': 0 }, timestampFallbacks: 0, hits: 0, detectionsPublished: 0, alertsPublished: 0 };
  const partitions = new PartitionStates<AlertAggregator>({
    group: o.group,
    store: o.store,
    codec: { create: o.aggregator, restore: (a, s) => a.restore(s), snapshot: (a) => a.snapshot() },
    onUnreadable: (id, err) => o.logger.error({ err, checkpoint: id, code: 'HALONG_DETECTION_CHECKPOINT' }, 'alert state checkpoint unreadable; the partition starts with no open alerts'),
  });

  async function handle(records: ConsumedRecord<unknown>[]): Promise<void> {
    const first = records[0];
    if (!first) return;
    const slot = await partitions.begin(first.topic, first.partition, first.offset);
    try {
      const aggregator = slot.worker;
      const index = o.matcher.ruleSet.index;
      const detections: KeyedDetection[] = [];
      const alerts: Alert[] = [];
      const malformed: { offset: string; reason: MalformedReason; detail: string }[] = [];
      const futureLimit = clock() + MAX_FUTURE_MS;
      let latest = -Infinity;
      let processed = 0;
      for (const r of records) {
        if (partitions.skip(slot, r.offset)) continue;
        processed++;
        stats.events++;
        const read = readEvent(r.value, r.decodeError, r.timestamp);
        if ('malformed' in read) {
          stats.malformed[read.malformed]++;
          malformed.push({ offset: r.offset, reason: read.malformed, detail: read.detail });
          continue;
        }
        if (read.meta.timestampFallback) stats.timestampFallbacks++;
        if (read.meta.timestamp <= futureLimit) latest = Math.max(latest, read.meta.timestamp);
        for (const { entry, match } of o.matcher.match(read.event)) {
          const hit = buildHit(entry, match, read.event, read.meta, index);
          stats.hits++;
          const routed = routeHit(entry, hit, index);
          detections.push(...routed.detections);
          // A source with a bad clock must not push every other host's alerts past their window.
          if (routed.alert) alerts.push(...aggregator.add({ ...routed.alert, at: Math.min(routed.alert.at, futureLimit) }));
        }
      }
      if (malformed.length) {
        o.logger.warn({ group: o.group, topic: first.topic, partition: first.partition, count: malformed.length, first: malformed[0] }, 'malformed events skipped');
      }
      if (processed === 0) return;
      if (Number.isFinite(latest)) alerts.push(...aggregator.advanceWatermark(latest));
      alerts.push(...aggregator.flush());
      await publishOutput(o.publisher, detections, alerts);
      stats.detectionsPublished += detections.length;
      stats.alertsPublished += alerts.length;
      await partitions.checkpoint(slot, offsetAfter(records));
    } catch (err) {
      partitions.discard(slot);
      throw err;
    }
  }

  return {
    handle,
    counters: () => ({
      ...stats,
      malformed: { ...stats.malformed },
      partitions: partitions.counters(),
      openAlerts: partitions.slots().reduce((n, s) => n + s.worker.openCount(), 0),
    }),
  };
}

/** Options of {@link startDetectionWorker}. */
export interface DetectionWorkerOptions extends EventHandlerOptions {
  kafka: Parameters<typeof runConsumer>[0]['kafka'];
  topicPrefix: string;
  metrics?: Metrics;
  /** Partitions handled at once by this process (default 3). */
  concurrency?: number;
}

/** A running detection worker. */
export interface DetectionWorker {
  counters: EventHandler['counters'];
  stop(): Promise<void>;
}

/** Joins the worker's consumer group (`group`) on the events topic. */
export async function startDetectionWorker(o: DetectionWorkerOptions): Promise<DetectionWorker> {
  const handler = createEventHandler(o);
  const consumer: HalongConsumer = await runConsumer<unknown>({
    kafka: o.kafka,
    groupId: o.group,
    topics: ['events'],
    topicPrefix: o.topicPrefix,
    logger: o.logger,
    ...(o.metrics ? { metrics: o.metrics } : {}),
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    handle: (records) => handler.handle(records),
  });
  return { counters: handler.counters, stop: () => consumer.stop() };
}
