import type { AuditEntry } from '@halong/core';
import { topicName } from '@halong/core';
import type { HalongProducer } from '@halong/core/node';
import { createKafka, createLogger, createProducer, ensureTopics } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import { createAuditChain } from '../../src/audit/audit-chain';
import { hashAuditEntry } from '../../src/audit/audit-hash';
import { createKafkaAuditSink, readAuditLog } from '../../src/audit/kafka-audit-sink';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain';

// The audit chain through the real audit topic: what one writer records, a reader (a restart,
// the admin API) reads back complete and in order, and tampering with it is detected.
describe('audit chain on the real Kafka audit topic', () => {
  const config = testConfig();
  const logger = createLogger('audit-test', 'silent');
  const kafka = createKafka(config, logger);
  const topic = topicName(config.topicPrefix, 'audit');
  let producer: HalongProducer;

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    // Three partitions: the one key must still keep every entry on one of them, in order.
    await ensureTopics(admin, { prefix: config.topicPrefix, partitions: 3, replicationFactor: 1 });
    await admin.disconnect();
    producer = await createProducer({ kafka, topicPrefix: config.topicPrefix, lingerMs: 1, batchBytes: 1 << 20, maxBufferedBytes: 8 << 20, logger });
  });
  afterAll(async () => {
    await producer?.close();
  });

  it('records 50 entries, reads them back in order, verifies them, and detects tampering with a copy', async () => {
    expect(await readAuditLog(kafka, topic, { timeoutMs: 60_000 })).toEqual([]);

    let tick = Date.UTC(2026, 10, 23, 8, 0, 0);
    const chain = createAuditChain({ sink: createKafkaAuditSink(producer, 'audit'), clock: () => new Date((tick += 1000)) });
    const actions = ['policy.publish', 'join_token.issue', 'certificate.revoke', 'quarantine.set', 'account.update'];
    // Recorded concurrently: the chain's queue, not the caller, keeps them in one line.
    const recorded = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        chain.record({ actor: 'admin:lan', action: actions[i % actions.length]!, target: { type: 'test', id: `item-${i}` }, before: { n: i }, after: { n: i + 1 } }),
      ),
    );

    const read = await readAuditLog(kafka, topic, { timeoutMs: 60_000 });
    expect(read).toHaveLength(50);
    expect(read).toEqual(recorded);
    expect(read.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const verified = verifyAuditChain(read);
    expect(verified).toEqual({ ok: true, count: 50, head: chain.tail() });

    // One key, one partition: the other two stayed empty.
    const admin = kafka.admin();
    await admin.connect();
    const highs = (await admin.fetchTopicOffsets(topic)).map((p) => Number(p.high)).sort((a, b) => a - b);
    await admin.disconnect();
    expect(highs).toEqual([0, 0, 50]);

    const copy = structuredClone(read) as AuditEntry[];
    (copy[20]!.after as { n: number }).n = 999;
    expect(verifyAuditChain(copy)).toMatchObject({ ok: false, seq: 21, code: 'HALONG_AUDIT_HASH_MISMATCH' });
    const rehashed = structuredClone(read) as AuditEntry[];
    rehashed[20]!.actor = 'intruder';
    rehashed[20]!.hash = hashAuditEntry(rehashed[20]!);
    expect(verifyAuditChain(rehashed)).toMatchObject({ ok: false, seq: 22, code: 'HALONG_AUDIT_BROKEN_LINK' });
    const cut = structuredClone(read) as AuditEntry[];
    cut.splice(30, 1);
    expect(verifyAuditChain(cut)).toMatchObject({ ok: false, seq: 31, code: 'HALONG_AUDIT_SEQ_GAP' });
    expect(verifyAuditChain(read.slice(10))).toMatchObject({ ok: false, seq: 1, code: 'HALONG_AUDIT_TRUNCATED_START' });
    // The log on Kafka itself is untouched.
    expect(verifyAuditChain(read).ok).toBe(true);

    // A restart: a new writer continues from the tail it reads and verifies.
    if (!verified.ok) throw new Error(verified.reason);
    const resumed = createAuditChain({ sink: createKafkaAuditSink(producer, 'audit'), tail: verified.head });
    const next = await resumed.record({ actor: 'admin:lan', action: 'quarantine.lift', target: { type: 'host', id: 'pc-17' } });
    expect(next).toMatchObject({ seq: 51, prev_hash: verified.head.hash });
    const reread = await readAuditLog(kafka, topic, { timeoutMs: 60_000 });
    expect(verifyAuditChain(reread)).toEqual({ ok: true, count: 51, head: { seq: 51, hash: next.hash } });
  });
});
