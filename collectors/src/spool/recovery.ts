// Recovery on open: find the cursor, validate every record after it, cut torn tails, move
// corrupt remainders to quarantine/ and count what is pending. Corrupt data never makes open
// fail, and every repair is written to disk, so the next open finds nothing left to repair.
import { join } from 'node:path';
import type { CursorValue } from './cursor-file';
import { readCursorFile, writeCursorFile } from './cursor-file';
import { FrameReader } from './frame-reader';
import type { FrameResult } from './frame-reader';
import { Quarantine, looksTorn } from './quarantine';
import { CURSOR_TMP_FILE, segmentPath, segmentSeqs } from './segment-files';
import type { SpoolFileSystem } from './spool-fs';
import { errnoCode, fsyncDir } from './spool-fs';
import type { Position, Segment } from './types';

/** What recovery found: the segments (never empty, oldest first), the cursor and counters. */
export interface RecoveredSpool {
  readonly segments: Segment[];
  readonly cursor: Position;
  readonly pendingRecords: number;
  readonly pendingBytes: number;
  readonly tornTails: number;
  /** quarantine/ within its bound, with what recovery quarantined and discarded counted. */
  readonly quarantine: Quarantine;
  readonly cursorResets: number;
}

interface Repairs {
  tornTails: number;
}

export async function recoverSpool(sfs: SpoolFileSystem, dir: string, quarantineMaxBytes: number): Promise<RecoveredSpool> {
  const names = await sfs.readdir(dir);
  if (names.includes(CURSOR_TMP_FILE)) await unlinkIfPresent(sfs, join(dir, CURSOR_TMP_FILE));
  let seqs = segmentSeqs(names);
  const stored = await readCursorFile(sfs, dir);
  let cursorResets = stored.kind === 'unreadable' ? 1 : 0;
  let rewriteCursor = stored.kind === 'unreadable';
  let cursor: CursorValue | undefined = stored.kind === 'ok' ? stored.cursor : undefined;

  if (seqs.length === 0) {
    // Only an external deletion empties a used spool (the newest segment is never deleted):
    // continue after the cursor's number so sequence numbers keep increasing.
    const seq = cursor ? cursor.seq + 1 : 1;
    await createSegment(sfs, dir, seq);
    seqs = [seq];
    if (cursor) rewriteCursor = true;
    cursor = { seq, offset: 0 };
  }

  const oldest = seqs[0];
  const newest = seqs[seqs.length - 1];
  if (cursor === undefined) {
    cursor = { seq: oldest, offset: 0 };
  } else if (!seqs.includes(cursor.seq) && cursor.seq < newest) {
    // Its segment was fully acknowledged and deleted; nothing before the next one is pending.
    const after = cursor.seq;
    cursor = { seq: seqs.find((s) => s > after)!, offset: 0 };
  } else if (cursor.seq > newest || (await sizeOf(sfs, dir, cursor.seq)) < cursor.offset) {
    // The cursor points past the data: re-deliver everything rather than skip anything.
    cursorResets += 1;
    rewriteCursor = true;
    cursor = { seq: oldest, offset: 0 };
  }

  // Segments behind the cursor were acknowledged; a crash interrupted their deletion.
  const from = cursor.seq;
  for (const seq of seqs.filter((s) => s < from)) await unlinkIfPresent(sfs, segmentPath(dir, seq));
  seqs = seqs.filter((s) => s >= from);

  // Copies left by earlier runs count against the bound before anything new is quarantined.
  const quarantine = await Quarantine.load(sfs, dir, quarantineMaxBytes);
  const repairs: Repairs = { tornTails: 0 };
  const segments: Segment[] = [];
  for (const seq of seqs) {
    const start = seq === cursor.seq ? cursor.offset : 0;
    segments.push(await recoverSegment(sfs, dir, seq, start, seq === newest, quarantine, repairs));
  }
  if (rewriteCursor) await writeCursorFile(sfs, dir, cursor);

  let pendingRecords = 0;
  let pendingBytes = 0;
  for (const s of segments) {
    pendingRecords += s.records;
    pendingBytes += s.size - s.countFrom;
  }
  return { segments, cursor: { ...cursor, index: 0 }, pendingRecords, pendingBytes, cursorResets, quarantine, ...repairs };
}

async function recoverSegment(sfs: SpoolFileSystem, dir: string, seq: number, start: number, newest: boolean, quarantine: Quarantine, repairs: Repairs): Promise<Segment> {
  const path = segmentPath(dir, seq);
  const fd = await sfs.open(path, 'r+');
  try {
    const size = await sfs.fstatSize(fd);
    const reader = new FrameReader(sfs, fd);
    let at = start;
    let records = 0;
    let fault: Extract<FrameResult, { kind: 'fault' }> | undefined;
    while (at < size) {
      const frame = await reader.frameAt(at, size);
      if (frame.kind === 'fault') {
        fault = frame;
        break;
      }
      records += 1;
      at = frame.end;
    }
    if (fault) {
      if (newest && (await looksTorn(sfs, fd, fault, at, size))) {
        repairs.tornTails += 1;
        await sfs.ftruncate(fd, at);
        await sfs.fsync(fd);
      } else {
        await quarantine.moveTail(fd, seq, at, size);
      }
    }
    return { seq, path, size: at, records, countFrom: start, sealed: false };
  } finally {
    await sfs.close(fd);
  }
}

async function sizeOf(sfs: SpoolFileSystem, dir: string, seq: number): Promise<number> {
  const fd = await sfs.open(segmentPath(dir, seq), 'r');
  try {
    return await sfs.fstatSize(fd);
  } finally {
    await sfs.close(fd);
  }
}

export async function createSegment(sfs: SpoolFileSystem, dir: string, seq: number): Promise<void> {
  await sfs.close(await sfs.open(segmentPath(dir, seq), 'wx'));
  await fsyncDir(sfs, dir);
}

async function unlinkIfPresent(sfs: SpoolFileSystem, path: string): Promise<void> {
  try {
    await sfs.unlink(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
}
