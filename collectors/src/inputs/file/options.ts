// The file tail's options and what it reports. Defaults are chosen for /var/log on a collector:
// a poll a few times a second, batches the shipper takes without refusing, and bounds so one
// writer that never ends its line cannot hold a line (or memory) forever.
import type { EcsEvent } from '@halong/core';
import type { EnvelopeContext } from '../../parse/envelope';
import type { Shipper } from '../../pipeline/shipper';

/** How the lines of a file are read. */
export type FileFormat = 'syslog' | 'cef' | 'nginx' | 'apache' | 'auditd' | 'zeek' | 'suricata' | 'open5gs' | 'windows-json' | 'json' | 'text';

/** One followed file. */
export interface TailedFile {
  /** The file's path; made absolute, it names the source (`file:<path>`). */
  path: string;
  format: FileFormat;
  /**
   * json: the dataset of objects that name none; text: the dataset of every line (default
   * `generic`); other formats: replaces the parser's event.dataset (unparsed lines keep
   * `halong.unparsed`).
   */
  dataset?: string;
}

/** Options of {@link startFileTail}. */
export interface FileTailOptions {
  files: readonly TailedFile[];
  /** Where one checkpoint per file is kept (created when missing); one tail at a time per directory (locked). */
  checkpointDir: string;
  /** `batchLines` must not exceed the shipper's `maxInFlightEvents`, or a batch never fits. */
  shipper: Pick<Shipper, 'ship' | 'busy'>;
  /** This collector: the observer of every event (parsers that recognise a device override it). */
  self: EnvelopeContext['observer'];
  site?: string;
  /** Zone of timestamps that carry none. */
  timeZone: string;
  /** Longer lines are cut here (UTF-8 bytes, never inside a character) and tagged. */
  maxLineBytes: number;
  maxOriginalBytes: number;
  /** Wait between looks at a file that has nothing new, and between offers to a busy shipper (default 250). */
  pollMs?: number;
  /** Lines per shipped batch and per checkpoint (default 500). */
  batchLines?: number;
  /** A last line without LF is emitted, tagged, once the file has not grown for this long (default 5000). */
  partialLineMs?: number;
  /** After a rename rotation, the old file is read until it has not grown for this long (default 1000). */
  rotatedGraceMs?: number;
  /** An audit event without its EOE is emitted once its file has had no line of it for this long (default 2000). */
  assembleIdleMs?: number;
  /** Applied to every event before it is shipped (personal-data pseudonymisation). */
  redact?: (event: EcsEvent) => EcsEvent;
  clock?: () => number;
  onError?: (err: unknown) => void;
}

/** Counters of a file tail, over all its files. */
export interface FileTailCounters {
  /** Lines read (complete, cut or partial), blank ones included. */
  lines: number;
  /** Empty lines: skipped, no event. */
  blankLines: number;
  /** Events shipped (durable). */
  events: number;
  /** Lines cut at maxLineBytes. */
  truncatedLines: number;
  /** Lines whose invalid UTF-8 was replaced. */
  invalidUtf8Lines: number;
  /** Last lines emitted without their LF (timeout, rotation or truncation). */
  partialLines: number;
  /** Files finished after being renamed or removed. */
  rotations: number;
  /** Files read again from their start after shrinking or changing in place (copytruncate). */
  truncations: number;
  /** Checkpointed files not found again after a restart: their unread rest is lost. */
  missingRotated: number;
  /** Times reading waited for a busy shipper. */
  busyWaits: number;
  checkpoints: number;
  errors: number;
}

/** Where one followed file stands. */
export interface TailedFileState {
  path: string;
  format: FileFormat;
  /** The file being read: `path`, or the name a rotated file had when it was found after a restart; absent while waiting for one. */
  reading?: string;
  /** Byte offset up to which the lines are durable. */
  offset: number;
}

/** Counters and the files' positions. */
export interface FileTailStats extends FileTailCounters {
  files: TailedFileState[];
}

/** A running file tail. */
export interface FileTail {
  stats(): FileTailStats;
  /** Stops reading; a batch being shipped finishes and is checkpointed first. */
  close(): Promise<void>;
}

/** Options with their defaults applied. */
export interface ResolvedTailOptions extends FileTailOptions {
  pollMs: number;
  batchLines: number;
  partialLineMs: number;
  rotatedGraceMs: number;
  assembleIdleMs: number;
  clock: () => number;
}

/** Defaults of the optional numbers of {@link FileTailOptions}. */
export const FILE_TAIL_DEFAULTS = {
  pollMs: 250,
  batchLines: 500,
  partialLineMs: 5000,
  rotatedGraceMs: 1000,
  assembleIdleMs: 2000,
} as const;

/** Counters at zero. */
export function newCounters(): FileTailCounters {
  return { lines: 0, blankLines: 0, events: 0, truncatedLines: 0, invalidUtf8Lines: 0, partialLines: 0, rotations: 0, truncations: 0, missingRotated: 0, busyWaits: 0, checkpoints: 0, errors: 0 };
}
