// The correlation worker: a consumer group on the detections topic, one CorrelationEngine and
// one alert aggregator per partition (every hit of a group reaches one partition, so a
// partition's engine sees whole groups). Chains are published (`chaining: 'publish'`): an outer
// correlation's group may live on another partition. Checkpointed after every batch.
import type { Alert } from '@halong/core';
import type { ConsumedRecord, HalongConsumer, Logger, Metrics } from '@halong/core/node';
import { runConsumer } from '@halong/core/node';
import type { AlertAggregator } from '../alerts/aggregator';
import { sourceFromMatch } from '../alerts/build-alert';
import type { CorrelationIndex } from '../correlation/correlation-index';
import { CorrelationEngine } from '../correlation/engine';
import type { CorrelationEngineOptions, CorrelationOutput, CorrelationStats, DetectionRecord } from '../correlation/types';
import type { KeyedDetection } from './event-hits';
import type { CheckpointStore, PartitionCounters } from './partition-state';
import { PartitionStates } from './partition-state';
import type { Publisher } from './publish';
import { offsetAfter, publishOutput } from './publish';

/** One partition's correlation state. */
export interface CorrelationPartition {
  engine: CorrelationEngine;
  alerts: AlertAggregator;
}

/** What the correlation worker has done since it started. */
export interface CorrelationWorkerCounters {
  records: number;
  malformed: number;
  /** Records of, and matches by, disabled correlations (dropped). */
  disabled: number;
  matches: number;
  chainedPublished: number;
  alertsPublished: number;
}

/** Options of {@link createDetectionHandler}. */
export interface DetectionHandlerOptions {
  group: string;
  index: CorrelationIndex;
  isEnabled: (key: string) => boolean;
  engineOptions: Omit<CorrelationEngineOptions, 'chaining'>;
  aggregator: () => AlertAggregator;
  store: CheckpointStore;
  publisher: Publisher;
  logger: Logger;
}

