import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ReadyResponse } from '@halong/core';
import { indexNames } from '@halong/core';
import { createKafka, createLogger, createOpenSearchClient, createProducer } from '@halong/core/node';
import { testConfig, testEnginesOptions } from '@halong/infra';

const root = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('halong start (the bundled command) against real engines', () => {
  const engines = testEnginesOptions();
  const config = testConfig();
  let child: ChildProcess;
  let port: number;
  let stdout = '';

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
    port = await freePort();
    child = spawn(process.execPath, [join(root, 'cli', 'dist', 'halong.cjs'), 'start'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        HALONG_OPENSEARCH_URL: `http://127.0.0.1:${engines.opensearch.port}`,
        HALONG_KAFKA_BROKERS: `127.0.0.1:${engines.kafka.port}`,
        HALONG_TOPIC_PREFIX: config.topicPrefix,
        HALONG_INDEX_PREFIX: config.indexPrefix,
        HALONG_API_PORT: String(port),
        HALONG_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stdout += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (stdout.includes('Halong is up')) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
      child.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`halong start exited with ${code}:\n${stdout}`));
      });
    });
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    const client = createOpenSearchClient(config);
    await client.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client.close();
  });

  it('answers /readyz with both engines ready, and /healthz', async () => {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as ReadyResponse;
    expect(body.status).toBe('ready');
    expect(body.engines.opensearch?.status).toBe('ready');
    expect(body.engines.kafka?.status).toBe('ready');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'halong' });
  });

  it('created the index templates and indexes an event produced to its events topic', async () => {
    const client = createOpenSearchClient(config);
    const { body: templates } = await client.indices.getIndexTemplate({ name: `${config.indexPrefix}-*` });
    expect(templates.index_templates.map((t) => t.name).sort()).toEqual(
      [`${config.indexPrefix}-alerts`, `${config.indexPrefix}-deadletter`, `${config.indexPrefix}-events`].sort(),
    );
    const logger = createLogger('start-test', 'silent');
    const producer = await createProducer({ kafka: createKafka(config, logger), topicPrefix: config.topicPrefix, lingerMs: 1, batchBytes: 1 << 16, maxBufferedBytes: 1 << 20, logger });
    const ts = '2026-11-23T01:02:03.000Z';
    await producer.send('events', [{ key: 'h1', value: { '@timestamp': ts, event: { id: 'start-test-1', dataset: 'test.start' }, message: 'hello' } }]);
    await producer.close();
    const index = indexNames(config.indexPrefix).events('test.start', new Date(ts));
    let found = false;
    for (let i = 0; i < 120 && !found; i++) {
      const { body } = await client.exists({ index, id: 'start-test-1' });
      found = body === true;
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    expect(found).toBe(true);
    await client.close();
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Halong stopped');
  });
});
