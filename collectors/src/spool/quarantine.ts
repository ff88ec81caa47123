// Moving the unreadable remainder of a segment aside, and telling a torn tail (a crash
// mid-write, expected) from corruption (kept for an operator to look at).
import { dirname } from 'node:path';
import type { FrameResult } from './frame-reader';
import { quarantinePath } from './segment-files';
import type { SpoolFileSystem } from './spool-fs';
import { fsyncDir, readFully, writeFully } from './spool-fs';

const COPY_CHUNK_BYTES = 1024 * 1024;

type Fault = Extract<FrameResult, { kind: 'fault' }>;

// A crash mid-write leaves a prefix of the last write, and the file system may show unwritten
// pages as zeros. Anything else at the end of the newest segment is corruption.
export async function looksTorn(sfs: SpoolFileSystem, fd: number, fault: Fault, from: number, size: number): Promise<boolean> {
  switch (fault.fault) {
    case 'short-header':
    case 'short-payload':
      return true;
    case 'bad-crc':
      return fault.frameEnd === size;
    case 'bad-magic':
      return allZero(sfs, fd, from, size);
  }
}

async function allZero(sfs: SpoolFileSystem, fd: number, from: number, to: number): Promise<boolean> {
  for (let at = from; at < to; at += COPY_CHUNK_BYTES) {
    const chunk = Buffer.alloc(Math.min(COPY_CHUNK_BYTES, to - at));
    const n = await readFully(sfs, fd, chunk, at);
    for (let i = 0; i < n; i++) if (chunk[i] !== 0) return false;
  }
  return true;
}

// Copies [from, to) of the segment into quarantine/ and makes the copy durable; the caller
// truncates the segment afterwards, so a crash in between only repeats the copy.
export async function copyToQuarantine(sfs: SpoolFileSystem, dir: string, seq: number, fd: number, from: number, to: number): Promise<void> {
  const path = quarantinePath(dir, seq, from);
  const qdir = dirname(path);
  await sfs.mkdir(qdir);
  const out = await sfs.open(path, 'w');
  try {
    for (let at = from; at < to; at += COPY_CHUNK_BYTES) {
      const chunk = Buffer.alloc(Math.min(COPY_CHUNK_BYTES, to - at));
      const n = await readFully(sfs, fd, chunk, at);
      await writeFully(sfs, out, [chunk.subarray(0, n)], at - from);
    }
    await sfs.fsync(out);
  } finally {
    await sfs.close(out);
  }
  await fsyncDir(sfs, qdir);
  await fsyncDir(sfs, dir);
}
