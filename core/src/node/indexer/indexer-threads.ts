import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { HalongConfig } from '../config/config-types';
import type { HalongConsumer } from '../kafka/consumer';
import type { Metrics } from '../server/metrics';
import { applyRelayedMetric } from '../server/relay-metrics';
import type { IndexerThreadData, IndexerThreadMessage } from './indexer-thread';

/**
 * The script an indexer thread runs. It must call `runIndexerThread()` when `isIndexerThread()`
 * (the bundled `halong` command does so first thing); `eval` runs `filename` as code instead.
 */
export interface ThreadEntry {
  filename: string | URL;
  eval?: boolean;
  execArgv?: string[];
}

export interface IndexerThreadsOptions {
  config: HalongConfig;
  threads: number;
  entry: ThreadEntry;
  logger: Logger;
  metrics: Metrics;
  /** First wait before a thread that died is started again (ms, default 1000; doubles up to 30 s). */
  restartMs?: number;
  /** How long a thread may take to finish its batches when stopped before it is terminated (ms, default 30 s). */
  stopTimeoutMs?: number;
}

/**
 * Runs the indexer in worker threads, each a member of the indexer's consumer group, so Kafka →
 * OpenSearch does not compete with the inputs, detection and the API for the main event loop.
 * A thread that dies is started again (its uncommitted batches come back from Kafka); stop lets
 * each finish and commit what it has in flight.
 */
export async function startIndexerThreads(o: IndexerThreadsOptions): Promise<HalongConsumer> {
  const restartBase = o.restartMs ?? 1_000;
  const restarts = o.metrics.counter('halong_indexer_thread_restarts_total', 'Indexer threads started again after they died', []);
  const live = new Map<number, Worker>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  /** Starts thread `n`; resolves once its consumer runs, rejects if it dies before. */
  const start = (n: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const data: IndexerThreadData = { halong: 'indexer', config: o.config, thread: n };
      const worker = new Worker(o.entry.filename, { workerData: data, eval: o.entry.eval ?? false, ...(o.entry.execArgv ? { execArgv: o.entry.execArgv } : {}) });
      let ready = false;
      let failure: Error | undefined;
      live.set(n, worker);
      worker.on('message', (m: IndexerThreadMessage) => {
        if (m?.type === 'metric') applyRelayedMetric(o.metrics, m.update);
        else if (m?.type === 'ready') {
          ready = true;
          resolve();
        }
      });
      worker.on('error', (err) => {
        failure = err;
        o.logger.error({ err, thread: n }, 'indexer thread failed');
      });
      worker.on('exit', (code) => {
        if (live.get(n) === worker) live.delete(n);
        if (!ready) reject(failure ?? new Error(`indexer thread ${n} exited with code ${code} before its consumer ran`));
        else if (!stopping) {
          restarts.inc();
          o.logger.error({ thread: n, code }, 'indexer thread died; starting it again');
          restart(n, restartBase);
        }
      });
    });

  const restart = (n: number, waitMs: number): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopping) return;
      start(n).catch((err: unknown) => {
        o.logger.error({ err, thread: n, retryInMs: Math.min(waitMs * 2, 30_000) }, 'indexer thread did not start again');
        restart(n, Math.min(waitMs * 2, 30_000));
      });
    }, waitMs);
    timers.add(timer);
  };

  const stop = async (): Promise<void> => {
    stopping = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await Promise.all(
      [...live.values()].map(
        (worker) =>
          new Promise<void>((resolve) => {
            const kill = setTimeout(() => void worker.terminate(), o.stopTimeoutMs ?? 30_000);
            worker.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            worker.postMessage({ type: 'stop' });
          }),
      ),
    );
  };

  const started = await Promise.allSettled(Array.from({ length: o.threads }, (_, n) => start(n)));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  o.logger.info({ threads: o.threads }, 'indexer threads running');
  return { stop };
}
