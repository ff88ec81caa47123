// Option defaults and checks. Bad options are a programming error, so they throw at open.
import { constants } from 'node:buffer';
import { SpoolError } from './errors';
import { MAX_PAYLOAD_BYTES, RECORD_HEADER_BYTES } from './record-format';
import type { SpoolOptions } from './types';

/** The default size at which the writer rolls to a new segment: 16 MiB. */
export const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;

const MIN_SEGMENT_BYTES = 64;

/** The default bound of quarantine/: this share of maxBytes, and at least {@link MIN_DEFAULT_QUARANTINE_BYTES}. */
export const DEFAULT_QUARANTINE_SHARE = 0.1;
export const MIN_DEFAULT_QUARANTINE_BYTES = 1024 * 1024;

export interface SpoolConfig {
  readonly maxBytes: number;
  readonly segmentBytes: number;
  readonly maxRecordBytes: number;
  readonly quarantineMaxBytes: number;
}

function invalid(message: string): SpoolError {
  return new SpoolError('HALONG_SPOOL_INVALID_ARGUMENT', message);
}

export function resolveOptions(options: SpoolOptions): SpoolConfig {
  const { maxBytes, segmentBytes = DEFAULT_SEGMENT_BYTES } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= RECORD_HEADER_BYTES) {
    throw invalid(`maxBytes must be an integer above ${RECORD_HEADER_BYTES}, got ${maxBytes}.`);
  }
  if (!Number.isSafeInteger(segmentBytes) || segmentBytes < MIN_SEGMENT_BYTES) {
    throw invalid(`segmentBytes must be an integer of at least ${MIN_SEGMENT_BYTES}, got ${segmentBytes}.`);
  }
  // A record must fit in an empty spool, or appending it could never succeed.
  const ceiling = Math.min(maxBytes - RECORD_HEADER_BYTES, MAX_PAYLOAD_BYTES, constants.MAX_LENGTH - RECORD_HEADER_BYTES);
  const maxRecordBytes = options.maxRecordBytes ?? Math.min(segmentBytes - RECORD_HEADER_BYTES, ceiling);
  if (!Number.isSafeInteger(maxRecordBytes) || maxRecordBytes < 1 || maxRecordBytes > ceiling) {
    throw invalid(`maxRecordBytes must be an integer from 1 to ${ceiling} (maxBytes minus the 12-byte header), got ${maxRecordBytes}.`);
  }
  const quarantineMaxBytes = options.quarantineMaxBytes ?? Math.max(MIN_DEFAULT_QUARANTINE_BYTES, Math.floor(maxBytes * DEFAULT_QUARANTINE_SHARE));
  if (!Number.isSafeInteger(quarantineMaxBytes) || quarantineMaxBytes < 0) {
    throw invalid(`quarantineMaxBytes must be an integer of at least 0, got ${quarantineMaxBytes}.`);
  }
  return { maxBytes, segmentBytes, maxRecordBytes, quarantineMaxBytes };
}
