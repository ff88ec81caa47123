// The spool: appends go through the segment writer, reads walk the segments from an in-memory
// read position, acknowledgements persist the cursor and drop segments wholly behind it.
import { dirname, resolve } from 'node:path';
import { writeCursorFile } from './cursor-file';
import { lockDirectory } from './dir-lock';
import { SpoolError, SpoolFullError, ioError } from './errors';
import { FrameReader } from './frame-reader';
import type { SpoolConfig } from './options';
import { resolveOptions } from './options';
import { comparePositions, distance, normalizePosition } from './positions';
import type { Quarantine } from './quarantine';
import { RECORD_HEADER_BYTES, frameRecords } from './record-format';
import type { RecoveredSpool } from './recovery';
import { recoverSpool } from './recovery';
import { SegmentWriter } from './segment-writer';
import { CoalescingTask, Mutex } from './serial';
import type { SpoolFileSystem } from './spool-fs';
import { fsyncDir, nodeSpoolFileSystem } from './spool-fs';
import type { Position, Segment, SpoolBatch, SpoolOptions, SpoolPosition, SpoolStats } from './types';

/**
 * A crash-safe, bounded, ordered queue of records on disk. Appends are durable when their
 * promise resolves; reads deliver records oldest first, at least once across restarts.
 */
export interface DiskSpool {
  /** The directory the spool lives in. */
  readonly dir: string;
  /**
   * Appends the records, in order after every earlier append, and resolves once they are
   * fsync'd. Rejects with {@link SpoolFullError} (nothing written) when the pending bytes would
   * pass maxBytes, and with a `HALONG_SPOOL_RECORD_TOO_LARGE` SpoolError for an oversized record.
   */
  append(records: readonly Buffer[]): Promise<void>;
  /**
   * The next records after those already read, oldest first: at most `maxRecords`, and at most
   * `maxBytes` of payload unless a single record is larger. Undefined when nothing is left.
   */
  read(maxRecords: number, maxBytes?: number): Promise<SpoolBatch | undefined>;
  /**
   * Persists that every record up to the end of `batch` was handled (acknowledgements are
   * cumulative) and deletes segment files wholly behind it.
   */
  ack(batch: SpoolBatch): Promise<void>;
  /** Moves the read position back to the last acknowledgement, to deliver unacknowledged records again. */
  rewind(): Promise<void>;
  /** Counters; pending records and bytes are exact. */
  stats(): SpoolStats;
  /** Lets queued appends and acknowledgements finish, then closes files and releases the directory. */
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the spool in `dir` and recovers it: torn tails are cut, corrupt
 * segment remainders quarantined, an unreadable cursor replaced by the oldest segment. Throws
 * a SpoolError only for invalid options or a directory that cannot be used.
 */
export async function openSpool(dir: string, options: SpoolOptions): Promise<DiskSpool> {
  const config = resolveOptions(options);
  const sfs = options.fs ?? nodeSpoolFileSystem;
  const unusable = (what: string, cause: unknown): SpoolError =>
    cause instanceof SpoolError
      ? cause
      : new SpoolError('HALONG_SPOOL_DIR_UNUSABLE', `Cannot ${what} the spool directory ${dir}: ${cause instanceof Error ? cause.message : String(cause)}`, {
          cause,
        });
  try {
    await sfs.mkdir(dir);
  } catch (error) {
    throw unusable('create', error);
  }
  // A directory created just now must survive a power loss along with the records in it. Best
  // effort: the parent may not be ours to open.
  await fsyncDir(sfs, dirname(resolve(dir))).catch(() => undefined);
  let release: () => Promise<void>;
  try {
    release = await lockDirectory(sfs, dir);
  } catch (error) {
    throw unusable('lock', error);
  }
  try {
    const recovered = await recoverSpool(sfs, dir, config.quarantineMaxBytes);
    const fd = await sfs.open(recovered.segments[recovered.segments.length - 1].path, 'r+');
    return new FileSpool(dir, sfs, config, recovered, fd, release);
  } catch (error) {
    await release();
    throw unusable('recover', error);
  }
}

class FileSpool implements DiskSpool {
  private readonly segments: Segment[];
  private readonly writer: SegmentWriter;
  private readonly readLock = new Mutex();
  private readonly ackTask = new CoalescingTask(() => this.persistAck());
  // Positions are handed out as empty frozen objects; only this map gives them meaning.
  private readonly positions = new WeakMap<SpoolPosition, Position>();
  private reader: { readonly seq: number; readonly frames: FrameReader } | undefined;
  private readPos: Position;
  private ackTarget: Position;
  private ackedPos: Position;
  private pendingRecords: number;
  private pendingBytes: number;
  private appended = 0;
  private acked = 0;
  private readonly tornTails: number;
  private readonly quarantine: Quarantine;
  private readonly cursorResets: number;
  private closing: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly sfs: SpoolFileSystem,
    private readonly config: SpoolConfig,
    recovered: RecoveredSpool,
    fd: number,
    private readonly release: () => Promise<void>,
  ) {
    this.segments = recovered.segments;
    this.readPos = this.ackTarget = this.ackedPos = recovered.cursor;
    this.pendingRecords = recovered.pendingRecords;
    this.pendingBytes = recovered.pendingBytes;
    this.tornTails = recovered.tornTails;
    this.quarantine = recovered.quarantine;
    this.cursorResets = recovered.cursorResets;
    this.writer = new SegmentWriter(sfs, dir, this.segments, fd, config.segmentBytes, (records, bytes) => {
      this.pendingRecords += records;
      this.pendingBytes += bytes;
      this.appended += records;
    });
  }

