// The file-tail input: follows log files on the collector's own disk (syslog, audit.log, web
// server, Zeek and Suricata logs …) and ships their lines as events, surviving restarts and
// rotation without losing a line. Guarantees and their limits: README.md in this folder.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SpoolError } from '../../spool/errors';
import { lockDirectory } from '../../spool/dir-lock';
import { nodeSpoolFileSystem } from '../../spool/spool-fs';
import { FileTailError } from './errors';
import { FileFollower } from './file-follower';
import type { FileFormat, FileTail, FileTailOptions, ResolvedTailOptions } from './options';
import { FILE_TAIL_DEFAULTS, newCounters } from './options';
import { Pause } from './pause';

const FORMATS: ReadonlySet<FileFormat> = new Set<FileFormat>(['syslog', 'cef', 'nginx', 'apache', 'auditd', 'zeek', 'suricata', 'open5gs', 'windows-json', 'json', 'text']);

/**
 * Starts following `options.files`. Each file resumes at its checkpoint (or is read from its
 * start), and its lines are shipped in order; a line's checkpoint is written only once
 * `shipper.ship` resolved for it. A line read again after a crash gets the same event.id
 * (`file:<path>`, the file's identity and the line's byte offset), so the sink drops the copy.
 *
 * @throws FileTailError HALONG_FILE_TAIL_INVALID_OPTIONS for bad options,
 * HALONG_FILE_TAIL_CHECKPOINT_LOCKED when another tail uses the checkpoint directory; rejects
 * when the directory cannot be created.
 */
export async function startFileTail(options: FileTailOptions): Promise<FileTail> {
  const o: ResolvedTailOptions = {
    ...options,
    pollMs: options.pollMs ?? FILE_TAIL_DEFAULTS.pollMs,
    batchLines: options.batchLines ?? FILE_TAIL_DEFAULTS.batchLines,
    partialLineMs: options.partialLineMs ?? FILE_TAIL_DEFAULTS.partialLineMs,
    rotatedGraceMs: options.rotatedGraceMs ?? FILE_TAIL_DEFAULTS.rotatedGraceMs,
    assembleIdleMs: options.assembleIdleMs ?? FILE_TAIL_DEFAULTS.assembleIdleMs,
    clock: options.clock ?? Date.now,
  };
  const files = o.files.map((f) => ({ ...f, path: resolve(f.path) }));
  check(o, files);
  await mkdir(o.checkpointDir, { recursive: true, mode: 0o700 });
  // Two tails on one directory would overwrite each other's checkpoints: the spool's lock
  // (a pid file, taken over when its process is gone) keeps it to one.
  const unlock = await lockDirectory(nodeSpoolFileSystem, o.checkpointDir).catch((err: unknown) => {
    if (err instanceof SpoolError && err.code === 'HALONG_SPOOL_LOCKED') throw new FileTailError('HALONG_FILE_TAIL_CHECKPOINT_LOCKED', o.checkpointDir, undefined, { cause: err });
    throw err;
  });
  const counters = newCounters();
  const pause = new Pause();
  const followers = files.map((file) => new FileFollower(file, o, counters, pause));
  for (const follower of followers) follower.start();
  let closing: Promise<void> | undefined;
  return {
    stats: () => ({ ...counters, files: followers.map((f) => f.state()) }),
    close() {
      closing ??= (async () => {
        pause.stop();
        await Promise.all(followers.map((f) => f.ended()));
        await unlock();
      })();
      return closing;
    },
  };
}

function check(o: ResolvedTailOptions, files: readonly { path: string; format: FileFormat }[]): void {
  const invalid = (message: string): never => {
    throw new FileTailError('HALONG_FILE_TAIL_INVALID_OPTIONS', undefined, message);
  };
  const seen = new Set<string>();
  for (const f of files) {
    if (!FORMATS.has(f.format)) invalid(`${f.path}: unknown format ${JSON.stringify(f.format)}`);
    if (seen.has(f.path)) invalid(`${f.path} is listed twice`);
    seen.add(f.path);
  }
  const positive = { maxLineBytes: o.maxLineBytes, maxOriginalBytes: o.maxOriginalBytes, pollMs: o.pollMs, batchLines: o.batchLines };
  for (const [name, value] of Object.entries(positive)) if (!Number.isSafeInteger(value) || value < 1) invalid(`${name} must be a positive integer, not ${value}`);
  const nonNegative = { partialLineMs: o.partialLineMs, rotatedGraceMs: o.rotatedGraceMs, assembleIdleMs: o.assembleIdleMs };
  for (const [name, value] of Object.entries(nonNegative)) if (!Number.isFinite(value) || value < 0) invalid(`${name} must be a number ≥ 0, not ${value}`);
  if (typeof o.checkpointDir !== 'string' || o.checkpointDir === '') invalid('checkpointDir is required');
}
