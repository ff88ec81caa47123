import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpoolError, openSpool } from '../../src/spool';
import { removeTempDirs, tempDir } from './support/spool-helpers';

afterEach(removeTempDirs);

async function openError(dir: string): Promise<SpoolError> {
  try {
    const spool = await openSpool(dir, { maxBytes: 4096 });
    await spool.close();
  } catch (error) {
    expect(error).toBeInstanceOf(SpoolError);
    return error as SpoolError;
  }
  throw new Error('expected openSpool to fail');
}

describe('directory lock', () => {
  it('refuses a second open of the same directory until the first is closed', async () => {
    const dir = tempDir();
    const spool = await openSpool(dir, { maxBytes: 4096 });
    expect(readFileSync(join(dir, 'lock'), 'utf8').trim()).toBe(String(process.pid));
    expect((await openError(dir)).code).toBe('HALONG_SPOOL_LOCKED');
    await spool.close();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
    await (await openSpool(dir, { maxBytes: 4096 })).close();
  });

  it('refuses a directory held by another live process', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'lock'), `${process.ppid}\n`);
    const error = await openError(dir);
    expect(error.code).toBe('HALONG_SPOOL_LOCKED');
    expect(error.message).toContain(String(process.ppid));
  });

  it('takes over the lock of a process that died (kill -9 leaves it behind)', async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'lock'), `${dead}\n`);
    const spool = await openSpool(dir, { maxBytes: 4096 });
    expect(readFileSync(join(dir, 'lock'), 'utf8').trim()).toBe(String(process.pid));
    await spool.close();
  });
});

describe('unusable directory', () => {
  it('fails with HALONG_SPOOL_DIR_UNUSABLE when the path is a file', async () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    const error = await openError(join(file, 'spool'));
    expect(error.code).toBe('HALONG_SPOOL_DIR_UNUSABLE');
    expect(error.message).toContain(file);
  });
});
