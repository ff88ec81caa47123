// Which file is which. A path names a file only until rotation, so a followed file is known by
// its device and inode numbers, and by a fingerprint of its first bytes: an inode number is
// reused once a file is deleted, and copytruncate keeps the inode while replacing the content.
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode } from '../../spool/spool-fs';
import type { CheckpointedFile } from './checkpoint';

/** How much of a file's start identifies it. */
export const HEAD_BYTES = 1024;

/** The stats of `path`, or undefined when nothing is there. */
export async function statPath(path: string): Promise<BigIntStats | undefined> {
  try {
    return await stat(path, { bigint: true });
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The first {@link HEAD_BYTES} bytes of a file (fewer when it is shorter). */
export async function readHead(fh: FileHandle): Promise<Buffer> {
  const buffer = Buffer.alloc(HEAD_BYTES);
  let filled = 0;
  while (filled < HEAD_BYTES) {
    const { bytesRead } = await fh.read(buffer, filled, HEAD_BYTES - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** SHA-256 (hex) of `head`'s first `bytes` bytes. */
export function fingerprintOf(head: Buffer, bytes: number): string {
  return createHash('sha256').update(head.subarray(0, bytes)).digest('hex');
}

/** Whether a file whose head is `head` starts as the checkpointed file did. */
export function sameStart(head: Buffer, file: CheckpointedFile): boolean {
  return head.length >= file.fingerprintBytes && fingerprintOf(head, file.fingerprintBytes) === file.fingerprint;
}

/**
 * The part of a line's sequence that tells files at one path apart: the inode, and the bytes of
 * the file before the line (its first KiB at most). Re-reading the same file gives the same key;
 * a file created by rotation or rewritten by copytruncate gives another unless its content up to
 * that line is byte-identical.
 */
export function fileKey(ino: bigint, head: Buffer, offset: number): string {
  return createHash('sha256').update(`${ino}\n`).update(head.subarray(0, Math.min(offset, HEAD_BYTES))).digest('hex').slice(0, 16);
}

/** An open file found by its identity. */
export interface FoundFile {
  path: string;
  fh: FileHandle;
  stats: BigIntStats;
  head: Buffer;
}

/**
 * The checkpointed file under another name in `dir` (rotated by rename while nobody was
 * reading it), when its inode is there, it still starts the same and it is long enough.
 */
export async function findRenamed(dir: string, file: CheckpointedFile): Promise<FoundFile | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  for (const name of names) {
    const path = join(dir, name);
    const st = await statPath(path).catch(() => undefined);
    if (!st?.isFile() || st.ino.toString() !== file.ino || st.size < BigInt(file.offset)) continue;
    let fh: FileHandle | undefined;
    try {
      fh = await open(path, 'r');
      const stats = await fh.stat({ bigint: true });
      const head = await readHead(fh);
      if (stats.ino === st.ino && sameStart(head, file)) return { path, fh, stats, head };
    } catch {
      // Vanished or unreadable between readdir and open: not the one.
    }
    await fh?.close().catch(() => undefined);
  }
  return undefined;
}
