// Rotation while lines are written: rename (logrotate's default, the writer reopening a little
// later), copytruncate, and rotation while the tail is down.
import { appendFileSync, closeSync, copyFileSync, openSync, readFileSync, readdirSync, renameSync, truncateSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fakeShipper, ids, lines, messages, sleep, tailFixture, text, until } from './tail-harness';

const t = tailFixture();

describe('startFileTail and rotation', () => {
  it('loses nothing when the file is renamed and recreated while lines are appended', async () => {
    const path = t.path('app.log');
    const shipper = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], shipper, { rotatedGraceMs: 200 });
    const total = 600;
    let fd = openSync(path, 'a');
    for (let i = 1; i <= total; i += 1) {
      writeSync(fd, `line ${i}\n`);
      if (i % 10 === 0) await sleep(5);
      // logrotate renames; the writer goes on writing to the old file until it reopens.
      if (i === 200 || i === 400) renameSync(path, `${path}.${i}`);
      if (i === 230 || i === 430) {
        closeSync(fd);
        fd = openSync(path, 'a');
      }
    }
    closeSync(fd);
    await until(() => shipper.shipped.length >= total, `${total} events`).catch((e) => {
      console.log(shipper.shipped.length, JSON.stringify(tail.stats()), messages(shipper.shipped).slice(-5));
      throw e;
    });
    await sleep(250);
    expect(shipper.shipped).toHaveLength(total);
    expect(new Set(messages(shipper.shipped))).toEqual(new Set(lines(1, total)));
    expect(new Set(ids(shipper.shipped)).size).toBe(total);
    // Each file in order, the old one finished before the new one is read.
    expect(messages(shipper.shipped)).toEqual(lines(1, total));
    expect(tail.stats().rotations).toBe(2);
  });

  it('reads a copytruncated file again from its start', async () => {
    const path = t.path('app.log');
    writeFileSync(path, text(lines(1, 5)));
    const shipper = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], shipper);
    await until(() => shipper.shipped.length === 5, '5 events');
    copyFileSync(path, `${path}.1`);
    truncateSync(path, 0);
    appendFileSync(path, text(lines(6, 7)));
    await until(() => shipper.shipped.length === 7, '7 events');
    expect(messages(shipper.shipped)).toEqual(lines(1, 7));
    expect(tail.stats().truncations).toBe(1);
    expect(shipper.shipped[5]!['log']).toMatchObject({ offset: 0 });
  });

  it('notices a copytruncate even when the file grew past the old offset before the next look', async () => {
    const path = t.path('app.log');
    writeFileSync(path, 'same line\n');
    const shipper = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], shipper, { pollMs: 150 });
    await until(() => shipper.shipped.length === 1, 'the first event');
    // In one go, between two polls: truncated, and rewritten longer than before.
    truncateSync(path, 0);
    writeFileSync(path, text(['other first line', 'same line']));
    await until(() => shipper.shipped.length === 3, '3 events');
    expect(messages(shipper.shipped)).toEqual(['same line', 'other first line', 'same line']);
    expect(tail.stats().truncations).toBe(1);
    // The same text in another file's content is another event.
    expect(new Set(ids(shipper.shipped)).size).toBe(3);
  });

  it('a file rewritten with the same first line at the same offset is told apart by its inode', async () => {
    const path = t.path('app.log');
    writeFileSync(path, 'banner\n');
    const shipper = fakeShipper();
    await t.start([{ path, format: 'text' }], shipper, { rotatedGraceMs: 20 });
    await until(() => shipper.shipped.length === 1, 'the first banner');
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'banner\n');
    await until(() => shipper.shipped.length === 2, 'the second banner');
    expect(new Set(ids(shipper.shipped)).size).toBe(2);
  });

  it('finishes a file rotated while the tail was down before reading the new one', async () => {
    const path = t.path('app.log');
    writeFileSync(path, text(lines(1, 3)));
    const first = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], first);
    await until(() => first.shipped.length === 3, '3 events');
    await tail.close();
    appendFileSync(path, text(lines(4, 5)));
    renameSync(path, `${path}.1`);
    writeFileSync(path, text(lines(6, 7)));

    const second = fakeShipper();
    const again = await t.start([{ path, format: 'text' }], second, { rotatedGraceMs: 20 });
    await until(() => second.shipped.length === 4, '4 events');
    await sleep(50);
    expect(messages(second.shipped)).toEqual(lines(4, 7));
    expect(again.stats().rotations).toBe(1);
    expect(t.errors).toEqual([]);
  });

  it('keeps a file rotated in while the shipper was busy, even when it is rotated away while the tail is down', async () => {
    const path = t.path('app.log');
    writeFileSync(path, text(lines(1, 2, 'a')));
    const stuck = fakeShipper({ busy: () => true });
    const tail = await t.start([{ path, format: 'text' }], stuck);
    await until(() => tail.stats().busyWaits > 0, 'a batch waiting for the shipper');
    renameSync(path, `${path}.1`);
    writeFileSync(path, text(lines(1, 2, 'b')));
    // The new file is named in the checkpoint as soon as it is seen.
    const checkpointFile = () => readdirSync(t.checkpointDir).find((n) => n.endsWith('.json'))!;
    await until(() => JSON.parse(readFileSync(join(t.checkpointDir, checkpointFile()), 'utf8')).next?.length === 1, 'b queued');
    await tail.close();
    expect(stuck.shipped).toEqual([]);
    renameSync(`${path}.1`, `${path}.2`);
    renameSync(path, `${path}.1`);
    writeFileSync(path, text(lines(1, 2, 'c')));

    const shipper = fakeShipper();
    await t.start([{ path, format: 'text' }], shipper, { rotatedGraceMs: 20 });
    await until(() => shipper.shipped.length === 6, '6 events');
    expect(messages(shipper.shipped)).toEqual([...lines(1, 2, 'a'), ...lines(1, 2, 'b'), ...lines(1, 2, 'c')]);
    expect(t.errors).toEqual([]);
  });

  it('reports the rest of a file lost when it was rotated away while the tail was down', async () => {
    const path = t.path('app.log');
    writeFileSync(path, text(lines(1, 2)));
    const first = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], first);
    await until(() => first.shipped.length === 2, '2 events');
    await tail.close();
    // Replaced (a new inode renamed over it): the old file is gone.
    writeFileSync(`${path}.new`, text(lines(3, 4)));
    renameSync(`${path}.new`, path);
    const second = fakeShipper();
    const again = await t.start([{ path, format: 'text' }], second);
    await until(() => second.shipped.length === 2, '2 events');
    expect(messages(second.shipped)).toEqual(lines(3, 4));
    expect(again.stats().missingRotated).toBe(1);
    expect(t.errors).toEqual([expect.objectContaining({ code: 'HALONG_FILE_TAIL_ROTATED_MISSING', path })]);
  });

  it('waits for a removed file to come back', async () => {
    const path = t.path('app.log');
    writeFileSync(path, 'one\n');
    const shipper = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], shipper, { rotatedGraceMs: 20 });
    await until(() => shipper.shipped.length === 1, 'one');
    unlinkSync(path);
    await until(() => tail.stats().files[0]!.reading === undefined, 'the file finished');
    writeFileSync(path, 'two\n');
    await until(() => shipper.shipped.length === 2, 'two');
    expect(messages(shipper.shipped)).toEqual(['one', 'two']);
  });
});