  async append(records: readonly Buffer[]): Promise<void> {
    this.assertOpen();
    if (records.length === 0) return;
    let bytes = 0;
    for (const record of records) {
      if (record.length > this.config.maxRecordBytes) {
        throw new SpoolError('HALONG_SPOOL_RECORD_TOO_LARGE', `A record of ${record.length} bytes exceeds maxRecordBytes (${this.config.maxRecordBytes}).`);
      }
      bytes += RECORD_HEADER_BYTES + record.length;
    }
    // Checked at call time, in call order, so a refused batch never overtakes an accepted one.
    const used = this.pendingBytes + this.writer.reservedBytes;
    if (used + bytes > this.config.maxBytes) throw new SpoolFullError(bytes, used, this.config.maxBytes);
    return this.writer.enqueue(frameRecords(records), bytes);
  }

  async read(maxRecords: number, maxBytes = Number.POSITIVE_INFINITY): Promise<SpoolBatch | undefined> {
    this.assertOpen();
    if (!Number.isSafeInteger(maxRecords) || maxRecords < 1) {
      throw new SpoolError('HALONG_SPOOL_INVALID_ARGUMENT', `read needs maxRecords ≥ 1, got ${maxRecords}.`);
    }
    return this.readLock.run(() => this.readLocked(maxRecords, maxBytes));
  }

  async ack(batch: SpoolBatch): Promise<void> {
    this.assertOpen();
    const position = this.positions.get(batch.position);
    if (position === undefined) throw new SpoolError('HALONG_SPOOL_UNKNOWN_BATCH');
    if (comparePositions(position, this.ackTarget) > 0) this.ackTarget = position;
    return this.ackTask.request();
  }

  async rewind(): Promise<void> {
    this.assertOpen();
    await this.readLock.run(async () => {
      this.readPos = this.ackTarget;
    });
  }

