// One followed path, polled: read what was appended, split it into lines, turn them into events,
// ship them, and only then checkpoint the offset of the first line not yet shipped. One step at
// a time, so reading waits while a batch ships and while the shipper is busy.
//
// Rotation. Every step looks at the path: a file there that is not the one being read is opened
// at once and queued (so a second rotation cannot take it away unread) and named in the
// checkpoint. Rename (logrotate's default): the old file, still open, is read to its end, and
// finished when it has not grown for rotatedGraceMs since the rename was seen (a writer keeps
// appending until it reopens); then the queued files are read from 0, in the order they were
// seen. Copytruncate: a file shorter than the read position, or whose first bytes changed, is
// read again from 0. A path with no file is waited for. After a restart, checkpointed inodes no
// longer at the path are looked for in the same directory (path.1) and read first.
//
// Errors. A failed read or open is reported, every open file is let go, and the files are found
// again from the last checkpoint: lines read again get the same event ids, so nothing is lost
// and the copies are harmless.
import type { EcsEvent } from '@halong/core';
import type { BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeUtf8 } from '../../parsers/syslog/utf8';
import { ShipperError } from '../../pipeline/errors';
import type { CheckpointedFile, FileCheckpoint } from './checkpoint';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { FileTailError } from './errors';
import { findRenamed, readHead, sameStart, statPath } from './file-identity';
import { createLineHandler } from './format-handlers';
import type { FileLine } from './line-event';
import type { HandlerContext } from './line-handler';
import type { RawLine } from './line-splitter';
import type { FileTailCounters, ResolvedTailOptions, TailedFile, TailedFileState } from './options';
import type { Pause } from './pause';
import type { Reading } from './reading';
import { READ_BYTES, growHead, identity, lineKey, openAt, sameHead, startReading } from './reading';

// Each queued file holds a descriptor: a writer rotating in a loop must not exhaust them.
const MAX_QUEUED = 16;

/** Follows one path until the tail is stopped. */
export class FileFollower {
  private reading: Reading | undefined;
  // Opened as soon as seen at the path, so a second rotation cannot take them away unread.
  private queue: Reading[] = [];
  // What is durable, even while writing it fails: a rewind after an error goes back here.
  private checkpoint: FileCheckpoint | undefined;
  private written: string | undefined;
  private loaded = false;
  private restored = false;
  private lastReport: string | undefined;
  private running: Promise<void> | undefined;
  private readonly buffer = Buffer.alloc(READ_BYTES);
  private readonly context: HandlerContext;

  constructor(
    private readonly file: TailedFile,
    private readonly o: ResolvedTailOptions,
    private readonly counters: FileTailCounters,
    private readonly pause: Pause,
  ) {
    this.context = {
      path: file.path,
      sourceId: `file:${file.path}`,
      observer: o.self,
      ...(o.site !== undefined ? { site: o.site } : {}),
      maxOriginalBytes: o.maxOriginalBytes,
      ...(file.dataset !== undefined ? { dataset: file.dataset } : {}),
      ...(o.redact ? { redact: o.redact } : {}),
      timeZone: o.timeZone,
      maxLineBytes: o.maxLineBytes,
      assembleIdleMs: o.assembleIdleMs,
    };
  }

  /** Starts the polling loop. */
  start(): void {
    this.running ??= this.run();
  }

  /** Resolves once the loop has ended (after the tail's Pause was stopped). */
  async ended(): Promise<void> {
    await this.running;
  }

  /** Where the file stands. */
  state(): TailedFileState {
    return { path: this.file.path, format: this.file.format, ...(this.reading ? { reading: this.reading.name } : {}), offset: this.checkpoint?.file?.offset ?? 0 };
  }

  private async run(): Promise<void> {
    while (!this.pause.stopped) {
      let progressed = false;
      try {
        progressed = await this.step();
      } catch (err) {
        this.report(err instanceof FileTailError ? err : new FileTailError('HALONG_FILE_TAIL_IO', this.file.path, (err as Error).message, { cause: err }));
        await this.letGo();
      }
      if (!progressed) await this.pause.sleep(this.o.pollMs);
    }
    await this.letGo();
  }

  // Drops what was read but not shipped: the next step finds the files again from the checkpoint.
  private async letGo(): Promise<void> {
    const open = [...(this.reading ? [this.reading] : []), ...this.queue];
    this.reading = undefined;
    this.queue = [];
    this.restored = false;
    await Promise.all(open.map((r) => r.fh.close().catch(() => undefined)));
  }

