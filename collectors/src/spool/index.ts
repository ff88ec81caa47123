// Public API of the collectors' crash-safe disk spool.
export type { DiskSpool } from './disk-spool';
export { openSpool } from './disk-spool';
export type { SpoolErrorCode } from './errors';
export { SpoolError, SpoolErrorCodes, SpoolFullError } from './errors';
export { DEFAULT_SEGMENT_BYTES } from './options';
export { MAX_PAYLOAD_BYTES, RECORD_HEADER_BYTES, RECORD_MAGIC } from './record-format';
export type { SpoolFileSystem } from './spool-fs';
export { nodeSpoolFileSystem } from './spool-fs';
export type { SpoolBatch, SpoolOptions, SpoolPosition, SpoolStats } from './types';
