import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpoolBatch } from '../../src/spool';
import { SpoolError, SpoolFullError, openSpool } from '../../src/spool';
import { payload, payloads, readAll, removeTempDirs, segmentFiles, seqOf, tempDir } from './support/spool-helpers';

afterEach(removeTempDirs);

const seqs = (records: readonly Buffer[]): number[] => records.map(seqOf);
const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);
const framed = (records: readonly Buffer[]): number => records.reduce((n, r) => n + 12 + r.length, 0);

async function rejection(promise: Promise<unknown>): Promise<SpoolError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SpoolError);
    return error as SpoolError;
  }
  throw new Error('expected a rejection');
}

describe('order and persistence', () => {
  it('keeps append order across segment rolls and a reopen', async () => {
    const dir = tempDir();
    let spool = await openSpool(dir, { maxBytes: 1 << 20, segmentBytes: 512 });
    for (let i = 0; i < 20; i++) await spool.append(payloads(i * 10, 10));
    expect(segmentFiles(dir).length).toBeGreaterThan(5);
    expect(seqs((await spool.read(35))!.records)).toEqual(range(0, 35));
    await spool.close();

    spool = await openSpool(dir, { maxBytes: 1 << 20, segmentBytes: 512 });
    expect(seqs(await readAll(spool, { batch: 7 }))).toEqual(range(0, 200));
    await spool.close();
  });

  it('writes the documented record format: magic, length, crc32, payload, little-endian', async () => {
    const dir = tempDir();
    const spool = await openSpool(dir, { maxBytes: 4096 });
    await spool.append([Buffer.from('hello')]);
    await spool.close();
    const bytes = readFileSync(join(dir, segmentFiles(dir)[0]));
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('HSP1');
    expect(bytes.readUInt32LE(4)).toBe(5);
    expect(bytes.readUInt32LE(8)).toBe(0x3610a686); // crc32("hello")
    expect(bytes.subarray(12).toString()).toBe('hello');
    expect(segmentFiles(dir)).toEqual(['00000000000000000001.seg']);
  });

  it('deletes segments wholly behind the acknowledged cursor, never the newest', async () => {
    const dir = tempDir();
    const spool = await openSpool(dir, { maxBytes: 1 << 20, segmentBytes: 256 });
    await spool.append(payloads(0, 40, 60));
    const before = segmentFiles(dir);
    expect(before.length).toBe(14);

    const batch = (await spool.read(9))!;
    await batch.ack();
    expect(segmentFiles(dir)).toEqual(before.slice(3));
    expect(spool.stats()).toMatchObject({ records: 31, bytes: 31 * 72, segments: 11, acked: 9 });

    await readAll(spool, { ack: true });
    expect(segmentFiles(dir)).toEqual(before.slice(-1));
    expect(spool.stats()).toMatchObject({ records: 0, bytes: 0, segments: 1, acked: 40, appended: 40 });
    await spool.close();
  });

  it('delivers records read but not acknowledged again after a reopen, and keeps exact stats', async () => {
    const dir = tempDir();
    const options = { maxBytes: 1 << 20, segmentBytes: 300 };
    let spool = await openSpool(dir, options);
    const all = payloads(0, 30);
    await spool.append(all);
    await (await spool.read(12))!.ack();
    await spool.read(10); // delivered, never acknowledged
    expect(spool.stats()).toMatchObject({ records: 18, bytes: framed(all.slice(12)), appended: 30, acked: 12 });
    await spool.close();

    spool = await openSpool(dir, options);
    expect(spool.stats()).toEqual({
      records: 18,
      bytes: framed(all.slice(12)),
      segments: segmentFiles(dir).length,
      appended: 0,
      acked: 0,
      tornTails: 0,
      quarantinedSegments: 0,
      quarantinedBytes: 0,
      quarantineDiscardedFiles: 0,
      quarantineDiscardedBytes: 0,
      cursorResets: 0,
    });
    expect(seqs(await readAll(spool))).toEqual(range(12, 18));
    await spool.close();
  });

  it('treats acknowledgements as cumulative and ignores an older batch acknowledged late', async () => {
    const dir = tempDir();
    let spool = await openSpool(dir, { maxBytes: 1 << 20 });
    await spool.append(payloads(0, 10));
    const first = (await spool.read(3))!;
    const second = (await spool.read(3))!;
    await second.ack();
    await first.ack();
    expect(spool.stats()).toMatchObject({ records: 4, acked: 6 });
    await spool.close();
    spool = await openSpool(dir, { maxBytes: 1 << 20 });
    expect(seqs(await readAll(spool))).toEqual(range(6, 4));
    await spool.close();
  });

  it('rewinds to the last acknowledgement on request', async () => {
    const spool = await openSpool(tempDir(), { maxBytes: 1 << 20 });
    await spool.append(payloads(0, 10));
    await (await spool.read(2))!.ack();
    await spool.read(5);
    await spool.rewind();
    expect(seqs(await readAll(spool))).toEqual(range(2, 8));
    await spool.close();
  });

  it('bounds a batch by maxBytes of payload but always returns at least one record', async () => {
    const spool = await openSpool(tempDir(), { maxBytes: 1 << 20 });
    await spool.append([payload(0, 100), payload(1, 100), payload(2, 500), payload(3, 10)]);
    expect(seqs((await spool.read(10, 250))!.records)).toEqual([0, 1]);
    expect(seqs((await spool.read(10, 250))!.records)).toEqual([2]);
    expect(seqs((await spool.read(10, 250))!.records)).toEqual([3]);
    expect(await spool.read(10)).toBeUndefined();
    await spool.close();
  });
});