  private async step(): Promise<boolean> {
    if (!this.restored) await this.restore();
    const at = await this.watchPath();
    if (!this.reading) {
      this.reading = this.queue.shift();
      if (!this.reading) return false;
      this.lastReport = undefined;
      await this.commit(this.reading, this.reading.pos);
    }
    const r = this.reading;
    const st = await r.fh.stat({ bigint: true });
    if (st.size < BigInt(r.pos)) return this.restart(r);
    const changed = st.size !== r.size || st.mtimeNs !== r.mtimeNs;
    r.size = st.size;
    r.mtimeNs = st.mtimeNs;
    const { bytesRead } = await r.fh.read(this.buffer, 0, READ_BYTES, r.pos);
    // The head is checked after the read: a copytruncate between the size check and the read
    // would otherwise hand over the middle of the new content as if it followed the old.
    if ((bytesRead > 0 || changed) && !(await sameHead(r))) return this.restart(r);
    if (bytesRead === 0) return this.atEnd(r, at, this.o.clock());
    const chunk = this.buffer.subarray(0, bytesRead);
    growHead(r, chunk);
    const lines = r.splitter.push(chunk, r.pos);
    r.pos += bytesRead;
    r.grewAt = this.o.clock();
    await this.deliver(r, lines);
    return true;
  }

  private async atEnd(r: Reading, at: BigIntStats | undefined, now: number): Promise<boolean> {
    const lines: RawLine[] = [];
    if (r.splitter.pending && now - r.grewAt >= this.o.partialLineMs) {
      const from = r.splitter.start;
      const partial = r.splitter.takePartial(r.pos);
      if (partial) lines.push(partial);
      if (partial || r.splitter.start !== from) {
        if (!(await this.deliver(r, lines, () => r.handler.idle(now)))) return false;
      }
    } else {
      const idle = r.handler.idle(now);
      if (idle.length > 0 && !(await this.deliver(r, [], () => idle))) return false;
    }
    if (at !== undefined && at.ino === r.ino && at.dev === r.dev) {
      r.movedAt = undefined;
      return false;
    }
    r.movedAt ??= now;
    if (now - Math.max(r.movedAt, r.grewAt) < this.o.rotatedGraceMs) return false;
    return this.finish(r);
  }

  // The file was renamed or removed and has been read to its end: nothing more will come.
  private async finish(r: Reading): Promise<boolean> {
    const partial = r.splitter.takePartial(r.pos);
    if (!(await this.deliver(r, partial ? [partial] : [], (now) => r.handler.end(now)))) return false;
    await r.fh.close().catch(() => undefined);
    this.counters.rotations += 1;
    this.reading = this.queue.shift();
    if (this.reading) {
      await this.commit(this.reading, this.reading.pos);
    } else {
      this.checkpoint = { version: 1, path: this.file.path };
      await this.persist();
    }
    return true;
  }

  // Truncated or rewritten in place: what was read of the old content is shipped, then from 0.
  private async restart(r: Reading): Promise<boolean> {
    const partial = r.splitter.takePartial(r.pos);
    if (!(await this.deliver(r, partial ? [partial] : [], (now) => r.handler.end(now)))) return false;
    this.counters.truncations += 1;
    const st = await r.fh.stat({ bigint: true });
    const fresh = await this.attach(r.fh, st, await readHead(r.fh), r.name, 0);
    this.reading = fresh;
    await this.commit(fresh, 0);
    return true;
  }

  // Finds the checkpointed files again (after a start or an error), oldest first.
  private async restore(): Promise<void> {
    if (!this.loaded) await this.load();
    const cp = this.checkpoint;
    const wanted = [...(cp?.file ? [cp.file] : []), ...(cp?.next ?? [])];
    for (const want of wanted) {
      const found = await this.find(want);
      if (found) this.queue.push(found);
    }
    this.restored = true;
  }

  private async find(want: CheckpointedFile): Promise<Reading | undefined> {
    const path = this.file.path;
    const at = await statPath(path);
    if (at?.isFile() && at.ino.toString() === want.ino) {
      const opened = await openAt(path, at);
      if (opened) {
        // The device number may change across reboots; the inode and the first bytes do not.
        if (sameStart(opened.head, want) && opened.stats.size >= BigInt(want.offset)) return this.attach(opened.fh, opened.stats, opened.head, path, want.offset);
        this.counters.truncations += 1;
        return this.attach(opened.fh, opened.stats, opened.head, path, 0);
      }
    }
    const renamed = await findRenamed(dirname(path), want);
    if (renamed) return this.attach(renamed.fh, renamed.stats, renamed.head, renamed.path, want.offset);
    this.counters.missingRotated += 1;
    this.report(new FileTailError('HALONG_FILE_TAIL_ROTATED_MISSING', path, `Inode ${want.ino}, checkpointed at byte ${want.offset}, is no longer at the path nor beside it: its unread rest, if any, is lost.`));
    return undefined;
  }

  // Queues the file at the path when it is new, and says what is there.
  private async watchPath(): Promise<BigIntStats | undefined> {
    const at = await statPath(this.file.path);
    if (!at?.isFile()) return at;
    const known = [...(this.reading ? [this.reading] : []), ...this.queue].some((r) => r.ino === at.ino && r.dev === at.dev);
    if (known || this.queue.length >= MAX_QUEUED) return at;
    const opened = await openAt(this.file.path, at);
    if (!opened) return at;
    this.queue.push(await this.attach(opened.fh, opened.stats, opened.head, this.file.path, 0));
    // Named in the checkpoint now: if it is rotated away before its turn, a restart finds it.
    if (this.reading) await this.commit(this.reading, this.reading.committed);
    return at;
  }

