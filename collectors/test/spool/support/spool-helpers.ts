// Shared helpers of the spool tests: real temporary directories, deterministic payloads, and a
// file system that counts fsyncs and can be told to fail.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DiskSpool, SpoolFileSystem } from '../../../src/spool';
import { nodeSpoolFileSystem, openSpool } from '../../../src/spool';

const made: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'halong-spool-'));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A payload that names its sequence number and whose length varies with it. */
export function payload(seq: number, size = 20 + (seq % 50)): Buffer {
  const head = Buffer.from(`#${seq}:`);
  const body = Buffer.alloc(Math.max(0, size - head.length), 97 + (seq % 26));
  return Buffer.concat([head, body]);
}

export function seqOf(record: Buffer): number {
  const m = /^#(\d+):/.exec(record.subarray(0, 24).toString('latin1'));
  if (!m) throw new Error(`not a test payload: ${record.subarray(0, 24).toString('latin1')}`);
  return Number(m[1]);
}

export function payloads(from: number, count: number, size?: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => payload(from + i, size));
}

/** Reads every remaining record; acknowledges each batch when `ack` is set. */
export async function readAll(spool: DiskSpool, options: { ack?: boolean; batch?: number } = {}): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (;;) {
    const batch = await spool.read(options.batch ?? 1000);
    if (!batch) return out;
    out.push(...batch.records);
    if (options.ack) await batch.ack();
  }
}

export function segmentFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.seg'))
    .sort();
}

export function quarantineFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'quarantine')).sort();
  } catch {
    return [];
  }
}

type FailingOp = 'writev' | 'fsync' | 'open' | 'ftruncate';

/** Node's fs with counted fsyncs and an optional failure on the next matching call. */
export class CountingFs implements SpoolFileSystem {
  fsyncs = 0;
  /** Opens (with flags) and fsyncs, by file name, in call order. */
  readonly events: string[] = [];
  private readonly names = new Map<number, string>();
  failNext: { op: FailingOp; error: NodeJS.ErrnoException } | undefined;
  /** Fails the matching call after `failNext`, to break a rollback too. */
  failAfter: { op: FailingOp; error: NodeJS.ErrnoException } | undefined;

  private maybeFail(op: FailingOp): void {
    if (this.failNext?.op === op) {
      const { error } = this.failNext;
      this.failNext = this.failAfter;
      this.failAfter = undefined;
      throw error;
    }
  }

  open = async (path: string, flags: string): Promise<number> => {
    this.maybeFail('open');
    const fd = await nodeSpoolFileSystem.open(path, flags);
    this.names.set(fd, basename(path));
    this.events.push(`open ${basename(path)} ${flags}`);
    return fd;
  };
  close = (fd: number): Promise<void> => nodeSpoolFileSystem.close(fd);
  read = (fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> =>
    nodeSpoolFileSystem.read(fd, buffer, offset, length, position);
  writev = async (fd: number, buffers: readonly Buffer[], position: number): Promise<number> => {
    this.maybeFail('writev');
    return nodeSpoolFileSystem.writev(fd, buffers, position);
  };
  fsync = async (fd: number): Promise<void> => {
    this.fsyncs += 1;
    this.events.push(`fsync ${this.names.get(fd)}`);
    this.maybeFail('fsync');
    return nodeSpoolFileSystem.fsync(fd);
  };
  ftruncate = async (fd: number, length: number): Promise<void> => {
    this.maybeFail('ftruncate');
    return nodeSpoolFileSystem.ftruncate(fd, length);
  };
  fstatSize = (fd: number): Promise<number> => nodeSpoolFileSystem.fstatSize(fd);
  readdir = (path: string): Promise<string[]> => nodeSpoolFileSystem.readdir(path);
  mkdir = (path: string): Promise<void> => nodeSpoolFileSystem.mkdir(path);
  rename = (from: string, to: string): Promise<void> => nodeSpoolFileSystem.rename(from, to);
  unlink = (path: string): Promise<void> => nodeSpoolFileSystem.unlink(path);
}

export function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** Options shared by the crash-safety test and its child: small segments, so kills land in rolls. */
export const CRASH_OPTIONS = { maxBytes: 2 * 1024 * 1024, segmentBytes: 32 * 1024 };

/** The payload the crash child appends for `seq`: its size spreads over 1..700 bytes. */
export function crashPayload(seq: number): Buffer {
  return payload(seq, 8 + ((seq * 7919) % 693));
}

/** A small seeded PRNG (mulberry32), so a failing crash round can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 100 records of 60 bytes (72 framed) in 1 KiB segments: 14 per segment, so 8 segments, the last holding 2. */
export async function filledSpool(): Promise<string> {
  const dir = tempDir();
  const spool = await openSpool(dir, { maxBytes: 1 << 20, segmentBytes: 1024 });
  for (let i = 0; i < 10; i++) await spool.append(payloads(i * 10, 10, 60));
  await spool.close();
  return dir;
}

/** Inverts one byte of a file in place. */
export function flipByte(path: string, offset: number): void {
  const bytes = readFileSync(path);
  bytes[offset] ^= 0xff;
  writeFileSync(path, bytes);
}
