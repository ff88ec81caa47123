// The write side: appends queue up in call order and are written by one loop, a group per
// turn, with one fsync per group (group commit). A group that crosses segmentBytes rolls to
// new segment files; the older file is fsync'd before the newer one is created, so after a
// crash only the newest segment can end in a torn record.
import type { SpoolError } from './errors';
import { ioError } from './errors';
import type { FramedRecords } from './record-format';
import { segmentPath } from './segment-files';
import { Mutex } from './serial';
import type { SpoolFileSystem } from './spool-fs';
import { errnoCode, fsyncDir, writeFully } from './spool-fs';
import type { Segment } from './types';

interface PendingAppend {
  readonly framed: FramedRecords;
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

// The bytes of one commit that go to one segment file.
interface Chunk {
  readonly seq: number;
  readonly fresh: boolean;
  readonly buffers: Buffer[];
  bytes: number;
  records: number;
}

interface Created {
  readonly seq: number;
  readonly path: string;
  readonly fd: number;
}

export class SegmentWriter {
  /** Held while a group is written, and by anything else that changes segment files. */
  readonly lock = new Mutex();
  private queue: PendingAppend[] = [];
  private flushing: Promise<void> | undefined;
  private broken: SpoolError | undefined;
  private reserved = 0;

  constructor(
    private readonly sfs: SpoolFileSystem,
    private readonly dir: string,
    // Shared with the spool: the writer appends new segments, the spool drops acknowledged ones.
    private readonly segments: Segment[],
    private activeFd: number,
    private readonly segmentBytes: number,
    private readonly onCommit: (records: number, bytes: number) => void,
  ) {}

  /** Framed bytes queued or being written: they count against maxBytes already. */
  get reservedBytes(): number {
    return this.reserved;
  }

  /** The open descriptor of the newest segment (read-write). */
  get fd(): number {
    return this.activeFd;
  }

  enqueue(framed: FramedRecords, bytes: number): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ framed, bytes, resolve, reject });
      this.reserved += bytes;
      this.flushing ??= this.flushLoop();
    });
  }

  /** Resolves when every queued append has settled. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.lock.idle();
    await this.sfs.close(this.activeFd);
  }

  private async flushLoop(): Promise<void> {
    // Appends made in the same tick as the first one join its group.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      await this.lock.run(() => this.commit(group));
    }
    this.flushing = undefined;
  }

  private async commit(group: PendingAppend[]): Promise<void> {
    const active = this.segments[this.segments.length - 1];
    const chunks = this.plan(group, active);
    const created: Created[] = [];
    try {
      if (this.broken) throw this.broken;
      let fd = this.activeFd;
      let dirty = false;
      for (const chunk of chunks) {
        if (chunk.fresh) {
          if (dirty) await this.sfs.fsync(fd);
          const path = segmentPath(this.dir, chunk.seq);
          fd = await this.sfs.open(path, 'wx+');
          created.push({ seq: chunk.seq, path, fd });
          dirty = false;
        }
        if (chunk.bytes > 0) {
          await writeFully(this.sfs, fd, chunk.buffers, chunk.fresh ? 0 : active.size);
          dirty = true;
        }
      }
      if (dirty) await this.sfs.fsync(fd);
      if (created.length > 0) await fsyncDir(this.sfs, this.dir);
    } catch (error) {
      const failure = error === this.broken ? this.broken : ioError('Appending to the spool failed', error);
      if (error !== this.broken) await this.rollback(active, created);
      for (const entry of group) {
        this.reserved -= entry.bytes;
        entry.reject(failure);
      }
      return;
    }
    this.apply(active, chunks, created);
    let records = 0;
    let bytes = 0;
    for (const chunk of chunks) {
      records += chunk.records;
      bytes += chunk.bytes;
    }
    this.reserved -= bytes;
    this.onCommit(records, bytes);
    for (const entry of group) entry.resolve();
  }

  private plan(group: readonly PendingAppend[], active: Segment): Chunk[] {
    let chunk: Chunk = { seq: active.seq, fresh: false, buffers: [], bytes: 0, records: 0 };
    const chunks = [chunk];
    let size = active.size;
    let sealed = active.sealed;
    for (const { framed } of group) {
      let sliceStart = 0;
      let frameStart = 0;
      for (const frameEnd of framed.frameEnds) {
        const length = frameEnd - frameStart;
        // A record larger than a segment still gets one, alone.
        if (sealed || (size > 0 && size + length > this.segmentBytes)) {
          if (frameStart > sliceStart) chunk.buffers.push(framed.data.subarray(sliceStart, frameStart));
          sliceStart = frameStart;
          chunk = { seq: chunk.seq + 1, fresh: true, buffers: [], bytes: 0, records: 0 };
          chunks.push(chunk);
          size = 0;
          sealed = false;
        }
        size += length;
        chunk.bytes += length;
        chunk.records += 1;
        frameStart = frameEnd;
      }
      if (framed.data.length > sliceStart) chunk.buffers.push(framed.data.subarray(sliceStart));
    }
    return chunks;
  }

  private apply(active: Segment, chunks: readonly Chunk[], created: readonly Created[]): void {
    const [first, ...fresh] = chunks;
    active.size += first.bytes;
    active.records += first.records;
    for (const chunk of fresh) {
      this.segments.push({ seq: chunk.seq, path: segmentPath(this.dir, chunk.seq), size: chunk.bytes, records: chunk.records, countFrom: 0, sealed: false });
    }
    if (created.length === 0) return;
    // Only the newest segment stays open for writing; the others are final.
    const stale = [this.activeFd, ...created.slice(0, -1).map((c) => c.fd)];
    this.activeFd = created[created.length - 1].fd;
    for (const fd of stale) void this.sfs.close(fd).catch(() => undefined);
  }

  // Undoes a failed group so the files hold exactly the committed records again. If even that
  // fails, what is on disk is unknown: the writer refuses further appends until a reopen,
  // whose recovery sorts the files out.
  private async rollback(active: Segment, created: readonly Created[]): Promise<void> {
    try {
      for (const c of created) {
        await this.sfs.close(c.fd).catch(() => undefined);
        await this.sfs.unlink(c.path).catch((error: unknown) => {
          if (errnoCode(error) !== 'ENOENT') throw error;
        });
      }
      await this.sfs.ftruncate(this.activeFd, active.size);
      await this.sfs.fsync(this.activeFd);
    } catch (error) {
      this.broken = ioError('The spool could not undo a failed append and refuses appends until it is reopened', error);
    }
  }
}
