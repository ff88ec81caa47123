// The file tail on real temp files with a fake shipper: lines in, events out, checkpoints that
// survive restarts and crashes, bounds, and backpressure.
import { appendFileSync, cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileTailError, PARTIAL_LINE_TAG } from '../../../src/inputs/file';
import { INVALID_UTF8_TAG, MESSAGE_TRUNCATED_TAG } from '../../../src/pipeline/to-event';
import { SELF, fakeShipper, ids, lines, messages, sleep, tailFixture, text, until } from './tail-harness';

const t = tailFixture();

describe('startFileTail', () => {
  it('ships the lines already there, then those appended, named by path and offset', async () => {
    const path = t.path('app.log');
    writeFileSync(path, text(lines(1, 3)));
    const shipper = fakeShipper();
    const tail = await t.start([{ path, format: 'text', dataset: 'app.log' }], shipper);
    await until(() => shipper.shipped.length === 3, '3 events');
    appendFileSync(path, text(lines(4, 5)));
    await until(() => shipper.shipped.length === 5, '5 events');
    expect(messages(shipper.shipped)).toEqual(lines(1, 5));
    expect(new Set(ids(shipper.shipped)).size).toBe(5);
    const [first, second] = shipper.shipped;
    expect(first).toMatchObject({ event: { dataset: 'app.log', original: 'line 1' }, observer: SELF, labels: { site: 'phu-hoi' }, log: { file: { path }, offset: 0 } });
    expect(second!['log']).toMatchObject({ offset: 'line 1\n'.length });
    expect(first!.event.id).toMatch(/^[0-9a-f]{32}$/);
    await until(() => tail.stats().files[0]!.offset === statSync(path).size, 'the checkpoint at the end');
    expect(tail.stats()).toMatchObject({ lines: 5, events: 5, files: [{ path, format: 'text', reading: path }] });
  });

  it('waits for a file that does not exist yet', async () => {
    const path = t.path('later.log');
    const shipper = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], shipper);
    await sleep(50);
    expect(tail.stats().files[0]!.reading).toBeUndefined();
    writeFileSync(path, text(lines(1, 2)));
    await until(() => shipper.shipped.length === 2, '2 events');
    expect(messages(shipper.shipped)).toEqual(lines(1, 2));
    expect(t.errors).toEqual([]);
  });

  it('parses each format with its parser (syslog here) and keeps what does not parse', async () => {
    const path = t.path('messages');
    writeFileSync(path, '<34>Oct 11 22:14:15 mymachine su[230]: su root failed for lonvick on /dev/pts/8\nnot syslog at all\n');
    const shipper = fakeShipper();
    await t.start([{ path, format: 'syslog' }], shipper);
    await until(() => shipper.shipped.length === 2, '2 events');
    expect(shipper.shipped[0]).toMatchObject({ event: { module: 'syslog' }, host: { name: 'mymachine' }, process: { name: 'su', pid: 230 } });
    expect(shipper.shipped[1]).toMatchObject({ event: { dataset: 'halong.unparsed', original: 'not syslog at all' } });
  });

  it('resumes after a restart at its checkpoint: no line lost, none shipped twice', async () => {
    const path = t.path('app.log');
    writeFileSync(path, text(lines(1, 5)));
    const first = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], first);
    await until(() => first.shipped.length === 5, '5 events');
    await tail.close();
    appendFileSync(path, text(lines(6, 10)));

    const second = fakeShipper();
    await t.start([{ path, format: 'text' }], second);
    await until(() => second.shipped.length === 5, '5 more events');
    await sleep(100);
    expect(messages(second.shipped)).toEqual(lines(6, 10));
    expect(new Set([...ids(first.shipped), ...ids(second.shipped)]).size).toBe(10);

    const [name] = readdirSync(t.checkpointDir).filter((n) => n.endsWith('.json'));
    const checkpoint = JSON.parse(readFileSync(join(t.checkpointDir, name!), 'utf8'));
    expect(checkpoint).toEqual({
      version: 1,
      path,
      file: { dev: String(statSync(path).dev), ino: String(statSync(path).ino), offset: statSync(path).size, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), fingerprintBytes: expect.any(Number) },
    });
  });

  it('re-reads lines shipped but not checkpointed before a crash with the same event ids', async () => {
    const path = t.path('app.log');
    writeFileSync(path, text(lines(1, 3)));
    const run1 = fakeShipper();
    const tail1 = await t.start([{ path, format: 'text' }], run1);
    await until(() => run1.shipped.length === 3, 'run 1');
    await tail1.close();
    const before = join(t.checkpointDir, '..', 'checkpoints-after-run-1');
    cpSync(t.checkpointDir, before, { recursive: true });

    appendFileSync(path, text(lines(4, 6)));
    const run2 = fakeShipper();
    const tail2 = await t.start([{ path, format: 'text' }], run2);
    await until(() => run2.shipped.length === 3, 'run 2');
    await tail2.close();

    // The crash: run 2's events were durable, its checkpoint never reached the disk.
    rmSync(t.checkpointDir, { recursive: true });
    cpSync(before, t.checkpointDir, { recursive: true });
    const run3 = fakeShipper();
    const tail3 = await t.start([{ path, format: 'text' }], run3, { clock: () => Date.now() + 3_600_000 });
    await until(() => run3.shipped.length === 3, 'run 3');
    await tail3.close();
    expect(messages(run3.shipped)).toEqual(lines(4, 6));
    expect(ids(run3.shipped)).toEqual(ids(run2.shipped));
    // Read an hour later: the ingest time differs, the id does not.
    expect(run3.shipped[0]!.event.ingested).not.toEqual(run2.shipped[0]!.event.ingested);

    // No checkpoint at all (a crash before the first one): everything again, same ids.
    rmSync(t.checkpointDir, { recursive: true });
    const run4 = fakeShipper();
    await t.start([{ path, format: 'text' }], run4);
    await until(() => run4.shipped.length === 6, 'run 4');
    expect(ids(run4.shipped)).toEqual([...ids(run1.shipped), ...ids(run2.shipped)]);
  });

  it('lets close() finish the batch being shipped and checkpoint it', async () => {
    const path = t.path('app.log');
    writeFileSync(path, text(lines(1, 4)));
    const slow = fakeShipper({ delayMs: 150 });
    const tail = await t.start([{ path, format: 'text' }], slow);
    await until(() => slow.calls === 1, 'a ship in flight');
    await tail.close();
    expect(slow.shipped).toHaveLength(4);
    const next = fakeShipper();
    await t.start([{ path, format: 'text' }], next);
    await sleep(100);
    expect(next.shipped).toEqual([]);
  });

  it('cuts a 10 MB line at maxLineBytes, tags it, and reads on after it', async () => {
    const path = t.path('big.log');
    writeFileSync(path, `before\n${'x'.repeat(10 * 1024 * 1024)}\nafter\n`);
    const shipper = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], shipper, { maxLineBytes: 64 * 1024 });
    await until(() => shipper.shipped.length === 3, '3 events');
    const [before, big, after] = shipper.shipped;
    expect(before!.message).toBe('before');
    expect(big!.message).toBe('x'.repeat(64 * 1024));
    expect(big!.tags).toContain(MESSAGE_TRUNCATED_TAG);
    expect(big!['log']).toMatchObject({ offset: 7 });
    expect(after!.message).toBe('after');
    expect(after!.tags ?? []).not.toContain(MESSAGE_TRUNCATED_TAG);
    await until(() => tail.stats().files[0]!.offset === statSync(path).size, 'the checkpoint past the long line');
    expect(tail.stats().truncatedLines).toBe(1);
  });

  it('cuts a line at a character boundary and replaces invalid UTF-8, tagging both', async () => {
    const path = t.path('bytes.log');
    writeFileSync(path, Buffer.concat([Buffer.from('bad \xff\xfe bytes\n', 'latin1'), Buffer.from('ééééé\n')]));
    const shipper = fakeShipper();
    await t.start([{ path, format: 'text' }], shipper, { maxLineBytes: 5 });
    await until(() => shipper.shipped.length === 2, '2 events');
    const [bad, cut] = shipper.shipped;
    expect(bad!.message).toBe('bad \uFFFD');
    expect(bad!.tags).toEqual(expect.arrayContaining([INVALID_UTF8_TAG, MESSAGE_TRUNCATED_TAG]));
    expect(cut!.message).toBe('éé');
    expect(cut!.tags).toEqual([MESSAGE_TRUNCATED_TAG]);
  });

  it('waits for a last line to be completed, and emits it tagged once it stays partial', async () => {
    const path = t.path('partial.log');
    writeFileSync(path, 'one\ntw');
    const shipper = fakeShipper();
    await t.start([{ path, format: 'text' }], shipper, { partialLineMs: 300 });
    await until(() => shipper.shipped.length === 1, 'the complete line');
    await sleep(50);
    appendFileSync(path, 'o\nthr');
    await until(() => shipper.shipped.length === 2, 'the completed line');
    expect(shipper.shipped[1]).toMatchObject({ message: 'two' });
    expect(shipper.shipped[1]!.tags).toBeUndefined();
    await until(() => shipper.shipped.length === 3, 'the partial line');
    expect(shipper.shipped[2]).toMatchObject({ message: 'thr', tags: [PARTIAL_LINE_TAG] });
  });

  it('skips blank lines and counts them', async () => {
    const path = t.path('blank.log');
    writeFileSync(path, 'a\n\r\n\nb\n');
    const shipper = fakeShipper();
    const tail = await t.start([{ path, format: 'text' }], shipper);
    await until(() => shipper.shipped.length === 2, '2 events');
    await until(() => tail.stats().lines === 4, '4 lines');
    expect(tail.stats().blankLines).toBe(2);
  });

  it('waits while the shipper is busy and loses nothing to BUSY refusals', async () => {
    const path = t.path('busy.log');
    writeFileSync(path, text(lines(1, 50)));
    // Busy until the test says otherwise: no clock decides what the tail sees.
    let busy = true;
    const shipper = fakeShipper({ busy: () => busy, refusals: 3 });
    const tail = await t.start([{ path, format: 'text' }], shipper, { batchLines: 10 });
    await until(() => tail.stats().busyWaits >= 2, 'the tail to wait on the busy shipper twice');
    expect(shipper.calls).toBe(0);
    busy = false;
    await until(() => shipper.shipped.length === 50, '50 events');
    await sleep(50);
    expect(messages(shipper.shipped)).toEqual(lines(1, 50));
    expect(shipper.calls).toBe(5 + 3);
    expect(tail.stats().busyWaits).toBeGreaterThan(3);
  });

  it('reports other shipper failures and offers the batch again', async () => {
    const path = t.path('fail.log');
    writeFileSync(path, text(lines(1, 2)));
    let failures = 2;
    const shipper = fakeShipper();
    const ship = shipper.ship;
    shipper.ship = async (events) => {
      if (failures-- > 0) throw new Error('kafka and disk both gone');
      await ship(events);
    };
    await t.start([{ path, format: 'text' }], shipper);
    await until(() => shipper.shipped.length === 2, '2 events');
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toBeInstanceOf(FileTailError);
    expect(t.errors[0]).toMatchObject({ code: 'HALONG_FILE_TAIL_SHIP', path });
  });

  it('refuses a second tail on the same checkpoint directory until the first closes', async () => {
    const path = t.path('app.log');
    const tail = await t.start([{ path, format: 'text' }], fakeShipper());
    await expect(t.start([{ path, format: 'text' }], fakeShipper())).rejects.toMatchObject({ code: 'HALONG_FILE_TAIL_CHECKPOINT_LOCKED' });
    await tail.close();
    await t.start([{ path, format: 'text' }], fakeShipper());
  });

  it('refuses invalid options', async () => {
    const shipper = fakeShipper();
    await expect(t.start([{ path: t.path('a'), format: 'text' }, { path: t.path('a'), format: 'json' }], shipper)).rejects.toMatchObject({ code: 'HALONG_FILE_TAIL_INVALID_OPTIONS' });
    await expect(t.start([{ path: t.path('a'), format: 'xml' as 'json' }], shipper)).rejects.toMatchObject({ code: 'HALONG_FILE_TAIL_INVALID_OPTIONS' });
    await expect(t.start([], shipper, { maxLineBytes: 0 })).rejects.toMatchObject({ code: 'HALONG_FILE_TAIL_INVALID_OPTIONS' });
  });
});
