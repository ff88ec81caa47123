// The real engines for the pipeline sections: the private test OpenSearch and Kafka that
// infra manages (JVM processes, no Docker), reused when healthy and started otherwise, exactly
// as the integration tests' global setup does; stopped at the end only if started here.
// Every section gets private topic and index prefixes, removed afterwards.
import { Topics, topicName } from '@halong/core';
import type { HalongConfig, Logger, OpenSearchClient } from '@halong/core/node';
import { createKafka, createLogger, createOpenSearchClient, ensureTopics, indexTemplates, putIndexTemplates } from '@halong/core/node';
import { engineStatus, startTestEngines, stopTestEngines, testConfig, testEnginesOptions } from '@halong/infra';

type Kafka = ReturnType<typeof createKafka>;

/** The engines and the clients every section shares. */
export interface BenchEngines {
  config: HalongConfig;
  logger: Logger;
  kafka: Kafka;
  client: OpenSearchClient;
  /** The JVMs' process ids, to read their CPU time. */
  pids: { kafka?: number; opensearch?: number };
  /** A fresh private prefix (topics and indices), removed by {@link BenchEngines.close}. */
  prefix(): string;
  /** Creates the contract's topics under a prefix. */
  topics(prefix: string): Promise<void>;
  /** Puts Halong's index templates under a prefix (no replicas: one node). */
  templates(prefix: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts (or reuses) the test engines and connects to them. */
export async function openEngines(): Promise<BenchEngines> {
  const t0 = performance.now();
  const started = await startTestEngines();
  const status = await engineStatus(testEnginesOptions());
  console.log(`engines: ${started ? 'started' : 'reused'} (${status.map((s) => `${s.name} ${s.address}${s.pid ? ` pid ${s.pid}` : ''}`).join(', ')}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const config = testConfig();
  const logger = createLogger('collectors-bench', 'warn');
  const kafka = createKafka(config, logger);
  const client = createOpenSearchClient(config);
  const prefixes: string[] = [];
  const pid = (name: string) => status.find((s) => s.name === name)?.pid;
  return {
    config,
    logger,
    kafka,
    client,
    pids: { kafka: pid('kafka'), opensearch: pid('opensearch') },
    prefix() {
      // testConfig makes a fresh random prefix each call; its topics and indices are ours alone.
      const p = `${testConfig().topicPrefix}-bench`;
      prefixes.push(p);
      return p;
    },
    async topics(prefix) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, { prefix, partitions: config.kafka.partitions, replicationFactor: 1 });
      } finally {
        await admin.disconnect();
      }
    },
    async templates(prefix) {
      await putIndexTemplates(client, prefix, 0);
    },
    async close() {
      await cleanUp(kafka, client, prefixes, logger);
      await client.close();
      if (started && process.env.HALONG_TEST_KEEP_ENGINES !== '1') await stopTestEngines();
    },
  };
}

// Topics, consumer groups, indices and templates of every prefix used; failures are reported, not fatal.
async function cleanUp(kafka: Kafka, client: OpenSearchClient, prefixes: readonly string[], logger: Logger): Promise<void> {
  if (prefixes.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = prefixes.flatMap((p) => (Object.keys(Topics) as (keyof typeof Topics)[]).map((k) => topicName(p, k))).filter((t) => existing.has(t));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => prefixes.some((p) => g.startsWith(p)));
    if (groups.length) await admin.deleteGroups(groups);
  } catch (err) {
    logger.warn({ err }, 'bench topics or groups not removed');
  } finally {
    await admin.disconnect();
  }
  for (const p of prefixes) {
    try {
      await client.indices.delete({ index: `${p}-*`, expand_wildcards: 'all' });
      for (const name of Object.keys(indexTemplates(p, 0))) await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
    } catch (err) {
      logger.warn({ err, prefix: p }, 'bench indices not removed');
    }
  }
  const left = await client.cat.indices({ index: prefixes.map((p) => `${p}-*`).join(','), format: 'json' }).catch(() => ({ body: [] as unknown[] }));
  console.log(`cleanup: topics, groups, indices and templates of ${prefixes.join(', ')} removed${(left.body as unknown[]).length ? ` (${(left.body as unknown[]).length} indices remain!)` : ''}`);
}
