// Public shapes of the spool, and the internal bookkeeping shared by its files.
import type { SpoolFileSystem } from './spool-fs';

/** Options of `openSpool`. */
export interface SpoolOptions {
  /** Bound on pending (appended, not acknowledged) framed bytes; `append` refuses beyond it. */
  maxBytes: number;
  /** Size at which the writer rolls to a new segment file. Default 16 MiB. */
  segmentBytes?: number;
  /** Largest payload `append` accepts. Default: what fits in one segment and in `maxBytes`. */
  maxRecordBytes?: number;
  /**
   * Bound on the bytes kept in `quarantine/`. To make room for a new copy the oldest files are
   * deleted; a copy larger than the bound is not kept (0 keeps none). Either way the corrupt
   * data is cut from the spool and counted. Default: a tenth of `maxBytes`, at least 1 MiB.
   */
  quarantineMaxBytes?: number;
  /** File operations, for instrumentation and fault injection. Default: Node's `fs`. */
  fs?: SpoolFileSystem;
}

/** Counters of a spool. Pending counts are exact, also right after a reopen. */
export interface SpoolStats {
  /** Records appended and not yet acknowledged. */
  readonly records: number;
  /** Framed bytes (12-byte header + payload) of those records. */
  readonly bytes: number;
  /** Segment files in the directory. */
  readonly segments: number;
  /** Records appended since this open. */
  readonly appended: number;
  /** Records acknowledged since this open. */
  readonly acked: number;
  /** Incomplete records cut from the end of the newest segment by recovery. */
  readonly tornTails: number;
  /** Corrupt segment remainders moved to `quarantine/`. */
  readonly quarantinedSegments: number;
  /** Bytes moved to `quarantine/`. */
  readonly quarantinedBytes: number;
  /** Quarantine files deleted to stay within `quarantineMaxBytes`, or never kept because one alone exceeded it. */
  readonly quarantineDiscardedFiles: number;
  /** Bytes of those files. */
  readonly quarantineDiscardedBytes: number;
  /** Unreadable or inconsistent cursor files replaced by the oldest segment. */
  readonly cursorResets: number;
}

declare const positionBrand: unique symbol;

/** Where a batch ends in the spool. Opaque: only the spool that produced it understands it. */
export interface SpoolPosition {
  readonly [positionBrand]: true;
}

/** Records read from the spool, oldest first. */
export interface SpoolBatch {
  readonly records: readonly Buffer[];
  /** Position just after the last record of the batch. */
  readonly position: SpoolPosition;
  /** Acknowledges this batch and every batch read before it (same as `spool.ack(batch)`). */
  ack(): Promise<void>;
}

// A segment file as the spool tracks it. `size` is the durable end: records beyond it are not
// fsync'd yet and are invisible to readers. `records` counts the records in [countFrom, size);
// countFrom is 0 except for the segment the cursor pointed into at open.
export interface Segment {
  readonly seq: number;
  readonly path: string;
  size: number;
  records: number;
  readonly countFrom: number;
  // Set when the segment must take no more records (its tail was quarantined at run time).
  sealed: boolean;
}

// A position between records: `index` is the number of records in [countFrom, offset).
export interface Position {
  readonly seq: number;
  readonly offset: number;
  readonly index: number;
}
