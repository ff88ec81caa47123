// Test doubles for kafkajs consumers: no broker, batches are delivered by the test.
import type { ConsumerRunConfig, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';

/** A kafkajs consumer double: captures the run config so the test can deliver batches. */
export function fakeConsumerKafka() {
  let config: ConsumerRunConfig | undefined;
  const consumer = {
    connect: jest.fn(async () => undefined),
    subscribe: jest.fn(async () => undefined),
    run: jest.fn(async (c: ConsumerRunConfig) => {
      config = c;
    }),
    commitOffsets: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
  };
  const kafka = { consumer: jest.fn(() => consumer) };
  return {
    kafka: kafka as unknown as Kafka,
    factory: kafka,
    consumer,
    get runConfig(): ConsumerRunConfig {
      if (!config) throw new Error('run was not called');
      return config;
    },
  };
}

export function message(offset: string, value: string | null, key: string | null = null, headers: KafkaMessage['headers'] = {}): KafkaMessage {
  return {
    offset,
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    timestamp: '1763805600000',
    attributes: 0,
    headers,
  } as KafkaMessage;
}

export function batchPayload(topic: string, partition: number, messages: KafkaMessage[], over: Partial<EachBatchPayload> = {}) {
  const payload = {
    batch: {
      topic,
      partition,
      messages,
      highWatermark: '100',
      lastOffset: () => messages[messages.length - 1]?.offset ?? '-1',
      offsetLag: () => '7',
      offsetLagLow: () => '0',
      firstOffset: () => messages[0]?.offset ?? null,
      isEmpty: () => messages.length === 0,
    },
    resolveOffset: jest.fn(),
    heartbeat: jest.fn(async () => undefined),
    commitOffsetsIfNecessary: jest.fn(async () => undefined),
    uncommittedOffsets: jest.fn(),
    isRunning: () => true,
    isStale: () => false,
    pause: jest.fn(),
    ...over,
  };
  return payload as unknown as EachBatchPayload & {
    resolveOffset: jest.Mock;
    heartbeat: jest.Mock;
    commitOffsetsIfNecessary: jest.Mock;
  };
}
