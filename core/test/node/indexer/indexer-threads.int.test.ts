import { join } from 'node:path';
import type { EcsEvent } from '@halong/core';
import { indexNames, topicName } from '@halong/core';
import type { HalongConsumer, HalongProducer, Metrics, OpenSearchClient } from '@halong/core/node';
import { createKafka, createLogger, createMetrics, createOpenSearchClient, createProducer, ensureTopics, putIndexTemplates, startIndexerThreads } from '@halong/core/node';
import { testConfig } from '@halong/infra';

const N = 3_000;

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function metricValue(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((n, v) => n + v.value, 0);
}

describe('indexer threads on the real engines', () => {
  // The threads log at the config's level: only errors here (a joining group's rebalance is warned about).
  const config = { ...testConfig(), logLevel: 'error' as const };
  const logger = createLogger('indexer-threads-test', 'warn');
  const names = indexNames(config.indexPrefix);
  const kafka = createKafka(config, logger);
  let client: OpenSearchClient;
  let producer: HalongProducer;
  let threads: HalongConsumer | undefined;
  const metrics = createMetrics({ defaultMetrics: false });

  beforeAll(async () => {
    client = createOpenSearchClient(config);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, { prefix: config.topicPrefix, partitions: 3, replicationFactor: 1 });
    await admin.disconnect();
    await putIndexTemplates(client, config.indexPrefix, 0);
    producer = await createProducer({ kafka, topicPrefix: config.topicPrefix, lingerMs: 5, batchBytes: 256 << 10, maxBufferedBytes: 8 << 20, logger });
  });

  afterAll(async () => {
    await threads?.stop();
    await producer?.close();
    await client?.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client?.close();
  });

  it('two threads share the indexer group, index every event once and report through the main registry', async () => {
    threads = await startIndexerThreads({
      config,
      threads: 2,
      logger,
      metrics,
      // The threads load the TypeScript source through tsx, as `halong` does from its bundle.
      entry: { filename: `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'support', 'thread-entry.ts'))});`, eval: true },
    });
    const admin = kafka.admin();
    await admin.connect();
    const members = async () => (await admin.describeGroups([`${config.indexPrefix}-indexer`])).groups[0]!;
    try {
      await waitFor('two members in a stable indexer group', async () => {
        const g = await members();
        return g.state === 'Stable' && g.members.length === 2;
      });

      const base = Date.UTC(2026, 10, 24, 1, 0, 0);
      const events: EcsEvent[] = Array.from({ length: N }, (_, i) => ({
        '@timestamp': new Date(base + i * 1000).toISOString(),
        event: { id: `thr-${i}`, kind: 'event', dataset: 'network.syslog', original: `line ${i}` },
        message: `event ${i}`,
      }));
      await producer.send('events', events.map((e) => ({ key: e.event.id, value: e })));

      let count = 0;
      await waitFor(`${N} events indexed`, async () => {
        await client.indices.refresh({ index: names.eventsPattern });
        count = (await client.count({ index: names.eventsPattern })).body.count;
        return count >= N && (await metricValue(metrics, 'halong_sink_documents_total', { result: 'created' })) >= N;
      });
      expect(count).toBe(N);
      // The sink and the consumer ran in the threads; their counters reached this process's /metrics.
      expect(await metricValue(metrics, 'halong_sink_documents_total', { result: 'created' })).toBe(N);
      expect(await metricValue(metrics, 'halong_kafka_consumed_total', { topic: topicName(config.topicPrefix, 'events') })).toBe(N);

      await threads.stop();
      threads = undefined;
      // Both left the group when stopped (their offsets are committed: nothing comes twice).
      expect((await members()).members).toHaveLength(0);
    } finally {
      await admin.disconnect();
    }
  });
});
