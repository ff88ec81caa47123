/** Kafka topics of the contract. Values are JSON; names get the configured prefix. */
export const Topics = {
  events: 'halong.events.v1',
  detections: 'halong.detections.v1',
  alerts: 'halong.alerts.v1',
  decisions: 'halong.decisions.v1',
  audit: 'halong.audit.v1',
  control: 'halong.control.v1',
} as const;

export type TopicKey = keyof typeof Topics;

/** Topics whose log is compacted (latest value per key is the state). */
export const COMPACTED_TOPICS: readonly TopicKey[] = ['control'];

/**
 * The full topic name for a prefix: tests use a private prefix so they never share topics
 * with a running platform.
 */
export function topicName(prefix: string, key: TopicKey): string {
  return prefix ? `${prefix}.${Topics[key]}` : Topics[key];
}
