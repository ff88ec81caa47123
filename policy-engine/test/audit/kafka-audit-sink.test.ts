import type { AuditEntry } from '@halong/core';
import type { EachBatchPayload, Kafka } from 'kafkajs';
import { createAuditChain } from '../../src/audit/audit-chain';
import { AuditError } from '../../src/audit/errors';
import { AUDIT_RECORD_KEY, createKafkaAuditSink, readAuditLog } from '../../src/audit/kafka-audit-sink';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain';
import { frozenClock } from './support';

interface FakeMessage {
  offset: string;
  value: Buffer | null;
}

/**
 * A kafkajs double for `readAuditLog`: the admin reports the given partition ends, and `run`
 * delivers the given batches (in the given order) to the handler.
 */
function fakeKafka(ends: { partition: number; low: string; high: string }[], batches: { partition: number; messages: FakeMessage[] }[]) {
  const admin = {
    connect: jest.fn(async () => undefined),
    disconnect: jest.fn(async () => undefined),
    fetchTopicOffsets: jest.fn(async () => ends.map((e) => ({ ...e, offset: e.high }))),
    deleteGroups: jest.fn(async () => []),
  };
  const consumer = {
    connect: jest.fn(async () => undefined),
    subscribe: jest.fn(async () => undefined),
    run: jest.fn(async (config: { autoCommit?: boolean; eachBatch: (payload: EachBatchPayload) => Promise<void> }) => {
      setImmediate(() => {
        void (async () => {
          for (const batch of batches) await config.eachBatch({ batch } as unknown as EachBatchPayload);
        })();
      });
    }),
    disconnect: jest.fn(async () => undefined),
  };
  const factory = { admin: jest.fn(() => admin), consumer: jest.fn((_: { groupId: string }) => consumer) };
  return { kafka: factory as unknown as Kafka, factory, admin, consumer };
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const messages = (values: unknown[], first = 0): FakeMessage[] => values.map((v, i) => ({ offset: String(first + i), value: json(v) }));

async function makeEntries(count: number): Promise<AuditEntry[]> {
  const produced: AuditEntry[] = [];
  const chain = createAuditChain({ sink: { append: async (e) => void produced.push(e) }, clock: frozenClock });
  for (let i = 1; i <= count; i++) await chain.record({ actor: 'admin', action: 'token.revoke', target: { type: 'jti', id: `j${i}` } });
  return produced;
}

describe('createKafkaAuditSink', () => {
  it('sends each entry keyed "audit" to the audit topic and resolves when the producer acknowledged it', async () => {
    const send = jest.fn(async () => undefined);
    const sink = createKafkaAuditSink({ send });
    const [entry] = await makeEntries(1);
    await sink.append(entry!);
    expect(send).toHaveBeenCalledWith('audit', [{ key: AUDIT_RECORD_KEY, value: entry }]);
    expect(AUDIT_RECORD_KEY).toBe('audit');
  });

  it('propagates a failed acknowledgement, so the chain does not advance', async () => {
    const failure = new Error('not enough in-sync replicas');
    const sink = createKafkaAuditSink({ send: jest.fn(async () => Promise.reject(failure)) }, 'audit');
    const chain = createAuditChain({ sink, clock: frozenClock });
    await expect(chain.record({ actor: 'a', action: 'b', target: { type: 'c', id: 'd' } })).rejects.toBe(failure);
    expect(chain.tail().seq).toBe(0);
  });
});

describe('readAuditLog', () => {
  it('reads from the beginning up to the high-water mark of the call, with a throwaway group, and cleans up', async () => {
    const entries = await makeEntries(5);
    // Two records arrived after the call: offsets 3 and 4 are beyond the high-water mark of 3.
    const fake = fakeKafka([{ partition: 0, low: '0', high: '3' }], [{ partition: 0, messages: messages(entries) }]);
    const read = await readAuditLog(fake.kafka, 'p.halong.audit.v1');
    expect(read).toEqual(entries.slice(0, 3));
    expect(verifyAuditChain(read)).toMatchObject({ ok: true, count: 3 });
    expect(fake.admin.fetchTopicOffsets).toHaveBeenCalledWith('p.halong.audit.v1');
    expect(fake.consumer.subscribe).toHaveBeenCalledWith({ topic: 'p.halong.audit.v1', fromBeginning: true });
    expect(fake.consumer.run).toHaveBeenCalledWith(expect.objectContaining({ autoCommit: false }));
    const groupId = fake.factory.consumer.mock.calls[0]![0].groupId;
    expect(groupId).toMatch(/^halong-audit-read-[0-9a-f]{16}$/);
    expect(fake.consumer.disconnect).toHaveBeenCalled();
    expect(fake.admin.deleteGroups).toHaveBeenCalledWith([groupId]);
    expect(fake.admin.disconnect).toHaveBeenCalled();
  });

  it('uses a new group on every call', async () => {
    const entries = await makeEntries(1);
    const fake = fakeKafka([{ partition: 0, low: '0', high: '1' }], [{ partition: 0, messages: messages(entries) }]);
    await readAuditLog(fake.kafka, 't');
    await readAuditLog(fake.kafka, 't');
    const [a, b] = fake.factory.consumer.mock.calls.map((c) => c[0].groupId);
    expect(a).not.toBe(b);
  });

  it('returns [] for an empty topic without joining a group', async () => {
    const fake = fakeKafka([{ partition: 0, low: '0', high: '0' }, { partition: 1, low: '7', high: '7' }], []);
    expect(await readAuditLog(fake.kafka, 't')).toEqual([]);
    expect(fake.factory.consumer).not.toHaveBeenCalled();
    expect(fake.admin.disconnect).toHaveBeenCalled();
  });

  it('waits for every partition and returns them in partition order, each in offset order', async () => {
    const entries = await makeEntries(4);
    const fake = fakeKafka(
      [{ partition: 0, low: '0', high: '2' }, { partition: 1, low: '0', high: '2' }],
      [
        { partition: 1, messages: messages(entries.slice(2, 4)) },
        { partition: 0, messages: messages(entries.slice(0, 1)) },
        { partition: 0, messages: messages(entries.slice(1, 2), 1) },
      ],
    );
    expect((await readAuditLog(fake.kafka, 't')).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('ignores an offset delivered again after a rebalance', async () => {
    const entries = await makeEntries(3);
    const fake = fakeKafka(
      [{ partition: 0, low: '0', high: '3' }],
      [{ partition: 0, messages: messages(entries.slice(0, 2)) }, { partition: 0, messages: messages(entries.slice(1, 3), 1) }],
    );
    expect((await readAuditLog(fake.kafka, 't')).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('drops an identical copy right after a record (a produce retry) but keeps any other repeat for the verifier', async () => {
    const entries = await makeEntries(3);
    const retried = [entries[0], entries[1], entries[1], entries[2]];
    const fake = fakeKafka([{ partition: 0, low: '0', high: '4' }], [{ partition: 0, messages: messages(retried) }]);
    const read = await readAuditLog(fake.kafka, 't');
    expect(read.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyAuditChain(read).ok).toBe(true);

    const replayed = [entries[0], entries[1], entries[0], entries[2]];
    const again = fakeKafka([{ partition: 0, low: '0', high: '4' }], [{ partition: 0, messages: messages(replayed) }]);
    const tampered = await readAuditLog(again.kafka, 't');
    expect(tampered.map((e) => e.seq)).toEqual([1, 2, 1, 3]);
    expect(verifyAuditChain(tampered)).toMatchObject({ ok: false, code: 'HALONG_AUDIT_DUPLICATE_SEQ' });
  });

  it('returns a JSON value that is not an entry as parsed, for the verifier to flag', async () => {
    const [first] = await makeEntries(1);
    const fake = fakeKafka([{ partition: 0, low: '0', high: '2' }], [{ partition: 0, messages: messages([first, { hello: 'world' }]) }]);
    const read = await readAuditLog(fake.kafka, 't');
    expect(verifyAuditChain(read)).toMatchObject({ ok: false, seq: 2, code: 'HALONG_AUDIT_MALFORMED_ENTRY' });
  });

  it('throws HALONG_AUDIT_UNREADABLE_RECORD, naming partition and offset, for a record that is not JSON', async () => {
    for (const value of [Buffer.from('{not json'), null]) {
      const fake = fakeKafka([{ partition: 2, low: '0', high: '1' }], [{ partition: 2, messages: [{ offset: '0', value }] }]);
      const error = await readAuditLog(fake.kafka, 't').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditError);
      expect(error).toMatchObject({ code: 'HALONG_AUDIT_UNREADABLE_RECORD', message: expect.stringMatching(/^t partition 2 offset 0: /) });
      expect(fake.admin.disconnect).toHaveBeenCalled();
    }
  });

  it('fails with HALONG_AUDIT_READ_TIMEOUT when a partition never reaches its end, and still disconnects', async () => {
    const entries = await makeEntries(2);
    const fake = fakeKafka([{ partition: 0, low: '0', high: '2' }, { partition: 1, low: '0', high: '5' }], [{ partition: 0, messages: messages(entries) }]);
    const error = await readAuditLog(fake.kafka, 't', { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'HALONG_AUDIT_READ_TIMEOUT', message: expect.stringMatching(/partitions 1 not read/) });
    expect(fake.consumer.disconnect).toHaveBeenCalled();
    expect(fake.admin.deleteGroups).toHaveBeenCalled();
    expect(fake.admin.disconnect).toHaveBeenCalled();
  });
});
