// The file operations the spool needs, behind an interface so tests can count fsyncs and
// inject failures. Positional reads and writes only: the spool never relies on a file offset.
import * as fs from 'node:fs';

/** The file-system calls the spool makes; {@link nodeSpoolFileSystem} is the real one. */
export interface SpoolFileSystem {
  open(path: string, flags: string): Promise<number>;
  close(fd: number): Promise<void>;
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number>;
  writev(fd: number, buffers: readonly Buffer[], position: number): Promise<number>;
  fsync(fd: number): Promise<void>;
  ftruncate(fd: number, length: number): Promise<void>;
  fstatSize(fd: number): Promise<number>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

function done<T>(resolve: (value: T) => void, reject: (error: unknown) => void): (error: unknown, value: T) => void {
  return (error, value) => (error ? reject(error) : resolve(value));
}

/** The spool's file operations on Node's `fs`. */
export const nodeSpoolFileSystem: SpoolFileSystem = {
  open: (path, flags) => new Promise((resolve, reject) => fs.open(path, flags, 0o600, done(resolve, reject))),
  close: (fd) => new Promise((resolve, reject) => fs.close(fd, (e) => (e ? reject(e) : resolve()))),
  read: (fd, buffer, offset, length, position) =>
    new Promise((resolve, reject) => fs.read(fd, buffer, offset, length, position, done(resolve, reject))),
  writev: (fd, buffers, position) =>
    new Promise((resolve, reject) => fs.writev(fd, buffers as Buffer[], position, done(resolve, reject))),
  fsync: (fd) => new Promise((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve()))),
  ftruncate: (fd, length) => new Promise((resolve, reject) => fs.ftruncate(fd, length, (e) => (e ? reject(e) : resolve()))),
  fstatSize: (fd) => new Promise((resolve, reject) => fs.fstat(fd, (e, st) => (e ? reject(e) : resolve(st.size)))),
  readdir: (path) => fs.promises.readdir(path),
  mkdir: async (path) => {
    await fs.promises.mkdir(path, { recursive: true, mode: 0o700 });
  },
  rename: (from, to) => fs.promises.rename(from, to),
  unlink: (path) => fs.promises.unlink(path),
};

/** The errno code of a Node fs error, if any. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

// A short read only happens at end of file; callers size their buffers from the file size.
export async function readFully(sfs: SpoolFileSystem, fd: number, buffer: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const n = await sfs.read(fd, buffer, filled, buffer.length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled;
}

// Regular files rarely take a partial write, but ENOSPC mid-way can produce one.
export async function writeFully(sfs: SpoolFileSystem, fd: number, buffers: readonly Buffer[], position: number): Promise<void> {
  let rest = buffers.filter((b) => b.length > 0);
  let at = position;
  while (rest.length > 0) {
    let n = await sfs.writev(fd, rest, at);
    if (n <= 0) throw new Error(`write returned ${n}`);
    at += n;
    while (rest.length > 0 && n >= rest[0].length) {
      n -= rest[0].length;
      rest = rest.slice(1);
    }
    if (n > 0) rest = [rest[0].subarray(n), ...rest.slice(1)];
  }
}

// Makes a create, rename or unlink in `dir` durable. Windows cannot open a directory for fsync
// and NTFS journals metadata, so there the call is skipped.
export async function fsyncDir(sfs: SpoolFileSystem, dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fd = await sfs.open(dir, 'r');
  try {
    await sfs.fsync(fd);
  } finally {
    await sfs.close(fd);
  }
}

// Writes a small file so that after a crash either the old or the new content is there.
export async function writeFileAtomic(sfs: SpoolFileSystem, dir: string, tmpPath: string, path: string, data: Buffer): Promise<void> {
  const fd = await sfs.open(tmpPath, 'w');
  try {
    await writeFully(sfs, fd, [data], 0);
    await sfs.fsync(fd);
  } finally {
    await sfs.close(fd);
  }
  await sfs.rename(tmpPath, path);
  await fsyncDir(sfs, dir);
}

// Opens a file, reads it with `use` and closes it; undefined when the file does not exist.
export async function withFileIfExists<T>(sfs: SpoolFileSystem, path: string, use: (fd: number) => Promise<T>): Promise<T | undefined> {
  let fd: number;
  try {
    fd = await sfs.open(path, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return await use(fd);
  } finally {
    await sfs.close(fd);
  }
}

// Reads a whole small file, or undefined when it does not exist.
export async function readSmallFile(sfs: SpoolFileSystem, path: string, maxBytes: number): Promise<Buffer | undefined> {
  return withFileIfExists(sfs, path, async (fd) => {
    const size = Math.min(await sfs.fstatSize(fd), maxBytes);
    const buffer = Buffer.alloc(size);
    const n = await readFully(sfs, fd, buffer, 0);
    return buffer.subarray(0, n);
  });
}
