// One small JSON file per followed path: which file (device, inode and a fingerprint of its
// head) and the byte offset of its first line not yet durable. It is replaced atomically (temp
// file, fsync, rename, fsync of the directory), so a crash leaves the old or the new one, and it
// is written only after the lines before its offset were shipped: a restart loses nothing and
// re-reads at most one batch.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { nodeSpoolFileSystem, readSmallFile, writeFileAtomic } from '../../spool/spool-fs';

/** The file a checkpoint points into. */
export interface CheckpointedFile {
  /** Device and inode numbers (decimal: inodes can exceed 2^53). */
  dev: string;
  ino: string;
  /** First byte not yet durable: where reading resumes. */
  offset: number;
  /** SHA-256 (hex) of the file's first `fingerprintBytes` bytes. */
  fingerprint: string;
  fingerprintBytes: number;
}

/** What is kept for one path. */
export interface FileCheckpoint {
  version: 1;
  path: string;
  /** The file being read. Absent: the file at `path` (when one appears) is read from its start. */
  file?: CheckpointedFile;
  /** Files seen at `path` after it (rotation), waiting to be read from their start, oldest first. */
  next?: CheckpointedFile[];
}

/** The checkpoint of `path` could not be read. */
export class CheckpointUnreadable extends Error {
  override readonly name = 'CheckpointUnreadable';
}

const MAX_CHECKPOINT_BYTES = 64 * 1024;

/** The file holding `path`'s checkpoint: named by a hash, so any path gives a safe name. */
export function checkpointName(path: string): string {
  return `${createHash('sha256').update(path).digest('hex').slice(0, 32)}.json`;
}

/** The checkpoint of `path`, undefined when there is none; throws {@link CheckpointUnreadable}. */
export async function loadCheckpoint(dir: string, path: string): Promise<FileCheckpoint | undefined> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readSmallFile(nodeSpoolFileSystem, join(dir, checkpointName(path)), MAX_CHECKPOINT_BYTES);
  } catch (err) {
    throw new CheckpointUnreadable((err as Error).message, { cause: err });
  }
  if (bytes === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new CheckpointUnreadable(`not JSON: ${(err as Error).message}`);
  }
  const checkpoint = value as Partial<FileCheckpoint> | null;
  if (checkpoint === null || typeof checkpoint !== 'object' || checkpoint.version !== 1 || checkpoint.path !== path) throw new CheckpointUnreadable('not a version 1 checkpoint of this path');
  const next = checkpoint.next ?? [];
  if (!Array.isArray(next)) throw new CheckpointUnreadable('the files waiting to be read are not a list');
  const file = checkpoint.file === undefined ? undefined : checkedFile(checkpoint.file);
  return { version: 1, path, ...(file ? { file } : {}), ...(next.length > 0 ? { next: next.map(checkedFile) } : {}) };
}

function checkedFile(value: unknown): CheckpointedFile {
  const f = (value ?? {}) as Partial<CheckpointedFile>;
  const ok =
    typeof f.dev === 'string' &&
    /^\d+$/.test(f.dev) &&
    typeof f.ino === 'string' &&
    /^\d+$/.test(f.ino) &&
    Number.isSafeInteger(f.offset) &&
    f.offset! >= 0 &&
    typeof f.fingerprint === 'string' &&
    /^[0-9a-f]{64}$/.test(f.fingerprint) &&
    Number.isSafeInteger(f.fingerprintBytes) &&
    f.fingerprintBytes! >= 0;
  if (!ok) throw new CheckpointUnreadable('a checkpointed file is malformed');
  return { dev: f.dev!, ino: f.ino!, offset: f.offset!, fingerprint: f.fingerprint!, fingerprintBytes: f.fingerprintBytes! };
}

/** Replaces `checkpoint.path`'s checkpoint atomically and durably. */
export async function saveCheckpoint(dir: string, checkpoint: FileCheckpoint): Promise<void> {
  const name = checkpointName(checkpoint.path);
  // One writer per path (one follower per path, one tail per directory): a fixed temp name
  // cannot collide, and a temp file left by a crash is simply overwritten next time.
  await writeFileAtomic(nodeSpoolFileSystem, dir, join(dir, `${name}.tmp`), join(dir, name), Buffer.from(`${JSON.stringify(checkpoint)}\n`));
}