/** The batch handler of the correlation worker, apart from Kafka. */
export interface DetectionHandler {
  handle(records: ConsumedRecord<unknown>[]): Promise<void>;
  counters(): CorrelationWorkerCounters & { partitions: PartitionCounters; engine: CorrelationStats; openGroups: number; openAlerts: number };
  /** Matches per correlation key since start (for the rule API). */
  matchesByCorrelation(): Map<string, number>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A detections-topic value, if it has the shape of one. */
export function readDetection(value: unknown): DetectionRecord | undefined {
  if (!isObject(value) || typeof value['correlationId'] !== 'string' || typeof value['groupKey'] !== 'string') return undefined;
  const hit = value['hit'];
  if (!isObject(hit) || typeof hit['ruleId'] !== 'string' || typeof hit['eventId'] !== 'string') return undefined;
  if (typeof hit['timestamp'] !== 'number' || !Number.isFinite(hit['timestamp']) || !isObject(hit['fields'])) return undefined;
  return value as unknown as DetectionRecord;
}

/** Builds the handler: restore on (re)assignment, evaluate, alert, publish chains, checkpoint. */
export function createDetectionHandler(o: DetectionHandlerOptions): DetectionHandler {
  const stats: CorrelationWorkerCounters = { records: 0, malformed: 0, disabled: 0, matches: 0, chainedPublished: 0, alertsPublished: 0 };
  const perCorrelation = new Map<string, number>();
  const partitions = new PartitionStates<CorrelationPartition>({
    group: o.group,
    store: o.store,
    codec: {
      create: () => ({ engine: new CorrelationEngine(o.index, { ...o.engineOptions, chaining: 'publish' }), alerts: o.aggregator() }),
      restore: (p, state) => {
        const s = isObject(state) ? state : {};
        p.engine.restore(s['engine']);
        p.alerts.restore(s['alerts']);
      },
      snapshot: (p) => ({ engine: p.engine.snapshot(), alerts: p.alerts.snapshot() }),
    },
    onUnreadable: (id, err) => o.logger.error({ err, checkpoint: id, code: 'HALONG_DETECTION_CHECKPOINT' }, 'correlation checkpoint unreadable; the partition starts with empty windows'),
  });

  async function handle(records: ConsumedRecord<unknown>[]): Promise<void> {
    const first = records[0];
    if (!first) return;
    const slot = await partitions.begin(first.topic, first.partition, first.offset);
    try {
      const { engine, alerts: aggregator } = slot.worker;
      const chained: KeyedDetection[] = [];
      const alerts: Alert[] = [];
      const take = (out: CorrelationOutput) => {
        for (const m of out.matches) {
          stats.matches++;
          perCorrelation.set(m.correlationId, (perCorrelation.get(m.correlationId) ?? 0) + 1);
          const c = o.index.get(m.correlationId);
          if (!o.isEnabled(m.correlationId)) stats.disabled++;
          else if (c && o.index.standalone(m.correlationId)) alerts.push(...aggregator.add(sourceFromMatch(c.rule, m)));
        }
        for (const r of out.chained) if (o.isEnabled(r.hit.ruleId)) chained.push({ key: r.groupKey, value: r });
      };
      let latest = -Infinity;
      let processed = 0;
      for (const r of records) {
        if (partitions.skip(slot, r.offset)) continue;
        processed++;
        stats.records++;
        const record = r.decodeError === undefined ? readDetection(r.value) : undefined;
        if (!record) {
          stats.malformed++;
          o.logger.warn({ group: o.group, partition: r.partition, offset: r.offset, error: r.decodeError }, 'malformed detection record skipped');
          continue;
        }
        if (!o.isEnabled(record.correlationId)) {
          stats.disabled++;
          continue;
        }
        latest = Math.max(latest, record.hit.timestamp);
        take(engine.process(record));
      }
      if (processed === 0) return;
      // The README's contract: every poll moves the partition's event time, so waiting windows close.
      if (Number.isFinite(latest)) take(engine.advanceWatermark(latest));
      const watermark = engine.currentWatermark();
      if (watermark !== undefined) alerts.push(...aggregator.advanceWatermark(watermark));
      alerts.push(...aggregator.flush());
      await publishOutput(o.publisher, chained, alerts);
      stats.chainedPublished += chained.length;
      stats.alertsPublished += alerts.length;
      await partitions.checkpoint(slot, offsetAfter(records));
    } catch (err) {
      partitions.discard(slot);
      throw err;
    }
  }

  return {
    handle,
    counters: () => {
      const slots = partitions.slots();
      const engine = slots.map((s) => s.worker.engine.counters()).reduce(sumStats, undefined);
      return {
        ...stats,
        partitions: partitions.counters(),
        engine: engine ?? new CorrelationEngine(o.index).counters(),
        openGroups: slots.reduce((n, s) => n + s.worker.engine.groupCount(), 0),
        openAlerts: slots.reduce((n, s) => n + s.worker.alerts.openCount(), 0),
      };
    },
    matchesByCorrelation: () => new Map(perCorrelation),
  };
}

function sumStats(a: CorrelationStats | undefined, b: CorrelationStats): CorrelationStats {
  if (!a) return { ...b };
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof CorrelationStats)[]) out[k] += b[k];
  return out;
}

/** Options of {@link startCorrelationWorker}. */
export interface CorrelationWorkerOptions extends DetectionHandlerOptions {
  kafka: Parameters<typeof runConsumer>[0]['kafka'];
  topicPrefix: string;
  metrics?: Metrics;
  concurrency?: number;
}

/** A running correlation worker. */
export interface CorrelationWorker {
  counters: DetectionHandler['counters'];
  matchesByCorrelation: DetectionHandler['matchesByCorrelation'];
  stop(): Promise<void>;
}

/** Joins the worker's consumer group (`group`) on the detections topic. */
export async function startCorrelationWorker(o: CorrelationWorkerOptions): Promise<CorrelationWorker> {
  const handler = createDetectionHandler(o);
  const consumer: HalongConsumer = await runConsumer<unknown>({
    kafka: o.kafka,
    groupId: o.group,
    topics: ['detections'],
    topicPrefix: o.topicPrefix,
    logger: o.logger,
    ...(o.metrics ? { metrics: o.metrics } : {}),
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    handle: (records) => handler.handle(records),
  });
  return { counters: handler.counters, matchesByCorrelation: handler.matchesByCorrelation, stop: () => consumer.stop() };
}
