// Moving the unreadable remainder of a segment aside, and telling a torn tail (a crash
// mid-write, expected) from corruption (kept for an operator to look at, within a byte bound).
import { join } from 'node:path';
import type { FrameResult } from './frame-reader';
import { QUARANTINE_DIR, parseQuarantineName, quarantineName } from './segment-files';
import type { SpoolFileSystem } from './spool-fs';
import { errnoCode, fsyncDir, readFully, withFileIfExists, writeFully } from './spool-fs';

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

// A file in quarantine/: age is the segment sequence, then the offset, both from its name.
interface Held {
  readonly name: string;
  readonly seq: number;
  readonly offset: number;
  readonly bytes: number;
}

const byAge = (a: Held, b: Held): number => a.seq - b.seq || a.offset - b.offset;

/**
 * The quarantine/ directory of one open spool, kept within `maxBytes`: to make room for a new
 * copy, the oldest files go first (never the new one); a copy larger than the whole bound is not
 * kept. Either way the remainder is cut from its segment and counted, and every file deleted or
 * not kept is counted as discarded. Files already there at open count against the bound (and
 * are trimmed to it), so it holds across restarts. Files whose names the spool did not write
 * are left alone and not counted. Calls never overlap: recovery runs before the spool exists,
 * and the spool calls `moveTail` under the writer's lock.
 */
export class Quarantine {
  /** Segment remainders cut out as corrupt since open, and their bytes. */
  segments = 0;
  bytes = 0;
  /** Quarantine copies deleted to respect the bound, or never kept, since open, and their bytes. */
  discardedFiles = 0;
  discardedBytes = 0;
  // Oldest first.
  private held: Held[] = [];
  private heldBytes = 0;
  private readonly qdir: string;

  private constructor(
    private readonly sfs: SpoolFileSystem,
    private readonly dir: string,
    private readonly maxBytes: number,
  ) {
    this.qdir = join(dir, QUARANTINE_DIR);
  }

  /** Lists what quarantine/ holds and deletes the oldest files beyond `maxBytes`. */
  static async load(sfs: SpoolFileSystem, dir: string, maxBytes: number): Promise<Quarantine> {
    const q = new Quarantine(sfs, dir, maxBytes);
    let names: string[];
    try {
      names = await sfs.readdir(q.qdir);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return q;
      throw error;
    }
    for (const name of names) {
      const key = parseQuarantineName(name);
      if (key === undefined) continue;
      const bytes = await fileSize(sfs, join(q.qdir, name));
      if (bytes === undefined) continue;
      q.held.push({ name, ...key, bytes });
      q.heldBytes += bytes;
    }
    q.held.sort(byAge);
    await q.makeRoom(0);
    return q;
  }

  /**
   * Takes [from, to) out of segment `seq` (open read-write as `fd`): copies it to quarantine/
   * and makes the copy durable when it fits the bound (after deleting the oldest files to make
   * room), then truncates the segment at `from` and fsyncs it. A crash before the truncation
   * only repeats this under the same name. Counters change once the segment is cut.
   */
  async moveTail(fd: number, seq: number, from: number, to: number): Promise<void> {
    const bytes = to - from;
    const name = quarantineName(seq, from);
    // A file of that name is an interrupted earlier attempt at this very remainder: a new copy replaces it.
    const previous = this.forget(name);
    const keep = bytes <= this.maxBytes && (await this.makeRoom(bytes));
    if (keep) {
      await this.copy(name, fd, from, to);
      this.remember({ name, seq, offset: from, bytes });
    } else if (previous !== undefined && !(await this.remove(previous))) {
      this.remember(previous);
    }
    await this.sfs.ftruncate(fd, from);
    await this.sfs.fsync(fd);
    this.segments += 1;
    this.bytes += bytes;
    if (!keep) {
      this.discardedFiles += 1;
      this.discardedBytes += bytes;
    }
  }

  // Deletes the oldest files until `incoming` more bytes fit. False when they still do not: a
  // file that cannot be deleted stays, and the new copy is then not kept, so the bound holds.
  // The deletions are made durable by the next copy's directory fsync; one that a power loss
  // undoes is deleted again at the next open.
  private async makeRoom(incoming: number): Promise<boolean> {
    while (this.heldBytes + incoming > this.maxBytes && this.held.length > 0) {
      if (!(await this.remove(this.held[0]))) return false;
    }
    return this.heldBytes + incoming <= this.maxBytes;
  }

  // Deletes a file and counts it as discarded (unless someone else deleted it first). False,
  // with the file still listed, when it cannot be deleted.
  private async remove(file: Held): Promise<boolean> {
    let deleted = true;
    try {
      await this.sfs.unlink(join(this.qdir, file.name));
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') return false;
      deleted = false;
    }
    this.forget(file.name);
    if (deleted) {
      this.discardedFiles += 1;
      this.discardedBytes += file.bytes;
    }
    return true;
  }

  private forget(name: string): Held | undefined {
    const at = this.held.findIndex((h) => h.name === name);
    if (at < 0) return undefined;
    const [file] = this.held.splice(at, 1);
    this.heldBytes -= file.bytes;
    return file;
  }

  private remember(file: Held): void {
    const at = this.held.findIndex((h) => byAge(file, h) < 0);
    this.held.splice(at < 0 ? this.held.length : at, 0, file);
    this.heldBytes += file.bytes;
  }

  // Copies [from, to) of the segment to quarantine/<name>, durably. A copy that fails half-way
  // is deleted (best effort) so that what is on disk matches what the bound counts.
  private async copy(name: string, fd: number, from: number, to: number): Promise<void> {
    const path = join(this.qdir, name);
    await this.sfs.mkdir(this.qdir);
    const out = await this.sfs.open(path, 'w');
    try {
      try {
        for (let at = from; at < to; at += COPY_CHUNK_BYTES) {
          const chunk = Buffer.alloc(Math.min(COPY_CHUNK_BYTES, to - at));
          const n = await readFully(this.sfs, fd, chunk, at);
          await writeFully(this.sfs, out, [chunk.subarray(0, n)], at - from);
        }
        await this.sfs.fsync(out);
      } finally {
        await this.sfs.close(out);
      }
    } catch (error) {
      await this.sfs.unlink(path).catch(() => undefined);
      throw error;
    }
    await fsyncDir(this.sfs, this.qdir);
    await fsyncDir(this.sfs, this.dir);
  }
}

async function fileSize(sfs: SpoolFileSystem, path: string): Promise<number | undefined> {
  return withFileIfExists(sfs, path, (fd) => sfs.fstatSize(fd));
}
