// Audit events span several lines (SYSCALL, EXECVE, CWD, PATH …, PROCTITLE, EOE) that share
// `msg=audit(time:serial)`, and events logged at once on several CPUs interleave. Lines are
// grouped by that id and a group becomes one event when its EOE arrives, when enough newer
// groups have started since its last line, when it has waited too long (flush), or at the end.
// Memory is bounded: past maxOpenGroups the oldest group is emitted as it stands, and a group
// that reaches maxLinesPerGroup is emitted and a later line of the same id starts a new one.
import { failure } from '../../parse/errors';
import type { ParseOutcome, SourceContext } from '../../parse/types';
import type { AuditRecord } from './record';
import { readAuditLine } from './record';
import { auditEvent } from './to-ecs';

/** Bounds of an {@link AuditAssembler}. */
export interface AuditAssemblerOptions {
  /** Groups open at once; past it the oldest is emitted incomplete (default 256). */
  maxOpenGroups?: number;
  /** Lines of one group; a group that reaches it is emitted (default 256). */
  maxLinesPerGroup?: number;
  /** A group without EOE is complete once more than this many groups have started since its last line (default 8). */
  maxInterleavedGroups?: number;
  /** `flush(now)` emits the groups whose last line was received at least this long before `now` (ms, default 2000). */
  timeoutMs?: number;
  /** Longer lines are refused (UTF-16 units, default 65 536). */
  maxLineChars?: number;
}

/** An outcome of the assembler: the event (or why not), its lines joined by `\n` for event.original, and the source of its first line. */
export type AssembledOutcome = ParseOutcome & { original: string; source: SourceContext };

/** What the assembler did, for metrics. */
export interface AuditAssemblerCounters {
  /** Events emitted on their EOE. */
  completed: number;
  /** Events emitted because enough newer groups had started. */
  interleaved: number;
  /** Events emitted by flush(now). */
  timedOut: number;
  /** Events emitted by end(). */
  ended: number;
  /** Groups emitted early because maxOpenGroups was reached. */
  evicted: number;
  /** Groups emitted early because maxLinesPerGroup was reached. */
  split: number;
  /** EOE lines whose group had already been emitted (dropped: they carry nothing). */
  orphanEnds: number;
  /** Lines that are not audit records. */
  failed: number;
}

interface Group {
  id: string;
  records: AuditRecord[];
  lines: string[];
  source: SourceContext;
  lastSeenAt: number;
  lastStarted: number;
}

/** Default bounds of {@link AuditAssembler}. */
export const AUDIT_ASSEMBLER_DEFAULTS: Readonly<Required<AuditAssemblerOptions>> = {
  maxOpenGroups: 256,
  maxLinesPerGroup: 256,
  maxInterleavedGroups: 8,
  timeoutMs: 2000,
  maxLineChars: 65_536,
};

/**
 * Groups audit.log lines into events (one assembler per source: serials are per host).
 * Every call returns the outcomes it completed, oldest group first; nothing reads a clock,
 * the caller passes `now` to {@link AuditAssembler.flush} and `receivedAt` with each line.
 */
export class AuditAssembler {
  private readonly options: Required<AuditAssemblerOptions>;
  // Map order is the order groups were opened: the first entry is the oldest.
  private readonly groups = new Map<string, Group>();
  private started = 0;
  private readonly tally: AuditAssemblerCounters = { completed: 0, interleaved: 0, timedOut: 0, ended: 0, evicted: 0, split: 0, orphanEnds: 0, failed: 0 };

  constructor(options: AuditAssemblerOptions = {}) {
    this.options = { ...AUDIT_ASSEMBLER_DEFAULTS, ...options };
  }

  /** How many groups are waiting for more lines. */
  get openGroups(): number {
    return this.groups.size;
  }

  /** Counts of what happened so far. */
  get counters(): Readonly<AuditAssemblerCounters> {
    return { ...this.tally };
  }

  /** Adds one line; returns the events it completed (blank lines are skipped). */
  push(rawLine: string, source: SourceContext): AssembledOutcome[] {
    const line = rawLine.replace(/\r?\n$/, '');
    if (line.trim() === '') return [];
    if (line.length > this.options.maxLineChars) {
      this.tally.failed += 1;
      return [{ ...failure('HALONG_PARSE_TOO_LARGE', `The audit line has ${line.length} characters; at most ${this.options.maxLineChars} are read.`), original: line, source }];
    }
    const record = readAuditLine(line);
    if (!record) {
      this.tally.failed += 1;
      return [{ ...failure('HALONG_PARSE_AUDITD', 'The line does not start with type=… msg=audit(seconds.millis:serial): and is not a Linux audit record.'), original: line, source }];
    }
    const out: AssembledOutcome[] = [];
    let group = this.groups.get(record.id);
    if (!group) {
      if (record.type === 'EOE') {
        this.tally.orphanEnds += 1;
        return [];
      }
      this.started += 1;
      group = { id: record.id, records: [], lines: [], source, lastSeenAt: source.receivedAt, lastStarted: this.started };
      this.groups.set(record.id, group);
      this.completeInterleaved(out);
      if (this.groups.size > this.options.maxOpenGroups) {
        const oldest = this.groups.values().next().value as Group;
        this.tally.evicted += 1;
        out.push(this.emit(oldest));
      }
    }
    group.records.push(record);
    group.lines.push(line);
    group.lastSeenAt = source.receivedAt;
    group.lastStarted = this.started;
    if (record.type === 'EOE') {
      this.tally.completed += 1;
      out.push(this.emit(group));
    } else if (group.lines.length >= this.options.maxLinesPerGroup) {
      this.tally.split += 1;
      out.push(this.emit(group));
    }
    return out;
  }

  /** Emits the groups whose last line was received `timeoutMs` or more before `now` (epoch ms). */
  flush(now: number): AssembledOutcome[] {
    const out: AssembledOutcome[] = [];
    for (const group of [...this.groups.values()]) {
      if (now - group.lastSeenAt >= this.options.timeoutMs) {
        this.tally.timedOut += 1;
        out.push(this.emit(group));
      }
    }
    return out;
  }

  /** Emits every open group: the input has ended. */
  end(): AssembledOutcome[] {
    const groups = [...this.groups.values()];
    this.tally.ended += groups.length;
    return groups.map((g) => this.emit(g));
  }

  private completeInterleaved(out: AssembledOutcome[]): void {
    for (const group of [...this.groups.values()]) {
      if (this.started - group.lastStarted > this.options.maxInterleavedGroups) {
        this.tally.interleaved += 1;
        out.push(this.emit(group));
      }
    }
  }

  private emit(group: Group): AssembledOutcome {
    this.groups.delete(group.id);
    return { ok: true, event: auditEvent(group.records), original: group.lines.join('\n'), source: group.source };
  }
}
