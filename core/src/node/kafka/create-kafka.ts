import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaConfig, LogEntry, SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { HalongConfig } from '../config/config-types';
import { kafkaBrokers } from '../config/load-config';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

// Broker answers kafkajs logs as errors although it retries them and they pass within
// seconds (a fresh broker electing leaders, loading the offsets topic, a member joining a
// group): logged as warnings.
const TRANSIENT = /group is rebalancing|coordinator is not available|coordinator is loading|leadership election|not the leader for that topic-partition/i;

/** A kafkajs client for the configured brokers (TLS and SASL from config), logging through pino. */
export function createKafka(config: HalongConfig, logger: Logger, overrides: Partial<KafkaConfig> = {}): Kafka {
  const k = config.kafka;
  const read = (p?: string) => (p ? readFileSync(p, 'utf8') : undefined);
  const ssl = k.ssl || k.caFile || k.certFile ? { ca: read(k.caFile), cert: read(k.certFile), key: read(k.keyFile), rejectUnauthorized: true } : undefined;
  const sasl = k.saslMechanism
    ? ({ mechanism: k.saslMechanism, username: k.saslUsername!, password: k.saslPassword! } as SASLOptions)
    : undefined;
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  const options: KafkaConfig = {
    clientId: k.clientId,
    brokers: kafkaBrokers(config),
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    connectionTimeout: 3000,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log, namespace }: LogEntry) => {
        const { message, ...rest } = log;
        const transient = level === logLevel.ERROR && TRANSIENT.test(String(rest.error ?? message));
        kafkaLogger[transient ? 'warn' : (LEVELS[level] ?? 'info')]({ namespace, ...rest }, message);
      },
    ...overrides,
  };
  return new Kafka(options);
}
