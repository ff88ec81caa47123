import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ControlKind, ControlRecord } from '../../control';
import { controlKey } from '../../control';
import { topicName } from '../../topics';
import { withKafkaRetry } from './retriable';

/** The live control state of this process, rebuilt from the compacted control topic. */
export interface ControlChannel {
  /** Resolves once every record that existed at start has been read. */
  ready: Promise<void>;
  /** The record in force for (kind, id), if any and not past its `until`. */
  get<T = unknown>(kind: ControlKind, id: string, now?: Date): ControlRecord<T> | undefined;
  list<T = unknown>(kind: ControlKind, now?: Date): ControlRecord<T>[];
  /** Publishes a record to every process (including this one once it comes back from Kafka). */
  set<T>(record: ControlRecord<T>): Promise<void>;
  /** Publishes a tombstone: the record is lifted everywhere. */
  remove(kind: ControlKind, id: string): Promise<void>;
  onChange(listener: (kind: ControlKind, id: string, record: ControlRecord | undefined) => void): void;
  close(): Promise<void>;
}

export interface ControlChannelOptions {
  kafka: Kafka;
  topicPrefix: string;
  logger: Logger;
}

/**
 * Follows the control topic from its beginning with a group of its own (each process must see
 * every record, not a share of them) and commits nothing: state is rebuilt on every start.
 */
export async function createControlChannel(options: ControlChannelOptions): Promise<ControlChannel> {
  const topic = topicName(options.topicPrefix, 'control');
  const state = new Map<string, ControlRecord>();
  const listeners: ((kind: ControlKind, id: string, record: ControlRecord | undefined) => void)[] = [];
  const admin = options.kafka.admin();
  const producer = options.kafka.producer({ allowAutoTopicCreation: false });
  const consumer = options.kafka.consumer({ groupId: `halong-control-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}` });
  await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);

  // Where the log ended when we started: being "ready" means having read up to there.
  const ends = new Map((await withKafkaRetry(() => admin.fetchTopicOffsets(topic))).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const pending = new Set([...ends].filter(([, high]) => high > 0n).map(([p]) => p));
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  if (!pending.size) markReady();

  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const key = message.key?.toString('utf8');
      if (key) {
        const sep = key.indexOf(':');
        const kind = key.slice(0, sep) as ControlKind;
        const id = key.slice(sep + 1);
        let record: ControlRecord | undefined;
        if (message.value && message.value.length) {
          try {
            record = JSON.parse(message.value.toString('utf8')) as ControlRecord;
          } catch (err) {
            options.logger.error({ err, key }, 'control record is not JSON; ignored');
          }
        }
        if (record) state.set(key, record);
        else state.delete(key);
        for (const l of listeners) l(kind, id, record);
      }
      if (pending.has(partition) && BigInt(message.offset) + 1n >= ends.get(partition)!) {
        pending.delete(partition);
        if (!pending.size) markReady();
      }
    },
  });

  const live = (r: ControlRecord | undefined, now: Date) => (r && (!r.until || new Date(r.until) > now) ? r : undefined);
  return {
    ready,
    get: <T>(kind: ControlKind, id: string, now = new Date()) => live(state.get(controlKey(kind, id)), now) as ControlRecord<T> | undefined,
    list: <T>(kind: ControlKind, now = new Date()) =>
      [...state.values()].filter((r) => r.kind === kind && live(r, now)) as ControlRecord<T>[],
    async set(record) {
      await producer.send({ topic, acks: -1, messages: [{ key: controlKey(record.kind, record.id), value: JSON.stringify(record) }] });
    },
    async remove(kind, id) {
      await producer.send({ topic, acks: -1, messages: [{ key: controlKey(kind, id), value: null }] });
    },
    onChange: (listener) => void listeners.push(listener),
    async close() {
      await Promise.all([consumer.disconnect(), producer.disconnect()]);
    },
  };
}
