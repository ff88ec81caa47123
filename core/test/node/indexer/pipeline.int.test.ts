import type { EcsEvent } from '@halong/core';
import { eventHeaders, indexNames, topicName } from '@halong/core';
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

  it('forwards records with routing headers unparsed; OpenSearch refuses a broken text alone, and it is dead-lettered', async () => {
    const created = await metricValue(metrics, 'halong_sink_documents_total', { result: 'created' });
    const lettered = await metricValue(metrics, 'halong_sink_documents_total', { result: 'dead_lettered' });
    const at = '2026-11-24T03:00:00.000Z';
    const good = (id: string) => ({ '@timestamp': at, event: { id, dataset: 'headers.test' }, message: `text of ${id}` });
    // Broken inside but an object at both ends: the indexer does not parse it, OpenSearch does.
    const broken = { 'hdr-2': `{"@timestamp":"${at}","event":{"id":"hdr-2"},"message":"a" "b"}`, 'hdr-3': '{"@timestamp": }' };
    // Kafka's own client, so that a value can be something Halong's producer would never write.
    const raw = createKafka(config, logger).producer();
    await raw.connect();
    try {
      await raw.send({
        topic: topicName(config.topicPrefix, 'events'),
        acks: -1,
        messages: [
          { key: 'h', value: JSON.stringify(good('hdr-1')), headers: eventHeaders(good('hdr-1'))! },
          ...Object.entries(broken).map(([id, value]) => ({ key: 'h', value, headers: eventHeaders(good(id))! })),
          { key: 'h', value: JSON.stringify(good('hdr-4')), headers: eventHeaders(good('hdr-4'))! },
        ],
      });
    } finally {
      await raw.disconnect();
    }
    await waitFor('2 more created', () => metricValue(metrics, 'halong_sink_documents_total', { result: 'created' }), (n) => n >= created + 2);
    await waitFor('2 more dead letters', () => metricValue(metrics, 'halong_sink_documents_total', { result: 'dead_lettered' }), (n) => n >= lettered + 2);

    const index = names.events('headers.test', new Date(at));
    const { body: found } = await client.mget({ index, body: { ids: ['hdr-1', 'hdr-4'] } });
    expect((found.docs as { found: boolean; _source?: { message?: string } }[]).map((d) => d._source?.message)).toEqual(['text of hdr-1', 'text of hdr-4']);
    const { body: letters } = await client.mget({ index: names.deadLetter, body: { ids: Object.keys(broken) } });
    for (const [i, d] of (letters.docs as { _id: string; _source?: { original?: string; target_index?: string; error_type?: string } }[]).entries()) {
      expect({ id: d._id, original: d._source?.original, target: d._source?.target_index }).toEqual({ id: Object.keys(broken)[i], original: Object.values(broken)[i], target: index });
      expect(d._source?.error_type).toMatch(/pars/);
    }
  });
});
