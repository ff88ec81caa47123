// npm run bench: throughput, latency percentiles and memory of the Kafka → OpenSearch path,
// against the private test engines (started if needed), with a naive baseline in the same run.
import type { EcsEvent } from '@halong/core';
import { indexNames, topicName } from '@halong/core';
import type { Metrics } from '@halong/core/node';
import { createBulkSink, createKafka, createLogger, createMetrics, createOpenSearchClient, createProducer, ensureTopics, putIndexTemplates, runIndexer } from '@halong/core/node';
import { Partitioners } from 'kafkajs';
import { startTestEngines, stopTestEngines, testConfig } from '@halong/infra';

const N = Number(process.env.BENCH_EVENTS ?? 100_000);
const CHUNK = 500;

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}
function summary(name: string, count: number, ms: number, latencies: number[]): void {
  const s = [...latencies].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  console.log(
    `${name.padEnd(34)} ${Math.round((count / ms) * 1000).toLocaleString('en').padStart(9)} events/s   p50 ${f(percentile(s, 50))} ms  p95 ${f(percentile(s, 95))} ms  p99 ${f(percentile(s, 99))} ms  (${s.length} samples)`,
  );
}
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

function events(run: string): EcsEvent[] {
  const base = Date.now();
  return Array.from({ length: N }, (_, i) => ({
    '@timestamp': new Date(base + i).toISOString(),
    event: { id: `${run}-${i}`, kind: 'event', dataset: 'bench.syslog', original: `<13>Nov 23 10:00:00 host-${i % 200} sshd[123]: Accepted password for user${i % 97} from 10.0.${i % 250}.${i % 200} port 22 ssh2` },
    host: { name: `host-${i % 200}` },
    source: { ip: `10.0.${i % 250}.${i % 200}` },
    user: { name: `user${i % 97}` },
    labels: { site: `commune-${i % 50}` },
    message: `Accepted password for user${i % 97}`,
  }));
}

async function counter(metrics: Metrics, name: string, result: string): Promise<number> {
  const m = metrics.registry.getSingleMetric(name);
  const { values } = m ? await m.get() : { values: [] };
  return values.filter((v) => v.labels.result === result).reduce((n, v) => n + v.value, 0);
}

async function main(): Promise<void> {
  const started = await startTestEngines();
  const config = testConfig();
  const logger = createLogger('bench', 'warn');
  const kafka = createKafka(config, logger);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, { prefix: config.topicPrefix, partitions: 3, replicationFactor: 1 });
  await admin.disconnect();
  const client = createOpenSearchClient(config);
  await putIndexTemplates(client, config.indexPrefix, 0);
  console.log(`Halong bench: ${N.toLocaleString('en')} ECS events, chunks of ${CHUNK}, node ${process.version}`);

  // Baseline: a plain kafkajs producer.send per chunk, no accumulation across calls
  // (to a topic of the same shape that the indexer does not read).
  const raw = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await raw.connect();
  {
    const evs = events('baseline');
    const lat: number[] = [];
    const t0 = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < N; i += CHUNK) {
      const part = evs.slice(i, i + CHUNK);
      const s = performance.now();
      inflight.push(
        raw
          .send({ topic: topicName(config.topicPrefix, 'detections'), acks: -1, messages: part.map((e) => ({ key: e.host!.name!, value: JSON.stringify(e) })) })
          .then(() => void lat.push(performance.now() - s)),
      );
      if (inflight.length >= 8) await inflight.shift();
    }
    await Promise.all(inflight);
    summary('baseline kafkajs send per chunk', N, performance.now() - t0, lat);
  }
  // One event per send() call, as a syslog input produces them: where batching across calls matters.
  const single = events('single').slice(0, Math.min(N, 20_000));
  const perEvent = async (name: string, send: (e: EcsEvent) => Promise<unknown>) => {
    const lat: number[] = [];
    const t = performance.now();
    const pending = new Set<Promise<unknown>>();
    for (const e of single) {
      const s = performance.now();
      const p: Promise<unknown> = send(e).then(() => {
        lat.push(performance.now() - s);
        pending.delete(p);
      });
      pending.add(p);
      if (pending.size >= 1000) await Promise.race(pending);
    }
    await Promise.all(pending);
    summary(name, single.length, performance.now() - t, lat);
  };
  await perEvent('baseline kafkajs send per event', (e) =>
    raw.send({ topic: topicName(config.topicPrefix, 'detections'), acks: -1, messages: [{ key: e.host!.name!, value: JSON.stringify(e) }] }),
  );
  await raw.disconnect();

  const metrics = createMetrics({ defaultMetrics: false });
  const producer = await createProducer({ kafka, topicPrefix: config.topicPrefix, lingerMs: config.kafka.lingerMs, batchBytes: config.kafka.batchBytes, maxBufferedBytes: config.kafka.maxBufferedBytes, logger, metrics });
  const evs = events('halong');
  const lat: number[] = [];
  const t0 = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < N; i += CHUNK) {
    const s = performance.now();
    inflight.push(producer.send('events', evs.slice(i, i + CHUNK).map((e) => ({ key: e.host!.name!, value: e }))).then(() => void lat.push(performance.now() - s)));
    if (inflight.length >= 8) await inflight.shift();
  }
  await Promise.all(inflight);
  const produceMs = performance.now() - t0;
  summary('halong producer per chunk', N, produceMs, lat);
  await perEvent('halong producer per event', (e) => producer.send('decisions', [{ key: e.host!.name!, value: e }]));

  // Indexer: consume what was produced and index it; time until all are acknowledged.
  const bulkLat: number[] = [];
  const timedClient = {
    bulk: async (...args: Parameters<typeof client.bulk>) => {
      const s = performance.now();
      try {
        return await (client.bulk as (...a: unknown[]) => ReturnType<typeof client.bulk>)(...args);
      } finally {
        bulkLat.push(performance.now() - s);
      }
    },
  } as unknown as Pick<typeof client, 'bulk'>;
  const sink = createBulkSink({ client: timedClient, deadLetterIndex: indexNames(config.indexPrefix).deadLetter, metrics, logger });
  const t1 = performance.now();
  const indexer = await runIndexer({ kafka, sink, topicPrefix: config.topicPrefix, indexPrefix: config.indexPrefix, logger, metrics });
  while ((await counter(metrics, 'halong_sink_documents_total', 'created')) < N) await new Promise((r) => setTimeout(r, 100));
  summary('indexer Kafka → OpenSearch (bulk)', N, performance.now() - t1, bulkLat);

  clearInterval(sampler);
  const mem = process.memoryUsage();
  console.log(`memory: peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB (includes the ${N.toLocaleString('en')} generated events held by the bench)`);

  await indexer.stop();
  await producer.close();
  await client.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
  await client.close();
  if (started && process.env.HALONG_TEST_KEEP_ENGINES !== '1') await stopTestEngines();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
