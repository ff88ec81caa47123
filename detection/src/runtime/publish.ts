// What both workers share: how they publish, and the offset a batch's checkpoint stands at.
import type { Alert } from '@halong/core';
import type { ConsumedRecord, HalongProducer } from '@halong/core/node';
import type { KeyedDetection } from './event-hits';

/** The producer as the workers use it (a fake in unit tests). */
export type Publisher = Pick<HalongProducer, 'send'>;

/** Publishes a batch's output; resolves once Kafka acknowledged all of it. */
export async function publishOutput(publisher: Publisher, detections: readonly KeyedDetection[], alerts: readonly Alert[]): Promise<void> {
  await Promise.all([
    detections.length ? publisher.send('detections', detections) : undefined,
    // The indexer overwrites an alert by id, so every version (the last one wins) is keyed by it.
    alerts.length ? publisher.send('alerts', alerts.map((a) => ({ key: a.id, value: a }))) : undefined,
  ]);
}

/** The offset after a batch: what its checkpoint records and Kafka commits. */
export function offsetAfter(records: readonly ConsumedRecord<unknown>[]): string {
  return (BigInt(records[records.length - 1]!.offset) + 1n).toString();
}

/** Event times further ahead of the wall clock than this are a source's bad clock, not the future. */
export const MAX_FUTURE_MS = 5 * 60_000;
