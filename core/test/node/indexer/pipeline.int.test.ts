import type { EcsEvent } from '@halong/core';
import { indexNames } from '@halong/core';
import type { HalongConsumer, HalongProducer, Metrics, OpenSearchClient } from '@halong/core/node';
import {
  createBulkSink,
  createKafka,
  createLogger,
  createMetrics,
  createOpenSearchClient,
  createProducer,
  ensureTopics,
  putIndexTemplates,
  runIndexer,
} from '@halong/core/node';
import { testConfig } from '@halong/infra';

const N = 10_000;
const DATASETS = ['linux.auditd', 'windows.sysmon', 'network.syslog'];

function makeEvents(): EcsEvent[] {
  const base = Date.UTC(2026, 10, 22, 20, 0, 0);
  return Array.from({ length: N }, (_, i) => ({
    // Spread over two UTC days and three datasets: six daily indices.
    '@timestamp': new Date(base + i * 2000).toISOString(),
    event: { id: `evt-${i.toString().padStart(6, '0')}`, kind: 'event', dataset: DATASETS[i % 3]!, original: `line ${i}` },
    host: { name: `host-${i % 50}` },
    labels: { site: `commune-${i % 7}` },
    message: `test event ${i}`,
  }));
}

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 500));
    last = await probe();
  }
  return last;
}

async function metricValue(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val)).reduce((n, v) => n + v.value, 0);
}

describe('events pipeline: producer → Kafka → consumer → bulk sink → OpenSearch', () => {
  const config = testConfig();
  const logger = createLogger('pipeline-test', 'warn');
  const names = indexNames(config.indexPrefix);
  let client: OpenSearchClient;
  let producer: HalongProducer;
  let indexer: HalongConsumer;
  let metrics: Metrics;

  beforeAll(async () => {
    client = createOpenSearchClient(config);
    const kafka = createKafka(config, logger);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, { prefix: config.topicPrefix, partitions: 3, replicationFactor: 1 });
    await admin.disconnect();
    await putIndexTemplates(client, config.indexPrefix, 0);
    metrics = createMetrics({ defaultMetrics: false });
    producer = await createProducer({ kafka, topicPrefix: config.topicPrefix, lingerMs: 5, batchBytes: 256 << 10, maxBufferedBytes: 8 << 20, logger, metrics });
    const sink = createBulkSink({ client, deadLetterIndex: names.deadLetter, metrics, logger });
    indexer = await runIndexer({ kafka, sink, topicPrefix: config.topicPrefix, indexPrefix: config.indexPrefix, logger, metrics });
  });

  afterAll(async () => {
    await indexer?.stop();
    await producer?.close();
    await client?.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client?.close();
  });

  const count = async () => {
    await client.indices.refresh({ index: names.eventsPattern });
    const { body } = await client.count({ index: names.eventsPattern });
    return body.count;
  };

  it('indexes exactly 10,000 events, and still 10,000 after the same events are sent again', async () => {
    const events = makeEvents();
    await producer.send('events', events.map((e) => ({ key: e.host!.name!, value: e })));
    expect(await metricValue(metrics, 'halong_kafka_produced_total', {})).toBe(N);

    await waitFor('10,000 created documents', () => metricValue(metrics, 'halong_sink_documents_total', { result: 'created' }), (n) => n >= N);
    expect(await count()).toBe(N);

    const { body: indices } = await client.cat.indices({ index: [names.eventsPattern], format: 'json', h: ['index'] });
    expect((indices as { index: string }[]).map((i) => i.index).sort()).toEqual(
      ['linux.auditd', 'network.syslog', 'windows.sysmon'].flatMap((d) => [
        `${config.indexPrefix}-events-${d}-2026.11.22`,
        `${config.indexPrefix}-events-${d}-2026.11.23`,
      ]).sort(),
    );

    // A redelivery of every event: each answers 409, counted as delivered, nothing doubles.
    await producer.send('events', events.map((e) => ({ key: e.host!.name!, value: e })));
    await waitFor('10,000 duplicates', () => metricValue(metrics, 'halong_sink_documents_total', { result: 'duplicate' }), (n) => n >= N);
    expect(await count()).toBe(N);
    expect(await metricValue(metrics, 'halong_sink_documents_total', { result: 'created' })).toBe(N);
    expect(await metricValue(metrics, 'halong_sink_documents_total', { result: 'dead_lettered' })).toBe(0);
  });
});
