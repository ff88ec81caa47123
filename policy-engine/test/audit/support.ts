// Test doubles for the audit chain: a memory sink that can be told to fail, and a frozen clock.
import type { AuditEntry } from '@halong/core';
import type { AuditSink } from '../../src/audit/audit-chain';

export const FROZEN = new Date('2026-11-23T08:00:00.000Z');
export const frozenClock = (): Date => new Date(FROZEN);

export interface MemorySink extends AuditSink {
  readonly entries: AuditEntry[];
  /** The next `count` appends reject with `error` (counted from now). */
  failNext(error: Error, count?: number): void;
  appendCalls: number;
}

/**
 * Holds appended entries in order. Each append waits a few milliseconds (varying by call) so
 * appends that were not serialised would overlap and interleave.
 */
export function memorySink(): MemorySink {
  const failures: Error[] = [];
  const sink: MemorySink = {
    entries: [],
    appendCalls: 0,
    failNext(error, count = 1) {
      for (let i = 0; i < count; i++) failures.push(error);
    },
    async append(entry) {
      const call = sink.appendCalls++;
      await new Promise((resolve) => setTimeout(resolve, call % 3));
      const failure = failures.shift();
      if (failure) throw failure;
      sink.entries.push(entry);
    },
  };
  return sink;
}

/** A mutable deep copy of a log, for tampering with. */
export function copyOf(entries: readonly AuditEntry[]): AuditEntry[] {
  return structuredClone(entries) as AuditEntry[];
}
