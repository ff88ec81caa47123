// Public API of the file-tail input.
export type { FileTailErrorCode } from './errors';
export { FileTailError, FileTailErrorCodes } from './errors';
export { startFileTail } from './file-tail';
export { FILE_ID_RECEIVED_AT, PARTIAL_LINE_TAG } from './line-event';
export type { FileFormat, FileTail, FileTailCounters, FileTailOptions, FileTailStats, TailedFile, TailedFileState } from './options';
export { FILE_TAIL_DEFAULTS } from './options';
