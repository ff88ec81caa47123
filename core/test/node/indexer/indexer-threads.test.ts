import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HalongConfig } from '../../../src/node/config/config-types';
import { startIndexerThreads } from '../../../src/node/indexer/indexer-threads';
import { createLogger } from '../../../src/node/logger';
import { createMetrics } from '../../../src/node/server/metrics';

// Fake indexer threads: plain scripts speaking the thread protocol, so the supervisor is tested
// without engines (the real thread body has its integration test).
const fake = (body: string) => ({ filename: `const { parentPort, workerData } = require('node:worker_threads');\n${body}`, eval: true });
const config = { indexPrefix: 'unit' } as unknown as HalongConfig;
const logger = createLogger('indexer-threads-test', 'silent');

const value = async (metrics: ReturnType<typeof createMetrics>, name: string): Promise<number> =>
  ((await metrics.registry.getSingleMetric(name)?.get())?.values ?? []).reduce((n, v) => n + v.value, 0);

describe('startIndexerThreads', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'halong-threads-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts every thread, replays their metrics and stops them when asked', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const threads = await startIndexerThreads({
      config,
      threads: 3,
      logger,
      metrics,
      entry: fake(`
        parentPort.postMessage({ type: 'metric', update: { kind: 'counter', name: 'halong_fake_total', help: 'h', labelNames: [], op: 'inc', args: [workerData.thread + 1] } });
        parentPort.postMessage({ type: 'ready' });
        parentPort.on('message', (m) => { if (m.type === 'stop') { parentPort.postMessage({ type: 'stopped' }); parentPort.close(); } });`),
    });
    // Threads 0, 1, 2 each counted thread + 1: 1 + 2 + 3.
    expect(await value(metrics, 'halong_fake_total')).toBe(6);
    await threads.stop();
  });

  it('starts a thread that died again, and counts it', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const marker = JSON.stringify(join(dir, 'died-once'));
    const threads = await startIndexerThreads({
      config,
      threads: 1,
      logger,
      metrics,
      restartMs: 10,
      entry: fake(`
        const fs = require('node:fs');
        parentPort.postMessage({ type: 'metric', update: { kind: 'counter', name: 'halong_fake_starts_total', help: 'h', labelNames: [], op: 'inc', args: [1] } });
        parentPort.postMessage({ type: 'ready' });
        if (!fs.existsSync(${marker})) { fs.writeFileSync(${marker}, 'x'); setTimeout(() => process.exit(3), 20); }
        else parentPort.on('message', (m) => { if (m.type === 'stop') parentPort.close(); });`),
    });
    const deadline = Date.now() + 10_000;
    while ((await value(metrics, 'halong_fake_starts_total')) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await value(metrics, 'halong_fake_starts_total')).toBe(2);
    expect(await value(metrics, 'halong_indexer_thread_restarts_total')).toBe(1);
    await threads.stop();
  });

  it('fails to start when a thread fails before its consumer runs, and stops the others', async () => {
    const marker = JSON.stringify(join(dir, 'stopped'));
    await expect(
      startIndexerThreads({
        config,
        threads: 2,
        logger,
        metrics: createMetrics({ defaultMetrics: false }),
        entry: fake(`
          if (workerData.thread === 1) throw new Error('brokers unreachable');
          parentPort.postMessage({ type: 'ready' });
          parentPort.on('message', (m) => { if (m.type === 'stop') { require('node:fs').writeFileSync(${marker}, 'x'); parentPort.close(); } });`),
      }),
    ).rejects.toThrow('brokers unreachable');
    expect(existsSync(join(dir, 'stopped'))).toBe(true);
  });

  it('terminates a thread that does not finish within the stop timeout', async () => {
    const threads = await startIndexerThreads({
      config,
      threads: 1,
      logger,
      metrics: createMetrics({ defaultMetrics: false }),
      stopTimeoutMs: 50,
      // Ignores stop and keeps its event loop alive.
      entry: fake(`parentPort.postMessage({ type: 'ready' }); setInterval(() => undefined, 1000);`),
    });
    await threads.stop();
  });
});
