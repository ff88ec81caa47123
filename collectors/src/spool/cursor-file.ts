// The read cursor: where the oldest unacknowledged record starts. 24 bytes:
// magic "HSC1" (u32) | segment seq (u64) | offset (u64) | crc32 of the first 20 bytes (u32).
// The CRC turns a half-written or foreign file into "unreadable" rather than a wrong position.
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { CURSOR_FILE, CURSOR_TMP_FILE } from './segment-files';
import type { SpoolFileSystem } from './spool-fs';
import { readSmallFile, writeFileAtomic } from './spool-fs';

const CURSOR_MAGIC = 0x31435348;
const CURSOR_BYTES = 24;

/** A persisted cursor: the segment and the byte offset of the next record to deliver. */
export interface CursorValue {
  readonly seq: number;
  readonly offset: number;
}

export function encodeCursor(cursor: CursorValue): Buffer {
  const b = Buffer.alloc(CURSOR_BYTES);
  b.writeUInt32LE(CURSOR_MAGIC, 0);
  b.writeBigUInt64LE(BigInt(cursor.seq), 4);
  b.writeBigUInt64LE(BigInt(cursor.offset), 12);
  b.writeUInt32LE(crc32(b.subarray(0, 20)) >>> 0, 20);
  return b;
}

/** The cursor in `bytes`, or undefined when they are not a valid cursor. */
export function decodeCursor(bytes: Buffer): CursorValue | undefined {
  if (bytes.length !== CURSOR_BYTES) return undefined;
  if (bytes.readUInt32LE(0) !== CURSOR_MAGIC) return undefined;
  if (bytes.readUInt32LE(20) !== crc32(bytes.subarray(0, 20)) >>> 0) return undefined;
  const seq = Number(bytes.readBigUInt64LE(4));
  const offset = Number(bytes.readBigUInt64LE(12));
  if (!Number.isSafeInteger(seq) || seq < 1 || !Number.isSafeInteger(offset)) return undefined;
  return { seq, offset };
}

/** What the cursor file holds: nothing yet, a cursor, or something unreadable. */
export type CursorRead = { kind: 'missing' } | { kind: 'ok'; cursor: CursorValue } | { kind: 'unreadable' };

export async function readCursorFile(sfs: SpoolFileSystem, dir: string): Promise<CursorRead> {
  const bytes = await readSmallFile(sfs, join(dir, CURSOR_FILE), CURSOR_BYTES + 1);
  if (bytes === undefined) return { kind: 'missing' };
  const cursor = decodeCursor(bytes);
  return cursor ? { kind: 'ok', cursor } : { kind: 'unreadable' };
}

export async function writeCursorFile(sfs: SpoolFileSystem, dir: string, cursor: CursorValue): Promise<void> {
  await writeFileAtomic(sfs, dir, join(dir, CURSOR_TMP_FILE), join(dir, CURSOR_FILE), encodeCursor(cursor));
}
