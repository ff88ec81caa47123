// Decisions go to the decisions topic (the indexer writes them to OpenSearch). Sending never
// blocks or fails a decision: a lost log line is logged and counted, access is still decided.
import type { Decision } from '@halong/core';
import type { HalongProducer, Logger, Metrics } from '@halong/core/node';

/** A fire-and-forget decision logger over Halong's batching producer. */
export function createDecisionLog(producer: HalongProducer, logger: Logger, metrics?: Metrics): (decision: Decision) => void {
  const lost = metrics?.counter('halong_decisions_log_failed_total', 'Decisions that could not be written to the decisions topic', []);
  const counted = metrics?.counter('halong_decisions_total', 'Access decisions', ['decision']);
  return (decision) => {
    counted?.inc({ decision: decision.decision ? 'allow' : 'deny' });
    producer.send('decisions', [{ key: decision.subject.id, value: decision }]).catch((err: unknown) => {
      lost?.inc();
      logger.warn({ err, decisionId: decision.id }, 'decision not logged to Kafka');
    });
  };
}
