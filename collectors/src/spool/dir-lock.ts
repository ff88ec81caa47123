// One live spool per directory: two writers on the same segments would interleave records.
// Within a process a registry says who holds it; across processes a lock file holds the pid.
// A lock left by a killed process is stale (its pid is gone) and is taken over, so a crash
// never blocks the restart.
import { join, resolve } from 'node:path';
import { SpoolError } from './errors';
import { LOCK_FILE } from './segment-files';
import type { SpoolFileSystem } from './spool-fs';
import { errnoCode, readSmallFile, writeFully } from './spool-fs';

const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

async function writePid(sfs: SpoolFileSystem, path: string, flags: string): Promise<void> {
  const fd = await sfs.open(path, flags);
  try {
    await writeFully(sfs, fd, [Buffer.from(`${process.pid}\n`)], 0);
  } finally {
    await sfs.close(fd);
  }
}

/** Takes the directory's lock; the returned function releases it. */
export async function lockDirectory(sfs: SpoolFileSystem, dir: string): Promise<() => Promise<void>> {
  const key = resolve(dir);
  if (held.has(key)) throw new SpoolError('HALONG_SPOOL_LOCKED', `The spool directory ${dir} is already open in this process.`);
  held.add(key);
  const path = join(dir, LOCK_FILE);
  try {
    try {
      await writePid(sfs, path, 'wx');
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
      const owner = Number((await readSmallFile(sfs, path, 32))?.toString('utf8').trim());
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new SpoolError('HALONG_SPOOL_LOCKED', `The spool directory ${dir} is held by process ${owner}.`);
      }
      await writePid(sfs, path, 'w');
    }
  } catch (error) {
    held.delete(key);
    throw error;
  }
  return async () => {
    held.delete(key);
    await sfs.unlink(path).catch(() => undefined);
  };
}
