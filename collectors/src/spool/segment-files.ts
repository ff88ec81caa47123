// Segment files are named by a zero-padded sequence number, so a plain name sort is also the
// append order and the order survives restarts. Twenty digits hold any safe integer.
import { join } from 'node:path';

const SEGMENT_NAME = /^(\d{20})\.seg$/;

/** The cursor file and its temporary sibling (written, fsync'd, then renamed over it). */
export const CURSOR_FILE = 'cursor';
export const CURSOR_TMP_FILE = 'cursor.tmp';
export const LOCK_FILE = 'lock';
export const QUARANTINE_DIR = 'quarantine';

export function segmentName(seq: number): string {
  return `${String(seq).padStart(20, '0')}.seg`;
}

export function segmentPath(dir: string, seq: number): string {
  return join(dir, segmentName(seq));
}

const QUARANTINE_NAME = /^(\d{20})\.seg\.at-(\d+)\.bad$/;

// Where the unreadable remainder of a segment goes: the offset keeps repeated quarantines of
// the same segment (after a crash mid-way) on the same name, so they overwrite, not pile up.
export function quarantineName(seq: number, offset: number): string {
  return `${segmentName(seq)}.at-${offset}.bad`;
}

export function quarantinePath(dir: string, seq: number, offset: number): string {
  return join(dir, QUARANTINE_DIR, quarantineName(seq, offset));
}

/** The segment and offset a quarantine file was cut from; undefined for a name the spool did not write. */
export function parseQuarantineName(name: string): { seq: number; offset: number } | undefined {
  const m = QUARANTINE_NAME.exec(name);
  if (!m) return undefined;
  const seq = Number(m[1]);
  const offset = Number(m[2]);
  return Number.isSafeInteger(seq) && Number.isSafeInteger(offset) ? { seq, offset } : undefined;
}

/** The sequence numbers of the segment files among `names`, ascending. */
export function segmentSeqs(names: readonly string[]): number[] {
  const seqs: number[] = [];
  for (const name of names) {
    const m = SEGMENT_NAME.exec(name);
    if (!m) continue;
    const seq = Number(m[1]);
    if (Number.isSafeInteger(seq) && seq > 0) seqs.push(seq);
  }
  return seqs.sort((a, b) => a - b);
}
