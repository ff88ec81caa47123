import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSpool } from '../../src/spool';
import { filledSpool, flipByte, payloads, quarantineFiles, readAll, removeTempDirs, segmentFiles, seqOf } from './support/spool-helpers';

afterEach(removeTempDirs);

const options = { maxBytes: 1 << 20, segmentBytes: 1024 };
const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

describe('torn tail', () => {
  it('cuts an incomplete last record of the newest segment, counts it, and keeps everything before it', async () => {
    const dir = await filledSpool();
    const newest = join(dir, segmentFiles(dir).at(-1)!);
    const size = statSync(newest).size;
    truncateSync(newest, size - 30);

    const spool = await openSpool(dir, options);
    expect(spool.stats()).toMatchObject({ tornTails: 1, quarantinedSegments: 0, records: 99, bytes: 99 * 72 });
    expect(statSync(newest).size).toBe(size - 72);
    expect((await readAll(spool)).map(seqOf)).toEqual(range(0, 99));
    await spool.append(payloads(99, 1, 60));
    await spool.close();

    const again = await openSpool(dir, options);
    expect(again.stats()).toMatchObject({ tornTails: 0, records: 100 });
    expect((await readAll(again)).map(seqOf)).toEqual(range(0, 100));
    await again.close();
  });

  it('cuts a torn header and zero-filled pages at the end of the newest segment', async () => {
    const dir = await filledSpool();
    const newest = join(dir, segmentFiles(dir).at(-1)!);
    const size = statSync(newest).size;
    truncateSync(newest, size - 72 + 5);
    let spool = await openSpool(dir, options);
    expect(spool.stats()).toMatchObject({ tornTails: 1, records: 99 });
    await spool.close();

    writeFileSync(newest, Buffer.alloc(4096), { flag: 'a' });
    spool = await openSpool(dir, options);
    expect(spool.stats()).toMatchObject({ tornTails: 1, quarantinedSegments: 0, records: 99 });
    expect(quarantineFiles(dir)).toEqual([]);
    await spool.close();
  });
});

describe('corruption', () => {
  it('quarantines the rest of a corrupt older segment, keeps what is before and after, and does not loop', async () => {
    const dir = await filledSpool();
    const files = segmentFiles(dir);
    const third = join(dir, files[2]); // records 28..41
    const size = statSync(third).size;
    flipByte(third, 5 * 72 + 12 + 20); // payload of record 33

    const spool = await openSpool(dir, options);
    const lost = 14 - 5;
    expect(spool.stats()).toMatchObject({
      quarantinedSegments: 1,
      quarantinedBytes: size - 5 * 72,
      tornTails: 0,
      records: 100 - lost,
      bytes: (100 - lost) * 72,
    });
    expect(statSync(third).size).toBe(5 * 72);
    expect(quarantineFiles(dir)).toEqual([`${files[2]}.at-360.bad`]);
    const quarantined = readFileSync(join(dir, 'quarantine', quarantineFiles(dir)[0]));
    expect(quarantined.length).toBe(size - 5 * 72);
    expect((await readAll(spool)).map(seqOf)).toEqual([...range(0, 33), ...range(42, 58)]);
    await spool.close();

    const again = await openSpool(dir, options);
    expect(again.stats()).toMatchObject({ quarantinedSegments: 0, quarantinedBytes: 0, records: 100 - lost });
    expect(quarantineFiles(dir)).toHaveLength(1);
    await again.close();
  });

  it('quarantines from a bad magic, and garbage in the middle of the newest segment', async () => {
    const dir = await filledSpool();
    const files = segmentFiles(dir);
    flipByte(join(dir, files[0]), 72); // magic of record 1
    flipByte(join(dir, files.at(-1)!), 72 + 2); // magic of the second record of the newest segment

    const spool = await openSpool(dir, options);
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 2, tornTails: 0 });
    expect((await readAll(spool)).map(seqOf)).toEqual([0, ...range(14, 85)]);
    await spool.close();
  });

  it('quarantines a record that rots after open when the reader reaches it, and moves on', async () => {
    const dir = await filledSpool();
    const spool = await openSpool(dir, options);
    flipByte(join(dir, segmentFiles(dir)[1]), 12); // payload of record 14
    flipByte(join(dir, segmentFiles(dir).at(-1)!), 12); // payload of record 98, in the segment being appended to
    expect((await readAll(spool)).map(seqOf)).toEqual([...range(0, 14), ...range(28, 70)]);
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 2, quarantinedBytes: 16 * 72, records: 84 });
    // The segment being appended to is sealed, so new records land after the quarantined bytes.
    await spool.append(payloads(100, 3, 60));
    expect((await readAll(spool, { ack: true })).map(seqOf)).toEqual([100, 101, 102]);
    expect(spool.stats()).toMatchObject({ quarantinedSegments: 2, records: 0, bytes: 0 });
    await spool.close();
  });
});

describe('cursor', () => {
  it('falls back to the oldest segment when the cursor file is garbage, counts it once', async () => {
    const dir = await filledSpool();
    let spool = await openSpool(dir, options);
    for (let i = 0; i < 3; i++) await (await spool.read(10))!.ack();
    expect(segmentFiles(dir)).toHaveLength(6);
    await spool.close();
    writeFileSync(join(dir, 'cursor'), 'not a cursor at all');

    spool = await openSpool(dir, options);
    expect(spool.stats()).toMatchObject({ cursorResets: 1, records: 72 });
    expect((await readAll(spool)).map(seqOf)).toEqual(range(28, 72));
    await spool.close();

    spool = await openSpool(dir, options);
    expect(spool.stats()).toMatchObject({ cursorResets: 0, records: 72 });
    await spool.close();
  });

  it('resets a well-formed cursor that points past the data', async () => {
    const dir = await filledSpool();
    let spool = await openSpool(dir, options);
    await (await spool.read(3))!.ack();
    await spool.close();
    const first = join(dir, segmentFiles(dir)[0]);
    truncateSync(first, 100);
    spool = await openSpool(dir, options);
    expect(spool.stats().cursorResets).toBe(1);
    expect(spool.stats().quarantinedSegments).toBe(1); // the first segment now ends mid-record
    await spool.close();
  });

  it('deletes segments behind the cursor that a crash left undeleted, and a stale cursor.tmp', async () => {
    const dir = await filledSpool();
    const files = segmentFiles(dir);
    const kept = readFileSync(join(dir, files[0]));
    let spool = await openSpool(dir, options);
    await (await spool.read(30))!.ack();
    await spool.close();
    writeFileSync(join(dir, files[0]), kept);
    writeFileSync(join(dir, 'cursor.tmp'), 'half');

    spool = await openSpool(dir, options);
    expect(existsSync(join(dir, files[0]))).toBe(false);
    expect(existsSync(join(dir, 'cursor.tmp'))).toBe(false);
    expect(spool.stats()).toMatchObject({ records: 70, cursorResets: 0 });
    expect((await readAll(spool)).map(seqOf)).toEqual(range(30, 70));
    await spool.close();
  });
});