  private attach(fh: FileHandle, stats: BigIntStats, head: Buffer, name: string, offset: number): Promise<Reading> {
    return startReading({ fh, stats, head }, name, offset, createLineHandler(this.file.format, this.context), this.o.maxLineBytes, this.o.clock(), this.buffer);
  }

  // Lines to events, in batches of batchLines: each batch is shipped, then checkpointed. `more`
  // adds the events the handler releases without a line (idle or ended groups) to the last one.
  private async deliver(r: Reading, lines: readonly RawLine[], more?: (now: number) => EcsEvent[]): Promise<boolean> {
    const now = this.o.clock();
    for (let from = 0; from === 0 || from < lines.length; from += this.o.batchLines) {
      const slice = lines.slice(from, from + this.o.batchLines);
      const events = slice.flatMap((line) => this.eventsOf(r, line, now));
      const last = from + this.o.batchLines >= lines.length;
      if (last && more) events.push(...more(now));
      const next = last ? r.splitter.start : slice[slice.length - 1]!.next;
      const held = r.handler.heldFrom();
      if (!(await this.ship(events))) return false;
      await this.commit(r, held === undefined ? next : Math.min(held, next));
    }
    return true;
  }

  private eventsOf(r: Reading, raw: RawLine, now: number): EcsEvent[] {
    this.counters.lines += 1;
    if (raw.bytes.length === 0 && !raw.truncated) {
      this.counters.blankLines += 1;
      return [];
    }
    const { text, invalidUtf8 } = decodeUtf8(raw.bytes);
    if (raw.truncated) this.counters.truncatedLines += 1;
    if (invalidUtf8) this.counters.invalidUtf8Lines += 1;
    if (raw.partial) this.counters.partialLines += 1;
    const line: FileLine = { offset: raw.offset, sequence: `${lineKey(r, raw.offset)}:${raw.offset}`, text, truncated: raw.truncated, invalidUtf8, partial: raw.partial };
    return r.handler.push(line, now);
  }

  // Offers the batch until the shipper takes it; false when the tail closes first.
  private async ship(events: EcsEvent[]): Promise<boolean> {
    if (events.length === 0) return true;
    while (!this.pause.stopped) {
      if (this.o.shipper.busy(events.length)) {
        this.counters.busyWaits += 1;
        await this.keepWatching();
        await this.pause.sleep(this.o.pollMs);
        continue;
      }
      try {
        await this.o.shipper.ship(events);
        this.counters.events += events.length;
        return true;
      } catch (err) {
        if (err instanceof ShipperError && err.code === 'HALONG_SHIPPER_BUSY') this.counters.busyWaits += 1;
        else this.report(new FileTailError('HALONG_FILE_TAIL_SHIP', this.file.path, (err as Error).message, { cause: err }));
        await this.keepWatching();
        await this.pause.sleep(this.o.pollMs);
      }
    }
    return false;
  }

  // While a batch waits for the shipper, files rotated in at the path are still queued.
  private async keepWatching(): Promise<void> {
    try {
      await this.watchPath();
    } catch (err) {
      this.report(new FileTailError('HALONG_FILE_TAIL_IO', this.file.path, (err as Error).message, { cause: err }));
    }
  }

  private async commit(r: Reading, offset: number): Promise<void> {
    r.committed = offset;
    this.checkpoint = { version: 1, path: this.file.path, file: identity(r, offset), ...(this.queue.length > 0 ? { next: this.queue.map((q) => identity(q, q.pos)) } : {}) };
    await this.persist();
  }

  private async persist(): Promise<void> {
    const checkpoint = this.checkpoint!;
    const text = JSON.stringify(checkpoint);
    if (text === this.written) return;
    try {
      await saveCheckpoint(this.o.checkpointDir, checkpoint);
      this.written = text;
      this.counters.checkpoints += 1;
      this.lastReport = undefined;
    } catch (err) {
      this.report(new FileTailError('HALONG_FILE_TAIL_CHECKPOINT_WRITE', this.file.path, (err as Error).message, { cause: err }));
    }
  }

  private async load(): Promise<void> {
    try {
      this.checkpoint = await loadCheckpoint(this.o.checkpointDir, this.file.path);
    } catch (err) {
      this.report(new FileTailError('HALONG_FILE_TAIL_CHECKPOINT_UNREADABLE', this.file.path, (err as Error).message, { cause: err }));
      this.checkpoint = undefined;
    }
    this.written = this.checkpoint ? JSON.stringify(this.checkpoint) : undefined;
    this.loaded = true;
  }

  // The same failure every poll is reported once, until a file opens or a checkpoint is written.
  private report(err: FileTailError): void {
    this.counters.errors += 1;
    const key = `${err.code}:${err.message}`;
    if (key === this.lastReport) return;
    this.lastReport = key;
    this.o.onError?.(err);
  }
}
