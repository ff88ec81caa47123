import { createHash } from 'node:crypto';
import type { AuditEntry } from '@halong/core';
import { canonicalJson } from './canonical-json';
import { AuditError } from './errors';

/** The `prev_hash` of the first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where a chain ends: the last entry's seq and hash (`seq` 0 and `GENESIS_HASH` when empty). */
export interface AuditTail {
  readonly seq: number;
  readonly hash: string;
}

/** The tail of an empty chain. */
export const GENESIS_TAIL: AuditTail = Object.freeze({ seq: 0, hash: GENESIS_HASH });

const HASH = /^[0-9a-f]{64}$/;

/** Whether `value` is a lowercase hex SHA-256, the form of `hash` and `prev_hash`. */
export function isAuditHash(value: unknown): value is string {
  return typeof value === 'string' && HASH.test(value);
}

/**
 * `sha256hex(prev_hash + canonicalJson(entry without hash))`. Every other field, known or not,
 * is hashed: adding a field to a stored entry breaks it just as editing one does.
 */
export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'> | AuditEntry): string {
  const body: Record<string, unknown> = { ...entry };
  delete body.hash;
  return createHash('sha256').update(entry.prev_hash + canonicalJson(body), 'utf8').digest('hex');
}

/** Throws `HALONG_AUDIT_INVALID_TAIL` unless `tail` is a whole seq ≥ 0 with a hex SHA-256 (zeros for seq 0). */
export function checkAuditTail(tail: AuditTail, what = 'tail'): AuditTail {
  if (typeof tail !== 'object' || tail === null || !Number.isSafeInteger(tail.seq) || tail.seq < 0 || !isAuditHash(tail.hash)) {
    throw new AuditError('HALONG_AUDIT_INVALID_TAIL', `${what}: needs a whole seq >= 0 and a 64-character lowercase hex hash`);
  }
  if ((tail.seq === 0) !== (tail.hash === GENESIS_HASH)) {
    throw new AuditError('HALONG_AUDIT_INVALID_TAIL', `${what}: seq 0 goes with the genesis hash (64 zeros) and only with it`);
  }
  return { seq: tail.seq, hash: tail.hash };
}
