import type { HalongConfig } from '@halong/core/node';
import { createKafka, createLogger, createOpenSearchClient } from '@halong/core/node';

/**
 * Fails fast, naming the setting, when a configured external engine cannot be reached.
 * Returns one problem line per engine (empty when all answer).
 */
export async function checkExternalEngines(config: HalongConfig, timeoutMs = 5000): Promise<string[]> {
  const problems: string[] = [];
  const checks: Promise<void>[] = [];
  if (config.opensearch.url) {
    const url = config.opensearch.url;
    // The real client, so the configured CA, client certificate and credentials apply.
    const client = createOpenSearchClient({ ...config, opensearch: { ...config.opensearch, requestTimeoutMs: timeoutMs } });
    checks.push(
      client.transport
        .request({ method: 'GET', path: '/' })
        .then(
          () => undefined,
          (err: Error & { meta?: { statusCode?: number } }) => {
            const status = err.meta?.statusCode;
            // 401/403 still prove an OpenSearch answers; credentials are checked by the first real call.
            if (typeof status === 'number' && status > 0 && status < 500) return;
            problems.push(
              typeof status === 'number' && status > 0
                ? `HALONG_OPENSEARCH_URL: OpenSearch at ${url} answered ${status}`
                : `HALONG_OPENSEARCH_URL: cannot reach OpenSearch at ${url} (${describe(err)})`,
            );
          },
        )
        .finally(() => client.close()),
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
  const code = /\b(E[A-Z]{3,}[A-Z_]*)\b/.exec(err.message)?.[1];
  return cause?.code ?? code ?? cause?.message ?? err.message;
}
