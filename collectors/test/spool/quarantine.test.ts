import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { SpoolFileSystem } from '../../src/spool';
import { nodeSpoolFileSystem, openSpool } from '../../src/spool';
import { resolveOptions } from '../../src/spool/options';
import { segmentName } from '../../src/spool/segment-files';
import { errnoError, filledSpool, flipByte, payloads, quarantineFiles, readAll, removeTempDirs, segmentFiles, seqOf, tempDir } from './support/spool-helpers';

afterEach(removeTempDirs);

// 100 records of 60 bytes (72 framed): 14 per segment (1008 bytes), so 8 segments, the last one
// holding 2 records.
const FRAMED = 72;
const PER_SEGMENT = 14;
const base = { maxBytes: 1 << 20, segmentBytes: 1024 };
const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

// Corrupts the payload of record `k` of the i-th segment file; returns the bytes of the
// remainder that quarantine takes (record k to the end of the segment).
function corruptRecord(dir: string, i: number, k: number): number {
  const path = join(dir, segmentFiles(dir)[i]);
  flipByte(path, k * FRAMED + 12 + 7);
  return statSync(path).size - k * FRAMED;
}

function quarantineName(dir: string, i: number, k: number): string {
  return `${segmentFiles(dir)[i]}.at-${k * FRAMED}.bad`;
}

function quarantineSizes(dir: string): Record<string, number> {
  return Object.fromEntries(quarantineFiles(dir).map((n) => [n, statSync(join(dir, 'quarantine', n)).size]));
}

/** The newest copies whose sizes, together, fit `bound`: what an oldest-first eviction keeps. */
function newestThatFit(copies: readonly { name: string; bytes: number }[], bound: number): string[] {
  const kept: string[] = [];
  let total = 0;
  for (let i = copies.length - 1; i >= 0 && total + copies[i].bytes <= bound; i--) {
    total += copies[i].bytes;
    kept.unshift(copies[i].name);
  }
  return kept;
}