describe('bounds', () => {
  it('refuses a batch that would pass maxBytes with SpoolFullError and writes nothing of it', async () => {
    const dir = tempDir();
    const spool = await openSpool(dir, { maxBytes: 1000 });
    await spool.append(payloads(0, 10, 60)); // 720 framed bytes
    const before = spool.stats();
    const segmentBytes = readFileSync(join(dir, segmentFiles(dir)[0])).length;

    const error = await rejection(spool.append(payloads(10, 5, 60)));
    expect(error).toBeInstanceOf(SpoolFullError);
    expect(error.code).toBe('HALONG_SPOOL_FULL');
    expect(error).toMatchObject({ batchBytes: 360, usedBytes: 720, maxBytes: 1000 });
    expect(spool.stats()).toEqual(before);
    expect(readFileSync(join(dir, segmentFiles(dir)[0])).length).toBe(segmentBytes);

    // Room comes back when the reader acknowledges.
    await (await spool.read(5))!.ack();
    await spool.append(payloads(10, 5, 60));
    expect(seqs(await readAll(spool))).toEqual(range(5, 10));
    await spool.close();
  });

  it('counts appends still being written against maxBytes', async () => {
    const spool = await openSpool(tempDir(), { maxBytes: 1000 });
    const first = spool.append(payloads(0, 10, 60));
    await expect(spool.append(payloads(10, 5, 60))).rejects.toBeInstanceOf(SpoolFullError);
    await first;
    expect(spool.stats().records).toBe(10);
    await spool.close();
  });

  it('refuses a record larger than maxRecordBytes', async () => {
    const spool = await openSpool(tempDir(), { maxBytes: 1 << 20, maxRecordBytes: 100 });
    const error = await rejection(spool.append([payload(0, 10), payload(1, 101)]));
    expect(error.code).toBe('HALONG_SPOOL_RECORD_TOO_LARGE');
    expect(spool.stats().records).toBe(0);
    await spool.append([payload(2, 100)]);
    await spool.close();
  });

  it('gives a record larger than a segment a segment of its own', async () => {
    const dir = tempDir();
    const spool = await openSpool(dir, { maxBytes: 1 << 20, segmentBytes: 100, maxRecordBytes: 1000 });
    await spool.append([payload(0, 30), payload(1, 500), payload(2, 30)]);
    expect(segmentFiles(dir)).toHaveLength(3);
    expect(seqs(await readAll(spool))).toEqual([0, 1, 2]);
    await spool.close();
  });

  it('rejects invalid options and arguments with HALONG_SPOOL_INVALID_ARGUMENT', async () => {
    const dir = tempDir();
    await expect(openSpool(dir, { maxBytes: 0 })).rejects.toMatchObject({ code: 'HALONG_SPOOL_INVALID_ARGUMENT' });
    await expect(openSpool(dir, { maxBytes: 1000, segmentBytes: 10 })).rejects.toMatchObject({ code: 'HALONG_SPOOL_INVALID_ARGUMENT' });
    await expect(openSpool(dir, { maxBytes: 1000, maxRecordBytes: 1000 })).rejects.toMatchObject({ code: 'HALONG_SPOOL_INVALID_ARGUMENT' });
    await expect(openSpool(dir, { maxBytes: 1000, quarantineMaxBytes: -1 })).rejects.toMatchObject({ code: 'HALONG_SPOOL_INVALID_ARGUMENT' });
    await expect(openSpool(dir, { maxBytes: 1000, quarantineMaxBytes: 1.5 })).rejects.toMatchObject({ code: 'HALONG_SPOOL_INVALID_ARGUMENT' });
    const spool = await openSpool(dir, { maxBytes: 1000 });
    await expect(spool.read(0)).rejects.toMatchObject({ code: 'HALONG_SPOOL_INVALID_ARGUMENT' });
    await spool.close();
  });
});

describe('concurrency and lifecycle', () => {
  it('lets a reader drain while inputs append, delivering every record once and in order', async () => {
    const spool = await openSpool(tempDir(), { maxBytes: 1 << 16, segmentBytes: 2048 });
    const total = 2000;
    const writer = (async () => {
      for (let next = 0; next < total; ) {
        const count = Math.min(1 + (next % 17), total - next);
        try {
          await spool.append(payloads(next, count));
          next += count;
        } catch (error) {
          if (!(error instanceof SpoolFullError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
    })();
    const got: number[] = [];
    while (got.length < total) {
      const batch: SpoolBatch | undefined = await spool.read(64);
      if (!batch) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      got.push(...seqs(batch.records));
      await batch.ack();
    }
    await writer;
    expect(got).toEqual(range(0, total));
    expect(spool.stats()).toMatchObject({ records: 0, bytes: 0, appended: total, acked: total, segments: 1 });
    await spool.close();
  });

  it('refuses calls after close, and acknowledgements of foreign batches', async () => {
    const dir = tempDir();
    const a = await openSpool(dir, { maxBytes: 1 << 20 });
    const b = await openSpool(tempDir(), { maxBytes: 1 << 20 });
    await b.append([payload(0)]);
    const foreign = (await b.read(1))!;
    await expect(a.ack(foreign)).rejects.toMatchObject({ code: 'HALONG_SPOOL_UNKNOWN_BATCH' });
    const appending = a.append([payload(1)]);
    await a.close();
    await appending;
    await expect(a.append([payload(2)])).rejects.toMatchObject({ code: 'HALONG_SPOOL_CLOSED' });
    await expect(a.read(1)).rejects.toMatchObject({ code: 'HALONG_SPOOL_CLOSED' });
    await b.close();
  });
});
