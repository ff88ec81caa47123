import type { AuditEntry } from '@halong/core';
import type { AuditTail } from './audit-hash';
import type { AuditBreakCode } from './errors';
import { GENESIS_HASH, GENESIS_TAIL, checkAuditTail, hashAuditEntry, isAuditHash } from './audit-hash';

export interface VerifyAuditChainOptions {
  /**
   * A trusted `{ seq, hash }` of the entry just before the first one given, e.g. kept when
   * older entries were archived. Without it the log must start at seq 1.
   */
  readonly anchor?: AuditTail;
}

/** The chain holds: `count` entries verified, `head` is the last one (the anchor or genesis if none). */
export interface AuditChainIntact {
  readonly ok: true;
  readonly count: number;
  readonly head: AuditTail;
}

/**
 * The chain breaks at `seq`: every link before it holds, the entry expected at `seq` is
 * missing or does not hold. `index` is the position in the entries given.
 */
export interface AuditChainBroken {
  readonly ok: false;
  readonly seq: number;
  readonly index: number;
  readonly code: AuditBreakCode;
  readonly reason: string;
}

export type AuditChainVerification = AuditChainIntact | AuditChainBroken;

/**
 * Verifies a log in the order given and stops at the first break. It proves the log up to its
 * head; an entry cut from the end, or a tail rewritten and re-hashed, shows only as a different
 * `head`, so compare `head` with one recorded elsewhere.
 */
export function verifyAuditChain(entries: Iterable<AuditEntry>, options: VerifyAuditChainOptions = {}): AuditChainVerification {
  const anchor = options.anchor === undefined ? undefined : checkAuditTail(options.anchor, 'anchor');
  let head = anchor ?? GENESIS_TAIL;
  let index = 0;
  const iterator = entries[Symbol.iterator]();
  for (let next = iterator.next(); !next.done; next = iterator.next(), index++) {
    const expected = head.seq + 1;
    const broken = (code: AuditBreakCode, reason: string): AuditChainBroken => ({ ok: false, seq: expected, index, code, reason });
    const entry = next.value as unknown;
    const malformed = shapeProblem(entry);
    if (malformed) return broken('HALONG_AUDIT_MALFORMED_ENTRY', `entry at position ${index}: ${malformed}`);
    const { seq, hash, prev_hash: prev } = entry as AuditEntry;

    // The hash first: an edit that changed the seq itself is an edit, not a reordering.
    let computed: string;
    try {
      computed = hashAuditEntry(entry as AuditEntry);
    } catch (error) {
      return broken('HALONG_AUDIT_MALFORMED_ENTRY', `entry ${seq}: ${(error as Error).message}`);
    }
    if (computed !== hash) return broken('HALONG_AUDIT_HASH_MISMATCH', `entry ${seq} does not hash to its hash field: it was edited`);
    if (seq !== expected) {
      if (seq > expected && appearsLater(iterator, expected)) {
        return broken('HALONG_AUDIT_OUT_OF_ORDER', `seq ${seq} comes before seq ${expected}: entries were reordered`);
      }
      if (index === 0 && anchor) return broken('HALONG_AUDIT_ANCHOR_MISMATCH', `the first entry has seq ${seq}, the anchor is seq ${anchor.seq}`);
      if (index === 0) return broken('HALONG_AUDIT_TRUNCATED_START', `the log starts at seq ${seq}: entries 1-${seq - 1} are missing`);
      if (seq < expected) return broken('HALONG_AUDIT_DUPLICATE_SEQ', `seq ${seq} appears again after seq ${head.seq}: an entry was inserted or replayed`);
      return broken('HALONG_AUDIT_SEQ_GAP', `entry ${expected} is missing (the next one is ${seq}): it was deleted`);
    }
    if (prev !== head.hash) {
      if (index === 0 && anchor) return broken('HALONG_AUDIT_ANCHOR_MISMATCH', `entry ${seq}'s prev_hash is not the anchor's hash`);
      const previous = head.hash === GENESIS_HASH ? 'the genesis hash (64 zeros)' : `entry ${head.seq}'s hash`;
      return broken('HALONG_AUDIT_BROKEN_LINK', `entry ${seq}'s prev_hash is not ${previous}: an entry was edited and re-hashed, or spliced in`);
    }
    head = { seq, hash };
  }
  return { ok: true, count: index, head: { ...head } };
}

/** Reads the rest of the log (the verification has failed already) looking for `seq`. */
function appearsLater(iterator: Iterator<unknown>, seq: number): boolean {
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    if ((next.value as { seq?: unknown } | null)?.seq === seq) return true;
  }
  return false;
}

function shapeProblem(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'not an object';
  const e = entry as Record<string, unknown>;
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return 'seq is not a whole number >= 1';
  for (const field of ['@timestamp', 'actor', 'action'] as const) {
    if (typeof e[field] !== 'string') return `${field} is not a string`;
  }
  const target = e.target as Record<string, unknown> | null;
  if (typeof target !== 'object' || target === null || typeof target.type !== 'string' || typeof target.id !== 'string') {
    return 'target is not { type, id }';
  }
  if (!isAuditHash(e.prev_hash)) return 'prev_hash is not a hex SHA-256';
  if (!isAuditHash(e.hash)) return 'hash is not a hex SHA-256';
  return undefined;
}
