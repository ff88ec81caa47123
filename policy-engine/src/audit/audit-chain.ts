import type { AuditEntry } from '@halong/core';
import type { AuditTail } from './audit-hash';
import { GENESIS_TAIL, checkAuditTail, hashAuditEntry } from './audit-hash';
import { canonicalJson } from './canonical-json';
import { AuditError } from './errors';

/** Where entries go; `append` resolves once the entry is durable (for Kafka: acknowledged). */
export interface AuditSink {
  append(entry: AuditEntry): Promise<void>;
}

/** One admin change to record. `before`/`after` must be plain JSON data. */
export interface AuditRecordInput {
  readonly actor: string;
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface AuditChainOptions {
  readonly sink: AuditSink;
  /** Stamps `@timestamp`; the real clock when omitted. */
  readonly clock?: () => Date;
  /** The last entry already in the log (from `readAuditLog` + `verifyAuditChain`); an empty log when omitted. */
  readonly tail?: AuditTail;
}

/** The writer of the hash-chained audit log. */
export interface AuditChain {
  /**
   * Appends one entry and resolves with it once the sink has it. Calls are serialised, so
   * concurrent records never fork the chain; if the sink rejects, the chain does not advance
   * and the error propagates.
   */
  record(input: AuditRecordInput): Promise<AuditEntry>;
  /** The last entry appended (or the tail the chain started from). */
  tail(): AuditTail;
}

const MAX_FIELD_LENGTH = 1024;

/**
 * Creates the single writer of an audit chain. Only one writer may append to a log at a time:
 * two writers starting from the same tail would both write the next seq.
 */
export function createAuditChain(options: AuditChainOptions): AuditChain {
  const { sink } = options;
  const clock = options.clock ?? (() => new Date());
  let tail = checkAuditTail(options.tail ?? GENESIS_TAIL);
  let queue: Promise<unknown> = Promise.resolve();

  const append = async (input: AuditRecordInput): Promise<AuditEntry> => {
    // seq, prev_hash and the timestamp are taken inside the queue, so seq order is time order.
    const unsigned: Omit<AuditEntry, 'hash'> = {
      seq: tail.seq + 1,
      '@timestamp': clock().toISOString(),
      actor: input.actor,
      action: input.action,
      target: { type: input.target.type, id: input.target.id },
      ...(input.before === undefined ? {} : { before: input.before }),
      ...(input.after === undefined ? {} : { after: input.after }),
      prev_hash: tail.hash,
    };
    const entry = deepFreeze({ ...unsigned, hash: hashAuditEntry(unsigned) });
    await sink.append(entry);
    tail = { seq: entry.seq, hash: entry.hash };
    return entry;
  };

  return {
    record(input) {
      let checked: AuditRecordInput;
      try {
        checked = checkInput(input);
      } catch (error) {
        return Promise.reject(error);
      }
      const result = queue.then(() => append(checked));
      // A failed append must not stall the queue; its caller gets the rejection.
      queue = result.catch(() => undefined);
      return result;
    },
    tail: () => ({ ...tail }),
  };
}

function checkInput(input: AuditRecordInput): AuditRecordInput {
  const text = (value: unknown, name: string): string => {
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FIELD_LENGTH) {
      throw new AuditError('HALONG_AUDIT_INVALID_ENTRY', `${name}: needs a string of 1-${MAX_FIELD_LENGTH} characters`);
    }
    return value;
  };
  if (typeof input !== 'object' || input === null) throw new AuditError('HALONG_AUDIT_INVALID_ENTRY', 'the entry is not an object');
  if (typeof input.target !== 'object' || input.target === null) throw new AuditError('HALONG_AUDIT_INVALID_ENTRY', 'target: needs { type, id }');
  return {
    actor: text(input.actor, 'actor'),
    action: text(input.action, 'action'),
    target: { type: text(input.target.type, 'target.type'), id: text(input.target.id, 'target.id') },
    // Snapshot now, as a reader will parse it back: the caller may mutate its objects before
    // the queue reaches this entry, and Dates or undefined members must not hash differently.
    ...(input.before === undefined ? {} : { before: snapshot(input.before) }),
    ...(input.after === undefined ? {} : { after: snapshot(input.after) }),
  };
}

function snapshot(value: unknown): unknown {
  return JSON.parse(canonicalJson(value)) as unknown;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
