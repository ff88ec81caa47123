// Stable codes of the disk spool, `HALONG_SPOOL_<NAME>`. Codes never change meaning once
// published; messages are for humans.

/** Codes the disk spool throws, with a default message. */
export const SpoolErrorCodes = {
  HALONG_SPOOL_FULL: 'The spool holds maxBytes of pending records; apply backpressure and retry after the reader acknowledges.',
  HALONG_SPOOL_RECORD_TOO_LARGE: 'A record is larger than maxRecordBytes.',
  HALONG_SPOOL_INVALID_ARGUMENT: 'An option or argument of the spool is invalid.',
  HALONG_SPOOL_DIR_UNUSABLE: 'The spool directory cannot be created, read or written.',
  HALONG_SPOOL_LOCKED: 'Another live spool holds this directory.',
  HALONG_SPOOL_IO_FAILED: 'A spool file could not be read or written.',
  HALONG_SPOOL_CLOSED: 'The spool is closed.',
  HALONG_SPOOL_UNKNOWN_BATCH: 'The batch was not read from this spool.',
} as const;

/** A stable code the disk spool throws. */
export type SpoolErrorCode = keyof typeof SpoolErrorCodes;

/** Thrown or rejected by the disk spool; `code` is stable, the message is for humans. */
export class SpoolError extends Error {
  readonly code: SpoolErrorCode;

  constructor(code: SpoolErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? SpoolErrorCodes[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SpoolError';
    this.code = code;
  }
}

/**
 * Rejected by `append` when the batch would take the pending bytes past `maxBytes`. Nothing of
 * the batch was written: the caller keeps it and applies backpressure.
 */
export class SpoolFullError extends SpoolError {
  override readonly code = 'HALONG_SPOOL_FULL' as const;
  /** Framed bytes the refused batch needed. */
  readonly batchBytes: number;
  /** Framed bytes pending or being written when the batch was refused. */
  readonly usedBytes: number;
  /** The configured bound. */
  readonly maxBytes: number;

  constructor(batchBytes: number, usedBytes: number, maxBytes: number) {
    super('HALONG_SPOOL_FULL', `The spool is full: ${usedBytes} of ${maxBytes} bytes used, the batch needs ${batchBytes}.`);
    this.name = 'SpoolFullError';
    this.batchBytes = batchBytes;
    this.usedBytes = usedBytes;
    this.maxBytes = maxBytes;
  }
}

/** Wraps a Node fs error in a SpoolError, keeping the cause. */
export function ioError(what: string, cause: unknown): SpoolError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new SpoolError('HALONG_SPOOL_IO_FAILED', `${what}: ${detail}`, { cause });
}
