import { createHash } from 'node:crypto';
import type { AuditRecordInput } from '../../src/audit/audit-chain';
import { createAuditChain } from '../../src/audit/audit-chain';
import { GENESIS_HASH, hashAuditEntry } from '../../src/audit/audit-hash';
import { AuditError } from '../../src/audit/errors';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain';
import { FROZEN, frozenClock, memorySink } from './support';

const publish = (version: number): AuditRecordInput => ({
  actor: 'admin:lan',
  action: 'policy.publish',
  target: { type: 'policy', id: `v${version}` },
  before: { version: version - 1 },
  after: { version },
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('createAuditChain', () => {
  it('hashes sha256hex(prev_hash + canonical JSON of the entry without hash), from 64 zeros', async () => {
    const sink = memorySink();
    const chain = createAuditChain({ sink, clock: frozenClock });
    const entry = await chain.record({ actor: 'admin:lan', action: 'policy.publish', target: { type: 'policy', id: 'v2' }, after: { version: 2 } });
    const canonical =
      '{"@timestamp":"2026-11-23T08:00:00.000Z","action":"policy.publish","actor":"admin:lan","after":{"version":2},' +
      `"prev_hash":"${GENESIS_HASH}","seq":1,"target":{"id":"v2","type":"policy"}}`;
    expect(entry).toEqual({
      seq: 1,
      '@timestamp': FROZEN.toISOString(),
      actor: 'admin:lan',
      action: 'policy.publish',
      target: { type: 'policy', id: 'v2' },
      after: { version: 2 },
      prev_hash: '0'.repeat(64),
      hash: createHash('sha256').update(GENESIS_HASH + canonical).digest('hex'),
    });
    expect(entry).not.toHaveProperty('before');
    expect(sink.entries).toEqual([entry]);
  });

  it('links each entry to the previous one with consecutive seqs', async () => {
    const sink = memorySink();
    const chain = createAuditChain({ sink, clock: frozenClock });
    const first = await chain.record(publish(2));
    const second = await chain.record({ actor: 'playbook:ransomware', action: 'quarantine.set', target: { type: 'host', id: 'pc-17' } });
    expect(second.seq).toBe(2);
    expect(second.prev_hash).toBe(first.hash);
    expect(second.hash).toBe(hashAuditEntry(second));
    expect(chain.tail()).toEqual({ seq: 2, hash: second.hash });
  });

  it('serialises 100 concurrent records into one valid chain, each input exactly once', async () => {
    const sink = memorySink();
    const chain = createAuditChain({ sink, clock: frozenClock });
    const returned = await Promise.all(Array.from({ length: 100 }, (_, i) => chain.record(publish(i + 1))));
    expect(sink.entries.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // Calls are served in call order, so the i-th call gets seq i+1.
    expect(returned.map((e) => e.target.id)).toEqual(Array.from({ length: 100 }, (_, i) => `v${i + 1}`));
    expect(returned).toEqual(sink.entries);
    expect(verifyAuditChain(sink.entries)).toEqual({ ok: true, count: 100, head: chain.tail() });
    expect(chain.tail().seq).toBe(100);
  });

  it('does not advance when the sink rejects: the error propagates and the next record reuses the seq and prev_hash', async () => {
    const sink = memorySink();
    const chain = createAuditChain({ sink, clock: frozenClock });
    await chain.record(publish(1));
    const second = await chain.record(publish(2));
    const kafkaDown = new Error('Kafka did not acknowledge');
    sink.failNext(kafkaDown);
    expect(await rejection(chain.record(publish(3)))).toBe(kafkaDown);
    expect(chain.tail()).toEqual({ seq: 2, hash: second.hash });
    const third = await chain.record(publish(3));
    expect(third).toMatchObject({ seq: 3, prev_hash: second.hash });
    expect(verifyAuditChain(sink.entries)).toEqual({ ok: true, count: 3, head: { seq: 3, hash: third.hash } });
  });

  it('keeps serving queued records after one in the middle of a burst failed', async () => {
    const sink = memorySink();
    const chain = createAuditChain({ sink, clock: frozenClock });
    await chain.record(publish(1));
    sink.failNext(new Error('timeout'));
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => chain.record(publish(i + 2))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(sink.entries.map((e) => [e.seq, e.target.id])).toEqual([[1, 'v1'], [2, 'v3'], [3, 'v4'], [4, 'v5'], [5, 'v6']]);
    expect(verifyAuditChain(sink.entries).ok).toBe(true);
  });

  it('continues from a given tail (a restart after reading the log)', async () => {
    const first = memorySink();
    const before = createAuditChain({ sink: first, clock: frozenClock });
    for (let i = 1; i <= 3; i++) await before.record(publish(i));
    const second = memorySink();
    const after = createAuditChain({ sink: second, clock: frozenClock, tail: before.tail() });
    const next = await after.record(publish(4));
    expect(next).toMatchObject({ seq: 4, prev_hash: before.tail().hash });
    expect(verifyAuditChain([...first.entries, ...second.entries]).ok).toBe(true);
  });

  it('stamps the time when the entry gets its seq, from the clock given', async () => {
    const times = [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:01Z')];
    const chain = createAuditChain({ sink: memorySink(), clock: () => times.shift()! });
    const [a, b] = await Promise.all([chain.record(publish(1)), chain.record(publish(2))]);
    expect([a!['@timestamp'], b!['@timestamp']]).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z']);
  });

  it('snapshots before/after at the call, so later mutation or Dates cannot change what was hashed', async () => {
    const sink = memorySink();
    const chain = createAuditChain({ sink, clock: frozenClock });
    const after = { roles: ['soc'], at: new Date('2026-11-23T07:00:00Z'), note: undefined as string | undefined };
    const pending = chain.record({ actor: 'admin:lan', action: 'account.update', target: { type: 'account', id: 'lan' }, after });
    after.roles.push('admin');
    const entry = await pending;
    expect(entry.after).toEqual({ roles: ['soc'], at: '2026-11-23T07:00:00.000Z' });
    expect(Object.isFrozen(entry) && Object.isFrozen(entry.after) && Object.isFrozen(entry.target)).toBe(true);
    // What a reader parses back from JSON verifies.
    expect(verifyAuditChain(JSON.parse(JSON.stringify(sink.entries)) as typeof sink.entries).ok).toBe(true);
  });

  it('refuses invalid input before it takes a seq', async () => {
    const sink = memorySink();
    const chain = createAuditChain({ sink, clock: frozenClock });
    const bad: unknown[] = [
      { ...publish(1), actor: '' },
      { ...publish(1), action: 42 },
      { ...publish(1), target: null },
      { ...publish(1), target: { type: 'policy' } },
      { ...publish(1), actor: 'x'.repeat(1025) },
      { ...publish(1), after: { score: Number.POSITIVE_INFINITY } },
    ];
    for (const input of bad) {
      const error = await rejection(chain.record(input as AuditRecordInput));
      expect(error).toBeInstanceOf(AuditError);
      expect(['HALONG_AUDIT_INVALID_ENTRY', 'HALONG_AUDIT_NOT_CANONICAL']).toContain((error as AuditError).code);
    }
    expect(sink.appendCalls).toBe(0);
    expect((await chain.record(publish(1))).seq).toBe(1);
  });

  it('refuses an invalid tail at creation', () => {
    for (const tail of [{ seq: -1, hash: GENESIS_HASH }, { seq: 1.5, hash: 'a'.repeat(64) }, { seq: 3, hash: 'XYZ' }, { seq: 3, hash: GENESIS_HASH }, { seq: 0, hash: 'a'.repeat(64) }]) {
      expect(() => createAuditChain({ sink: memorySink(), tail })).toThrow(expect.objectContaining({ code: 'HALONG_AUDIT_INVALID_TAIL' }));
    }
  });
});