  stats(): SpoolStats {
    return {
      records: this.pendingRecords,
      bytes: this.pendingBytes,
      segments: this.segments.length,
      appended: this.appended,
      acked: this.acked,
      tornTails: this.tornTails,
      quarantinedSegments: this.quarantine.segments,
      quarantinedBytes: this.quarantine.bytes,
      quarantineDiscardedFiles: this.quarantine.discardedFiles,
      quarantineDiscardedBytes: this.quarantine.discardedBytes,
      cursorResets: this.cursorResets,
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    try {
      await this.writer.drain();
      await this.readLock.idle();
      await this.ackTask.idle();
      await this.writer.close();
      if (this.reader) await this.sfs.close(this.reader.frames.fd);
    } finally {
      this.reader = undefined;
      await this.release();
    }
  }

  private assertOpen(): void {
    if (this.closing) throw new SpoolError('HALONG_SPOOL_CLOSED');
  }

  private async readLocked(maxRecords: number, maxBytes: number): Promise<SpoolBatch | undefined> {
    const records: Buffer[] = [];
    let bytes = 0;
    let pos = this.readPos;
    while (records.length < maxRecords) {
      const seg = this.segments.find((s) => s.seq >= pos.seq);
      if (seg === undefined) break;
      if (seg.seq !== pos.seq) pos = { seq: seg.seq, offset: 0, index: 0 };
      if (pos.offset >= seg.size) {
        const next = this.segments.find((s) => s.seq > seg.seq);
        if (next === undefined) break;
        pos = { seq: next.seq, offset: 0, index: 0 };
        continue;
      }
      const frames = await this.readerFor(seg);
      const frame = await frames.frameAt(pos.offset, seg.size).catch((error: unknown) => {
        throw ioError(`Reading ${seg.path} failed`, error);
      });
      if (frame.kind === 'fault') {
        await this.quarantineTail(seg, pos);
        continue;
      }
      if (records.length > 0 && bytes + frame.payload.length > maxBytes) break;
      records.push(frame.payload);
      bytes += frame.payload.length;
      pos = { seq: seg.seq, offset: frame.end, index: pos.index + 1 };
    }
    this.readPos = pos;
    if (records.length === 0) return undefined;
    const position = Object.freeze({}) as SpoolPosition;
    this.positions.set(position, pos);
    const batch: SpoolBatch = { records, position, ack: () => this.ack(batch) };
    return batch;
  }

  private async readerFor(seg: Segment): Promise<FrameReader> {
    if (this.reader?.seq === seg.seq) return this.reader.frames;
    const previous = this.reader;
    this.reader = undefined;
    if (previous) await this.sfs.close(previous.frames.fd).catch(() => undefined);
    try {
      this.reader = { seq: seg.seq, frames: new FrameReader(this.sfs, await this.sfs.open(seg.path, 'r')) };
    } catch (error) {
      throw ioError(`Opening ${seg.path} for reading failed`, error);
    }
    return this.reader.frames;
  }

  // Data that went bad after open (recovery validated it): handled as recovery would, so the
  // reader moves on instead of failing on the same record forever. Runs under the writer's
  // lock because the segment may be the one being appended to; sealing it sends later
  // records to a new segment, past the quarantined bytes.
  private async quarantineTail(seg: Segment, pos: Position): Promise<void> {
    await this.writer.lock.run(async () => {
      if (!this.segments.includes(seg) || seg.size <= pos.offset) return;
      const newest = seg === this.segments[this.segments.length - 1];
      try {
        const fd = newest ? this.writer.fd : await this.sfs.open(seg.path, 'r+');
        try {
          await this.quarantine.moveTail(fd, seg.seq, pos.offset, seg.size);
        } finally {
          if (!newest) await this.sfs.close(fd);
        }
      } catch (error) {
        throw ioError(`Quarantining the corrupt tail of ${seg.path} failed`, error);
      }
      this.pendingRecords -= seg.records - pos.index;
      this.pendingBytes -= seg.size - pos.offset;
      seg.size = pos.offset;
      seg.records = pos.index;
      seg.sealed = true;
    });
    this.reader?.frames.reset();
  }

  private async persistAck(): Promise<void> {
    const target = normalizePosition(this.segments, this.ackTarget);
    if (comparePositions(target, this.ackedPos) <= 0) return;
    try {
      await writeCursorFile(this.sfs, this.dir, { seq: target.seq, offset: target.offset });
    } catch (error) {
      throw ioError('Persisting the read cursor failed', error);
    }
    const { records, bytes } = distance(this.segments, this.ackedPos, target);
    this.pendingRecords -= records;
    this.pendingBytes -= bytes;
    this.acked += records;
    this.ackedPos = target;
    while (this.segments[0].seq < target.seq) {
      const seg = this.segments.shift()!;
      // A failed delete only costs disk space until the next open, which deletes it again.
      await this.sfs.unlink(seg.path).catch(() => undefined);
    }
  }
}
