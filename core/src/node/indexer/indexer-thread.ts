import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { indexNames } from '../../indices';
import type { HalongConfig } from '../config/config-types';
import { createKafka } from '../kafka/create-kafka';
import { createLogger } from '../logger';
import { createBulkSink } from '../opensearch/bulk-sink';
import { createOpenSearchClient } from '../opensearch/create-client';
import type { RelayedMetric } from '../server/relay-metrics';
import { createRelayMetrics } from '../server/relay-metrics';
import { runIndexer } from './run-indexer';

/** What the main thread hands an indexer thread (structured-cloned). */
export interface IndexerThreadData {
  halong: 'indexer';
  config: HalongConfig;
  thread: number;
}

/** Messages between an indexer thread and the main thread. */
export type IndexerThreadMessage = { type: 'ready' } | { type: 'metric'; update: RelayedMetric } | { type: 'stopped' };

/** True in a worker thread started by {@link startIndexerThreads}: the script should call {@link runIndexerThread}. */
export function isIndexerThread(): boolean {
  return !isMainThread && (workerData as Partial<IndexerThreadData> | null)?.halong === 'indexer';
}

/**
 * The body of an indexer thread: its own Kafka consumer (a member of the indexer group) and
 * OpenSearch client, metrics relayed to the main thread, logs straight to stdout. It stops
 * when the main thread asks, after the batches in flight are written and committed.
 */
export async function runIndexerThread(): Promise<void> {
  if (!isIndexerThread() || !parentPort) throw new Error('runIndexerThread runs only in a thread made by startIndexerThreads');
  const port = parentPort;
  const { config, thread } = workerData as IndexerThreadData;
  const post = (message: IndexerThreadMessage) => port.postMessage(message);
  const logger = createLogger('halong', config.logLevel).child({ thread: `indexer-${thread}` });
  const metrics = createRelayMetrics((update) => post({ type: 'metric', update }));
  const client = createOpenSearchClient(config);
  const sink = createBulkSink({ client, deadLetterIndex: indexNames(config.indexPrefix).deadLetter, metrics, logger });
  const indexer = await runIndexer({ kafka: createKafka(config, logger), sink, topicPrefix: config.topicPrefix, indexPrefix: config.indexPrefix, logger, metrics });
  let stopping: Promise<void> | undefined;
  port.on('message', (message: { type?: string } | null) => {
    if (message?.type !== 'stop' || stopping) return;
    stopping = (async () => {
      await indexer.stop();
      await client.close();
      post({ type: 'stopped' });
      port.close();
    })();
  });
  post({ type: 'ready' });
}
