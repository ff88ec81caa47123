// A file being read: its handle and identity, where reading stands, and the per-file state (line
// splitter, format handler). Its head (first KiB, as read) keys the lines' event ids and tells a
// rewritten file from a grown one.
import type { BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { decodeUtf8 } from '../../parsers/syslog/utf8';
import type { CheckpointedFile } from './checkpoint';
import { HEAD_BYTES, fileKey, fingerprintOf, readHead } from './file-identity';
import type { LineHandler } from './line-handler';
import { LineSplitter } from './line-splitter';

/** Bytes read per step. */
export const READ_BYTES = 128 * 1024;

/** A file being read. */
export interface Reading {
  fh: FileHandle;
  /** The path, or the rotated name it was found by after a restart. */
  name: string;
  dev: bigint;
  ino: bigint;
  /** The file's first bytes as read (up to HEAD_BYTES). */
  head: Buffer;
  /** The key of every line past HEAD_BYTES, hashed once. */
  farKey?: string;
  /** Next byte to read. */
  pos: number;
  /** The offset last checkpointed in it. */
  committed: number;
  splitter: LineSplitter;
  handler: LineHandler;
  /** Size and mtime at the last look: the head is checked again when they change. */
  size: bigint;
  mtimeNs: bigint;
  /** When it last grew, and when the path was first seen naming another file (epoch ms). */
  grewAt: number;
  movedAt: number | undefined;
}

/** An open file with its stats and head. */
export interface OpenedFile {
  fh: FileHandle;
  stats: BigIntStats;
  head: Buffer;
}

/** Opens `path` if it still is the file `at` describes (it may be rotated in between). */
export async function openAt(path: string, at: BigIntStats): Promise<OpenedFile | undefined> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const stats = await fh.stat({ bigint: true });
    if (stats.ino === at.ino && stats.dev === at.dev) return { fh, stats, head: await readHead(fh) };
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err;
  }
  await fh.close().catch(() => undefined);
  return undefined;
}

/**
 * A reading of `opened` from `offset`. Resuming inside a file, the lines before `offset` are
 * read again (into `buffer`) for the handler's state only: Zeek's #fields header.
 */
export async function startReading(opened: OpenedFile, name: string, offset: number, handler: LineHandler, maxLineBytes: number, now: number, buffer: Buffer): Promise<Reading> {
  if (offset > 0 && handler.prime) {
    const splitter = new LineSplitter(maxLineBytes, 0);
    for (let pos = 0; pos < offset; ) {
      const { bytesRead } = await opened.fh.read(buffer, 0, Math.min(buffer.length, offset - pos), pos);
      if (bytesRead === 0) break;
      for (const line of splitter.push(buffer.subarray(0, bytesRead), pos)) handler.prime(decodeUtf8(line.bytes).text, now);
      pos += bytesRead;
    }
  }
  // size -1: the first step compares the head with the file, as after any change.
  return { fh: opened.fh, name, dev: opened.stats.dev, ino: opened.stats.ino, head: opened.head, pos: offset, committed: offset, splitter: new LineSplitter(maxLineBytes, offset), handler, size: -1n, mtimeNs: -1n, grewAt: now, movedAt: undefined };
}

/** Adds what `chunk` (read at `r.pos`) brings to the head, so keys never depend on a later re-read. */
export function growHead(r: Reading, chunk: Buffer): void {
  if (r.head.length >= HEAD_BYTES || r.pos > r.head.length || r.pos + chunk.length <= r.head.length) return;
  r.head = Buffer.concat([r.head, chunk.subarray(r.head.length - r.pos, HEAD_BYTES - r.pos)]);
}

/** Whether the file still starts with the head as read. */
export async function sameHead(r: Reading): Promise<boolean> {
  const now = await readHead(r.fh);
  return now.length >= r.head.length && now.subarray(0, r.head.length).equals(r.head);
}

/** The file key in the sequence of the line at `offset` (see line-event.ts). */
export function lineKey(r: Reading, offset: number): string {
  return offset >= HEAD_BYTES ? (r.farKey ??= fileKey(r.ino, r.head, HEAD_BYTES)) : fileKey(r.ino, r.head, offset);
}

/**
 * The checkpoint entry of `r` at `offset`. The fingerprint covers the whole head as read, bytes
 * after `offset` included: all of them must still be there for a restart to resume inside this
 * file, and any change there means it was rewritten.
 */
export function identity(r: Reading, offset: number): CheckpointedFile {
  return { dev: r.dev.toString(), ino: r.ino.toString(), offset, fingerprint: fingerprintOf(r.head, r.head.length), fingerprintBytes: r.head.length };
}
