// Stable codes of the file-tail input, `HALONG_FILE_TAIL_<NAME>`. Invalid options are thrown by
// startFileTail; everything else is reported through `onError` and the input keeps going: it
// waits and tries again, from the last checkpoint when reading failed.

/** Every code the file tail reports, with what it means. */
export const FileTailErrorCodes = {
  HALONG_FILE_TAIL_INVALID_OPTIONS: 'The file-tail options are invalid.',
  HALONG_FILE_TAIL_CHECKPOINT_LOCKED: 'Another file tail, in this process or a live one, uses the checkpoint directory.',
  HALONG_FILE_TAIL_IO: 'A followed file could not be opened, read or checked; it is retried from the last checkpoint.',
  HALONG_FILE_TAIL_CHECKPOINT_UNREADABLE: 'A checkpoint file could not be read; its file is read again from the start.',
  HALONG_FILE_TAIL_CHECKPOINT_WRITE: 'A checkpoint could not be written; a restart re-reads more lines (same event ids).',
  HALONG_FILE_TAIL_ROTATED_MISSING: 'The checkpointed file was replaced while the tail was down and its rotated copy is not in the same directory: its unread rest is lost.',
  HALONG_FILE_TAIL_SHIP: 'The shipper refused a batch for another reason than being busy; it is offered again.',
} as const;

/** One of {@link FileTailErrorCodes}. */
export type FileTailErrorCode = keyof typeof FileTailErrorCodes;

/** A coded error of the file tail, naming the followed path. */
export class FileTailError extends Error {
  readonly code: FileTailErrorCode;
  readonly path: string | undefined;

  constructor(code: FileTailErrorCode, path?: string, message?: string, options?: { cause?: unknown }) {
    super(`${message ?? FileTailErrorCodes[code]}${path !== undefined ? ` (${path})` : ''}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FileTailError';
    this.code = code;
    this.path = path;
  }
}