describe('bounded quarantine', () => {
  it('keeps quarantine/ within the bound over many quarantines, deleting the oldest copies first, and counts them', async () => {
    const dir = await filledSpool();
    const bound = 1500;
    const spool = await openSpool(dir, { ...base, quarantineMaxBytes: bound });
    // The first bad record in each of the seven full segments: remainders of varying sizes.
    const firstBad = [2, 9, 4, 11, 6, 3, 8];
    const copies = firstBad.map((k, i) => ({ name: quarantineName(dir, i, k), bytes: corruptRecord(dir, i, k) }));

    const expected = firstBad.flatMap((k, i) => range(i * PER_SEGMENT, k));
    expect((await readAll(spool)).map(seqOf)).toEqual([...expected, 98, 99]);

    const kept = newestThatFit(copies, bound);
    const discarded = copies.filter((c) => !kept.includes(c.name));
    expect(kept.length).toBeGreaterThan(1);
    expect(discarded.length).toBeGreaterThan(1);
    expect(quarantineFiles(dir)).toEqual(kept);
    expect(sum(Object.values(quarantineSizes(dir)))).toBeLessThanOrEqual(bound);
    expect(spool.stats()).toMatchObject({
      quarantinedSegments: copies.length,
      quarantinedBytes: sum(copies.map((c) => c.bytes)),
      quarantineDiscardedFiles: discarded.length,
      quarantineDiscardedBytes: sum(discarded.map((c) => c.bytes)),
      records: expected.length + 2,
    });
    await spool.close();

    // Nothing is left to repair, and the bound still holds.
    const again = await openSpool(dir, { ...base, quarantineMaxBytes: bound });
    expect(again.stats()).toMatchObject({ quarantinedSegments: 0, quarantineDiscardedFiles: 0, quarantineDiscardedBytes: 0 });
    expect(quarantineFiles(dir)).toEqual(kept);
    await again.close();
  });

  it('counts copies left by an earlier run against the bound at open, and trims them when the bound shrinks', async () => {
    const dir = await filledSpool();
    const bound = 1500;
    const first = { name: quarantineName(dir, 0, 2), bytes: corruptRecord(dir, 0, 2) };
    const second = { name: quarantineName(dir, 1, 9), bytes: corruptRecord(dir, 1, 9) };
    let spool = await openSpool(dir, { ...base, quarantineMaxBytes: bound });
    expect(first.bytes + second.bytes).toBeLessThanOrEqual(bound);
    expect(quarantineSizes(dir)).toEqual({ [first.name]: first.bytes, [second.name]: second.bytes });
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 2, quarantineDiscardedFiles: 0 });
    await spool.close();

    // Recovery finds another corrupt segment: the copy of the first run makes room for it.
    const third = { name: quarantineName(dir, 2, 4), bytes: corruptRecord(dir, 2, 4) };
    expect(first.bytes + second.bytes + third.bytes).toBeGreaterThan(bound);
    expect(second.bytes + third.bytes).toBeLessThanOrEqual(bound);
    spool = await openSpool(dir, { ...base, quarantineMaxBytes: bound });
    expect(quarantineSizes(dir)).toEqual({ [second.name]: second.bytes, [third.name]: third.bytes });
    expect(spool.stats()).toMatchObject({
      quarantinedSegments: 1,
      quarantinedBytes: third.bytes,
      quarantineDiscardedFiles: 1,
      quarantineDiscardedBytes: first.bytes,
    });
    await spool.close();

    // A smaller bound: the oldest copies go at open; a file the spool did not write stays.
    writeFileSync(join(dir, 'quarantine', 'notes.txt'), 'x'.repeat(5000));
    const smaller = third.bytes;
    spool = await openSpool(dir, { ...base, quarantineMaxBytes: smaller });
    expect(quarantineFiles(dir)).toEqual([third.name, 'notes.txt'].sort());
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 0, quarantineDiscardedFiles: 1, quarantineDiscardedBytes: second.bytes });
    expect((await readAll(spool)).map(seqOf)).toEqual([...range(0, 2), ...range(14, 9), ...range(28, 4), ...range(42, 58)]);
    await spool.close();
  });

  it('orders copies by segment number, then offset as a number, not by name', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'quarantine'));
    const files = [`${segmentName(2)}.at-50.bad`, `${segmentName(1)}.at-1000.bad`, `${segmentName(1)}.at-900.bad`];
    for (const name of files) writeFileSync(join(dir, 'quarantine', name), Buffer.alloc(300, 1));
    // Plain name order would put at-1000 before at-900.
    expect([...files].sort()[0]).toBe(`${segmentName(1)}.at-1000.bad`);

    const spool = await openSpool(dir, { maxBytes: 4096, quarantineMaxBytes: 700 });
    expect(quarantineFiles(dir)).toEqual([`${segmentName(1)}.at-1000.bad`, `${segmentName(2)}.at-50.bad`]);
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 0, quarantineDiscardedFiles: 1, quarantineDiscardedBytes: 300 });
    await spool.close();
  });

  it('does not keep a copy larger than the whole bound, but cuts it, counts it, and keeps older copies', async () => {
    const dir = await filledSpool();
    const bound = 500;
    const small = { name: quarantineName(dir, 0, 10), bytes: corruptRecord(dir, 0, 10) };
    expect(small.bytes).toBeLessThanOrEqual(bound);
    const spool = await openSpool(dir, { ...base, quarantineMaxBytes: bound });
    expect(quarantineFiles(dir)).toEqual([small.name]);

    // Rot after open, in a remainder larger than the bound, found by the reader.
    const large = corruptRecord(dir, 1, 2);
    expect(large).toBeGreaterThan(bound);
    expect((await readAll(spool)).map(seqOf)).toEqual([...range(0, 10), ...range(14, 2), ...range(28, 72)]);
    expect(quarantineSizes(dir)).toEqual({ [small.name]: small.bytes });
    expect(statSync(join(dir, segmentFiles(dir)[1])).size).toBe(2 * FRAMED);
    expect(spool.stats()).toMatchObject({
      quarantinedSegments: 2,
      quarantinedBytes: small.bytes + large,
      quarantineDiscardedFiles: 1,
      quarantineDiscardedBytes: large,
    });
    await spool.close();

    const again = await openSpool(dir, { ...base, quarantineMaxBytes: bound });
    expect(again.stats()).toMatchObject({ quarantinedSegments: 0, quarantineDiscardedFiles: 0, records: 10 + 2 + 72 });
    await again.close();
  });

  it('keeps no copy at all with a bound of 0, at open too, and still counts each one', async () => {
    const dir = await filledSpool();
    const bytes = [corruptRecord(dir, 0, 3), corruptRecord(dir, 3, 7)];
    const spool = await openSpool(dir, { ...base, quarantineMaxBytes: 0 });
    expect(quarantineFiles(dir)).toEqual([]);
    expect(spool.stats()).toMatchObject({
      quarantinedSegments: 2,
      quarantinedBytes: sum(bytes),
      quarantineDiscardedFiles: 2,
      quarantineDiscardedBytes: sum(bytes),
    });
    await spool.close();
  });

  it('bounds quarantine/ by default to a tenth of maxBytes, and at least 1 MiB', async () => {
    expect(resolveOptions({ maxBytes: 1 << 30 }).quarantineMaxBytes).toBe(Math.floor((1 << 30) / 10));
    expect(resolveOptions({ maxBytes: 4096 }).quarantineMaxBytes).toBe(1 << 20);
    expect(resolveOptions({ maxBytes: 4096, quarantineMaxBytes: 123 }).quarantineMaxBytes).toBe(123);

    // Records of 400 KiB, one per segment: the default 1 MiB bound holds two remainders, not three.
    const dir = tempDir();
    const options = { maxBytes: 4 << 20, segmentBytes: 512 * 1024 };
    const size = 400 * 1024;
    let spool = await openSpool(dir, options);
    for (let i = 0; i < 4; i++) await spool.append(payloads(i, 1, size));
    await spool.close();
    const segments = segmentFiles(dir);
    expect(segments).toHaveLength(4);
    for (const name of segments.slice(0, 3)) flipByte(join(dir, name), 12 + 100);

    spool = await openSpool(dir, options);
    expect(3 * (size + 12)).toBeGreaterThan(1 << 20);
    expect(quarantineFiles(dir)).toEqual(segments.slice(1, 3).map((n) => `${n}.at-0.bad`));
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 3, quarantineDiscardedFiles: 1, quarantineDiscardedBytes: size + 12 });
    expect((await readAll(spool)).map(seqOf)).toEqual([3]);
    await spool.close();
  });

  it('keeps the new copy out when an old one cannot be deleted, and keeps working', async () => {
    const dir = await filledSpool();
    const bound = 1500;
    const old = { name: quarantineName(dir, 0, 2), bytes: corruptRecord(dir, 0, 2) };
    await (await openSpool(dir, { ...base, quarantineMaxBytes: bound })).close();

    const refusing: SpoolFileSystem = {
      ...nodeSpoolFileSystem,
      unlink: async (path) => {
        if (basename(path).endsWith('.bad')) throw errnoError('EPERM');
        return nodeSpoolFileSystem.unlink(path);
      },
    };
    const next = corruptRecord(dir, 1, 2);
    expect(old.bytes + next).toBeGreaterThan(bound);
    const spool = await openSpool(dir, { ...base, quarantineMaxBytes: bound, fs: refusing });
    expect(quarantineSizes(dir)).toEqual({ [old.name]: old.bytes });
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 1, quarantinedBytes: next, quarantineDiscardedFiles: 1, quarantineDiscardedBytes: next });
    await spool.append(payloads(100, 1, 60));
    expect((await readAll(spool)).map(seqOf)).toEqual([0, 1, 14, 15, ...range(28, 73)]);
    await spool.close();
  });

  it('does not count a copy someone else deleted while the spool was open', async () => {
    const dir = await filledSpool();
    const bound = 1000;
    const spool = await openSpool(dir, { ...base, quarantineMaxBytes: bound });
    const first = corruptRecord(dir, 0, 4);
    const second = corruptRecord(dir, 1, 2);
    expect(first + second).toBeGreaterThan(bound);
    expect((await spool.read(4))!.records.map(seqOf)).toEqual(range(0, 4));
    expect((await spool.read(1))!.records.map(seqOf)).toEqual([14]); // record 4 was quarantined on the way
    expect(quarantineFiles(dir)).toEqual([quarantineName(dir, 0, 4)]);
    rmSync(join(dir, 'quarantine', quarantineName(dir, 0, 4)));

    expect((await readAll(spool)).map(seqOf)).toEqual([15, ...range(28, 72)]);
    expect(quarantineFiles(dir)).toEqual([quarantineName(dir, 1, 2)]);
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 2, quarantineDiscardedFiles: 0, quarantineDiscardedBytes: 0 });
    await spool.close();
  });
});

