import type { AuditEntry } from '@halong/core';
import { createAuditChain } from '../../src/audit/audit-chain';
import { GENESIS_TAIL, hashAuditEntry } from '../../src/audit/audit-hash';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain';
import { copyOf, frozenClock, memorySink } from './support';

async function makeLog(count: number): Promise<{ entries: AuditEntry[]; head: { seq: number; hash: string } }> {
  const sink = memorySink();
  const chain = createAuditChain({ sink, clock: frozenClock });
  for (let i = 1; i <= count; i++) {
    await chain.record({ actor: 'admin:lan', action: 'join_token.issue', target: { type: 'join_token', id: `t${i}` }, after: { site: 'commune-3', n: i } });
  }
  return { entries: sink.entries, head: chain.tail() };
}

/** A forged entry that hashes correctly and links to `previous`, as someone who can write to the topic could make. */
function forge(previous: AuditEntry, seq: number): AuditEntry {
  const unsigned = { seq, '@timestamp': previous['@timestamp'], actor: 'intruder', action: 'quarantine.lift', target: { type: 'host', id: 'pc-17' }, prev_hash: previous.hash };
  return { ...unsigned, hash: hashAuditEntry(unsigned) };
}

describe('verifyAuditChain', () => {
  let log: AuditEntry[];
  let head: { seq: number; hash: string };
  beforeAll(async () => {
    ({ entries: log, head } = await makeLog(10));
  });

  it('accepts an intact log and returns its head', () => {
    expect(verifyAuditChain(log)).toEqual({ ok: true, count: 10, head });
  });

  it('accepts an empty log (head is genesis) and any iterable', () => {
    expect(verifyAuditChain([])).toEqual({ ok: true, count: 0, head: GENESIS_TAIL });
    function* generate() {
      yield* copyOf(log);
    }
    expect(verifyAuditChain(generate())).toEqual({ ok: true, count: 10, head });
  });

  it('detects an edited entry at its seq', () => {
    const edited = copyOf(log);
    (edited[4]!.after as { site: string }).site = 'commune-9';
    expect(verifyAuditChain(edited)).toMatchObject({ ok: false, seq: 5, index: 4, code: 'HALONG_AUDIT_HASH_MISMATCH' });
  });

  it('detects a field added to an entry', () => {
    const edited = copyOf(log);
    (edited[2] as AuditEntry & { approved?: boolean }).approved = true;
    expect(verifyAuditChain(edited)).toMatchObject({ ok: false, seq: 3, code: 'HALONG_AUDIT_HASH_MISMATCH' });
  });

  it('detects an edited entry whose hash was recomputed, at the next link', () => {
    const edited = copyOf(log);
    edited[4]!.actor = 'someone-else';
    edited[4]!.hash = hashAuditEntry(edited[4]!);
    expect(verifyAuditChain(edited)).toMatchObject({ ok: false, seq: 6, index: 5, code: 'HALONG_AUDIT_BROKEN_LINK' });
  });

  it('detects a deleted entry as a gap at the missing seq', () => {
    const cut = copyOf(log);
    cut.splice(4, 1);
    const result = verifyAuditChain(cut);
    expect(result).toMatchObject({ ok: false, seq: 5, index: 4, code: 'HALONG_AUDIT_SEQ_GAP' });
    expect(!result.ok && result.reason).toMatch(/entry 5 is missing \(the next one is 6\)/);
  });

  it('detects reordered entries', () => {
    const swapped = copyOf(log);
    [swapped[4], swapped[5]] = [swapped[5]!, swapped[4]!];
    expect(verifyAuditChain(swapped)).toMatchObject({ ok: false, seq: 5, index: 4, code: 'HALONG_AUDIT_OUT_OF_ORDER' });
    const moved = copyOf(log);
    moved.push(moved.splice(0, 1)[0]!);
    expect(verifyAuditChain(moved)).toMatchObject({ ok: false, seq: 1, index: 0, code: 'HALONG_AUDIT_OUT_OF_ORDER' });
  });

  it('detects an inserted entry, even one that hashes and links correctly', () => {
    const inserted = copyOf(log);
    inserted.splice(4, 0, forge(inserted[3]!, 5));
    const result = verifyAuditChain(inserted);
    expect(result).toMatchObject({ ok: false, seq: 6, index: 5, code: 'HALONG_AUDIT_DUPLICATE_SEQ' });
    expect(!result.ok && result.reason).toMatch(/seq 5 appears again/);
  });

  it('detects an inserted entry with the later seqs renumbered, at the first renumbered one', () => {
    const renumbered = copyOf(log);
    renumbered.splice(4, 0, forge(renumbered[3]!, 5));
    for (let i = 5; i < renumbered.length; i++) renumbered[i]!.seq = i + 1;
    expect(verifyAuditChain(renumbered)).toMatchObject({ ok: false, seq: 6, index: 5, code: 'HALONG_AUDIT_HASH_MISMATCH' });
  });

  it('detects a replayed copy of an entry', () => {
    const replayed = copyOf(log);
    replayed.splice(5, 0, copyOf([log[4]!])[0]!);
    expect(verifyAuditChain(replayed)).toMatchObject({ ok: false, seq: 6, index: 5, code: 'HALONG_AUDIT_DUPLICATE_SEQ' });
  });

  it('detects a log whose beginning was cut, unless a trusted anchor vouches for it', () => {
    const tail = copyOf(log).slice(3);
    expect(verifyAuditChain(tail)).toMatchObject({ ok: false, seq: 1, index: 0, code: 'HALONG_AUDIT_TRUNCATED_START' });
    const anchor = { seq: 3, hash: log[2]!.hash };
    expect(verifyAuditChain(tail, { anchor })).toEqual({ ok: true, count: 7, head });
    expect(verifyAuditChain([], { anchor })).toEqual({ ok: true, count: 0, head: anchor });
  });

  it('detects a log that does not follow its anchor', () => {
    const tail = copyOf(log).slice(3);
    expect(verifyAuditChain(tail, { anchor: { seq: 3, hash: log[1]!.hash } })).toMatchObject({ ok: false, seq: 4, code: 'HALONG_AUDIT_ANCHOR_MISMATCH' });
    expect(verifyAuditChain(tail, { anchor: { seq: 2, hash: log[1]!.hash } })).toMatchObject({ ok: false, seq: 3, code: 'HALONG_AUDIT_ANCHOR_MISMATCH' });
  });

  it('detects a first entry that does not start from 64 zeros', () => {
    const unsigned = { seq: 1, '@timestamp': 't', actor: 'a', action: 'b', target: { type: 'c', id: 'd' }, prev_hash: 'ab'.repeat(32) };
    expect(verifyAuditChain([{ ...unsigned, hash: hashAuditEntry(unsigned) }])).toMatchObject({ ok: false, seq: 1, code: 'HALONG_AUDIT_BROKEN_LINK' });
  });

  it('cannot see an entry cut from the end: only the head differs from one recorded elsewhere', () => {
    const result = verifyAuditChain(copyOf(log).slice(0, 9));
    expect(result).toEqual({ ok: true, count: 9, head: { seq: 9, hash: log[8]!.hash } });
    expect(result.ok && result.head).not.toEqual(head);
  });

  it('reports malformed entries instead of throwing', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ ...log[2], seq: '3' }, /seq is not a whole number/],
      [{ ...log[2], actor: 7 }, /actor is not a string/],
      [{ ...log[2], target: 'host' }, /target is not/],
      [{ ...log[2], hash: 'ABC' }, /hash is not a hex SHA-256/],
      [{ ...log[2], prev_hash: undefined }, /prev_hash is not a hex SHA-256/],
      [{ ...log[2], after: { n: Number.NaN } }, /NaN is not a finite number/],
    ];
    for (const [bad, reason] of cases) {
      const entries = [...copyOf(log).slice(0, 2), bad as AuditEntry, ...copyOf(log).slice(3)];
      const result = verifyAuditChain(entries);
      expect(result).toMatchObject({ ok: false, seq: 3, index: 2, code: 'HALONG_AUDIT_MALFORMED_ENTRY' });
      expect(!result.ok && result.reason).toMatch(reason);
    }
  });

  it('refuses an invalid anchor', () => {
    expect(() => verifyAuditChain(log, { anchor: { seq: 2, hash: 'nope' } })).toThrow(expect.objectContaining({ code: 'HALONG_AUDIT_INVALID_TAIL' }));
  });
});
