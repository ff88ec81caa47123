import type { HalongConfig } from '@halong/core/node';
import { createKafka, createLogger } from '@halong/core/node';

/**
 * Fails fast, naming the setting, when a configured external engine cannot be reached.
 * Returns one problem line per engine (empty when all answer).
 */
export async function checkExternalEngines(config: HalongConfig, timeoutMs = 5000): Promise<string[]> {
  const problems: string[] = [];
  const checks: Promise<void>[] = [];
  if (config.opensearch.url) {
    const url = config.opensearch.url;
    checks.push(
      fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
        .then((res) => {
          // 401 still proves an OpenSearch answers; credentials are checked by the first real call.
          if (res.status >= 500) problems.push(`HALONG_OPENSEARCH_URL: OpenSearch at ${url} answered ${res.status}`);
        })
        .catch((err: Error) => {
          problems.push(`HALONG_OPENSEARCH_URL: cannot reach OpenSearch at ${url} (${describe(err)})`);
        }),
    );
  }
  if (config.kafka.brokers) {
    const brokers = config.kafka.brokers;
    const kafka = createKafka(config, createLogger('preflight', 'silent'), { connectionTimeout: timeoutMs, retry: { retries: 0 } });
    const admin = kafka.admin();
    checks.push(
      admin
        .connect()
        .then(() => admin.disconnect())
        .catch((err: Error) => {
          problems.push(`HALONG_KAFKA_BROKERS: cannot reach Kafka at ${brokers.join(',')} (${describe(err)})`);
        }),
    );
  }
  await Promise.all(checks);
  return problems;
}

function describe(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}
