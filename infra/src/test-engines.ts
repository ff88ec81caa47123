import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HalongConfig } from '@halong/core/node';
import { loadConfig } from '@halong/core/node';
import type { EnginesOptions } from './engines';
import { downEngines, engineStatus, upEngines } from './engines';

const num = (v: string | undefined, d: number) => (v ? Number(v) : d);

/**
 * Private engines for tests: their own ports and folder, never those of `npm start`.
 * Override with HALONG_TEST_OPENSEARCH_PORT / HALONG_TEST_KAFKA_PORT / HALONG_TEST_ENGINES_DIR.
 */
export function testEnginesOptions(env: NodeJS.ProcessEnv = process.env): EnginesOptions {
  const osPort = num(env.HALONG_TEST_OPENSEARCH_PORT, 19200);
  const kafkaPort = num(env.HALONG_TEST_KAFKA_PORT, 19092);
  return {
    dataDir: env.HALONG_TEST_ENGINES_DIR ?? join(tmpdir(), 'halong-test-engines'),
    cacheDir: env.HALONG_CACHE_DIR ?? join(process.env.HOME ?? tmpdir(), '.cache', 'halong'),
    startTimeoutMs: 240_000,
    opensearch: { port: osPort, transportPort: osPort + 100, heap: '768m' },
    kafka: { port: kafkaPort, controllerPort: kafkaPort + 1, heap: '512m' },
    log: (line) => process.stderr.write(`[test engines] ${line}\n`),
  };
}

/**
 * Reuses healthy test engines or starts fresh ones (on a wiped folder).
 * Returns true when it started them, so the caller knows to stop them.
 */
export async function startTestEngines(options: EnginesOptions = testEnginesOptions()): Promise<boolean> {
  const status = await engineStatus(options);
  if (status.every((s) => s.running && s.healthy)) return false;
  await downEngines(options);
  rmSync(options.dataDir, { recursive: true, force: true });
  await upEngines(options);
  return true;
}

export async function stopTestEngines(options: EnginesOptions = testEnginesOptions()): Promise<void> {
  await downEngines(options);
}

/**
 * A configuration pointing at the test engines with a private topic and index prefix, so
 * tests never see each other's data.
 */
export function testConfig(env: Record<string, string> = {}): HalongConfig {
  const o = testEnginesOptions();
  const id = `t${randomBytes(4).toString('hex')}`;
  return loadConfig({
    env: {
      HALONG_OPENSEARCH_URL: `http://127.0.0.1:${o.opensearch.port}`,
      HALONG_KAFKA_BROKERS: `127.0.0.1:${o.kafka.port}`,
      HALONG_TOPIC_PREFIX: id,
      HALONG_INDEX_PREFIX: id,
      HALONG_LOG_LEVEL: 'warn',
      // Each test config gets its own CA and passphrase, never the developer's.
      HALONG_PKI_DIR: join(tmpdir(), 'halong-test-pki', id, 'pki'),
      HALONG_PKI_PASSPHRASE: `test-passphrase-${id}`,
      ...env,
    },
  });
}
