import { SpoolError, openSpool } from '../../src/spool';
import { CountingFs, errnoError, payload, payloads, readAll, removeTempDirs, segmentFiles, seqOf, tempDir } from './support/spool-helpers';

afterEach(removeTempDirs);

const seqs = (records: readonly Buffer[]): number[] => records.map(seqOf);
const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

async function rejection(promise: Promise<unknown>): Promise<SpoolError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SpoolError);
    return error as SpoolError;
  }
  throw new Error('expected a rejection');
}

describe('group commit', () => {
  it('keeps the order of concurrent appends and shares one fsync between them', async () => {
    const fs = new CountingFs();
    const spool = await openSpool(tempDir(), { maxBytes: 1 << 20, fs });
    fs.fsyncs = 0;
    await Promise.all(range(0, 10).map((i) => spool.append(payloads(i * 5, 5))));
    expect(fs.fsyncs).toBe(1);
    expect(seqs(await readAll(spool))).toEqual(range(0, 50));
    await spool.close();
  });

  it('groups appends made while an fsync is in flight into the next commit', async () => {
    const fs = new CountingFs();
    const spool = await openSpool(tempDir(), { maxBytes: 1 << 22, fs });
    fs.fsyncs = 0;
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      pending.push(spool.append([payload(i)]));
      if (i % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(pending);
    expect(fs.fsyncs).toBeLessThan(200);
    expect(seqs(await readAll(spool))).toEqual(range(0, 200));
    await spool.close();
  });
});

describe('rolling to a new segment', () => {
  it('makes the finished segment durable before the next one exists, then the directory entry', async () => {
    const fs = new CountingFs();
    const dir = tempDir();
    const spool = await openSpool(dir, { maxBytes: 1 << 20, segmentBytes: 200, fs });
    await spool.append(payloads(0, 2, 50));
    fs.events.length = 0;
    await spool.append(payloads(2, 4, 50));
    const [first, second] = segmentFiles(dir);
    const dirName = dir.split(/[\\/]/).at(-1);
    expect(fs.events).toEqual([`fsync ${first}`, `open ${second} wx+`, `fsync ${second}`, `open ${dirName} r`, `fsync ${dirName}`]);
    expect(seqs(await readAll(spool))).toEqual(range(0, 6));
    await spool.close();
  });
});

describe('rollback of a failed commit', () => {
  it('rolls back a failed write: the append rejects, nothing of it is readable, later appends work', async () => {
    const fs = new CountingFs();
    const dir = tempDir();
    let spool = await openSpool(dir, { maxBytes: 1 << 20, fs });
    await spool.append(payloads(0, 3));
    fs.failNext = { op: 'fsync', error: errnoError('EIO') };
    const error = await rejection(spool.append(payloads(3, 3)));
    expect(error.code).toBe('HALONG_SPOOL_IO_FAILED');
    expect(spool.stats()).toMatchObject({ records: 3, appended: 3 });
    await spool.append(payloads(100, 2));
    await spool.close();
    spool = await openSpool(dir, { maxBytes: 1 << 20 });
    expect(seqs(await readAll(spool))).toEqual([0, 1, 2, 100, 101]);
    expect(spool.stats().tornTails).toBe(0);
    await spool.close();
  });

  it('rolls back a failed roll to a new segment', async () => {
    const fs = new CountingFs();
    const dir = tempDir();
    const spool = await openSpool(dir, { maxBytes: 1 << 20, segmentBytes: 200, fs });
    await spool.append(payloads(0, 2, 50));
    fs.failNext = { op: 'open', error: errnoError('EMFILE') };
    await expect(spool.append(payloads(2, 6, 50))).rejects.toMatchObject({ code: 'HALONG_SPOOL_IO_FAILED' });
    expect(segmentFiles(dir)).toHaveLength(1);
    await spool.append(payloads(10, 6, 50));
    expect(seqs(await readAll(spool))).toEqual([0, 1, ...range(10, 6)]);
    await spool.close();
  });

  it('refuses appends until a reopen when the rollback fails too', async () => {
    const fs = new CountingFs();
    const dir = tempDir();
    let spool = await openSpool(dir, { maxBytes: 1 << 20, fs });
    await spool.append(payloads(0, 3));
    fs.failNext = { op: 'fsync', error: errnoError('EIO') };
    fs.failAfter = { op: 'ftruncate', error: errnoError('EIO') };
    await expect(spool.append(payloads(3, 3))).rejects.toMatchObject({ code: 'HALONG_SPOOL_IO_FAILED' });
    const error = await rejection(spool.append(payloads(6, 1)));
    expect(error.message).toMatch(/reopened/);
    expect(seqs(await readAll(spool))).toEqual([0, 1, 2]);
    await spool.close();

    // The refused records may survive on disk: delivery is at least once, and callers retry.
    spool = await openSpool(dir, { maxBytes: 1 << 20 });
    expect(seqs(await readAll(spool)).slice(0, 3)).toEqual([0, 1, 2]);
    await spool.append(payloads(7, 1));
    await spool.close();
  });
});