describe('without corruption', () => {
  it('creates no quarantine/, discards nothing, and leaves existing copies within the bound alone', async () => {
    const dir = tempDir();
    let spool = await openSpool(dir, base);
    await spool.append(payloads(0, 50, 60));
    expect((await readAll(spool, { ack: true })).map(seqOf)).toEqual(range(0, 50));
    await spool.close();
    spool = await openSpool(dir, base);
    expect(existsSync(join(dir, 'quarantine'))).toBe(false);
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 0, quarantinedBytes: 0, quarantineDiscardedFiles: 0, quarantineDiscardedBytes: 0, records: 0 });
    await spool.close();

    mkdirSync(join(dir, 'quarantine'));
    const name = `${segmentName(1)}.at-72.bad`;
    writeFileSync(join(dir, 'quarantine', name), Buffer.alloc(200, 7));
    spool = await openSpool(dir, { ...base, quarantineMaxBytes: 200 });
    await spool.append(payloads(50, 10, 60));
    expect((await readAll(spool, { ack: true })).map(seqOf)).toEqual(range(50, 10));
    expect(quarantineSizes(dir)).toEqual({ [name]: 200 });
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 0, quarantineDiscardedFiles: 0, quarantineDiscardedBytes: 0 });
    await spool.close();
  });
});
