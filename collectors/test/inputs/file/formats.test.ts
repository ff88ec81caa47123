// Formats with state across lines: auditd groups (assembled per file, held back from the
// checkpoint until shipped) and Zeek TSV headers (read again after a restart and a rotation).
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeShipper, ids, sleep, tailFixture, text, until } from './tail-harness';

const t = tailFixture();

const audit = (serial: number, n = 2) => [
  `type=SYSCALL msg=audit(1700000000.000:${serial}): arch=c000003e syscall=2 success=yes pid=${serial} comm="cat" exe="/usr/bin/cat"`,
  ...Array.from({ length: n - 1 }, (_, i) => `type=PATH msg=audit(1700000000.000:${serial}): item=${i} name="/etc/f${i}" nametype=NORMAL`),
];
const eoe = (serial: number) => `type=EOE msg=audit(1700000000.000:${serial}): `;
const sequenceOf = (e: { [k: string]: unknown }) => (e['auditd'] as { log: { sequence: number } }).log.sequence;

const zeek = readFileSync(join(__dirname, '../../parsers/zeek/fixtures/tsv/conn.log'), 'utf8').split('\n');
const zeekHeader = zeek.filter((l) => l.startsWith('#') && !l.startsWith('#close'));
const zeekRecords = zeek.filter((l) => l !== '' && !l.startsWith('#'));

describe('startFileTail with stateful formats', () => {
  it('assembles interleaved auditd records into one event per group, by EOE or when idle', async () => {
    const path = t.path('audit.log');
    const [s1, p1] = audit(1);
    const [s2, p2] = audit(2);
    writeFileSync(path, text([s1!, s2!, p1!, eoe(1), p2!, eoe(2), ...audit(3)]));
    const shipper = fakeShipper();
    await t.start([{ path, format: 'auditd' }], shipper, { assembleIdleMs: 150 });
    await until(() => shipper.shipped.length === 2, 'the two completed groups');
    expect(shipper.shipped.map(sequenceOf)).toEqual([1, 2]);
    expect(shipper.shipped[0]).toMatchObject({ event: { module: 'auditd', original: [s1, p1, eoe(1)].join('\n') }, log: { offset: 0 } });
    expect(shipper.shipped[1]!['log']).toMatchObject({ offset: s1!.length + 1 });
    await until(() => shipper.shipped.length === 3, 'the group without EOE, once idle');
    expect(sequenceOf(shipper.shipped[2]!)).toBe(3);
    expect(shipper.shipped[2]!.event.original).toBe(audit(3).join('\n'));
  });

  it('keeps the checkpoint at an open group, so a restart reassembles it whole', async () => {
    const path = t.path('audit.log');
    const group1 = [...audit(1, 3), eoe(1)];
    writeFileSync(path, text([...group1, ...audit(2, 3)]));
    const first = fakeShipper();
    const tail = await t.start([{ path, format: 'auditd' }], first, { assembleIdleMs: 60_000 });
    await until(() => first.shipped.length === 1, 'group 1');
    const group2At = Buffer.byteLength(text(group1));
    await until(() => tail.stats().files[0]!.offset === group2At, 'the checkpoint at group 2');
    await sleep(50);
    expect(tail.stats().files[0]!.offset).toBe(group2At);
    await tail.close();

    appendFileSync(path, text([eoe(2)]));
    const second = fakeShipper();
    await t.start([{ path, format: 'auditd' }], second, { assembleIdleMs: 60_000 });
    await until(() => second.shipped.length === 1, 'group 2');
    expect(sequenceOf(second.shipped[0]!)).toBe(2);
    expect(second.shipped[0]!.event.original).toBe([...audit(2, 3), eoe(2)].join('\n'));
    expect(second.shipped[0]!['log']).toMatchObject({ offset: group2At });
  });

  it('reads Zeek TSV with its header, after a restart and after a rotation', async () => {
    const path = t.path('conn.log');
    writeFileSync(path, text([...zeekHeader, ...zeekRecords.slice(0, 2)]));
    const first = fakeShipper();
    const tail = await t.start([{ path, format: 'zeek' }], first, { rotatedGraceMs: 20 });
    await until(() => first.shipped.length === 2, '2 records');
    await tail.close();

    appendFileSync(path, text(zeekRecords.slice(2, 4)));
    const second = fakeShipper();
    await t.start([{ path, format: 'zeek' }], second, { rotatedGraceMs: 20 });
    await until(() => second.shipped.length === 2, '2 records after the restart');
    renameSync(path, `${path}.1`);
    writeFileSync(path, text([...zeekHeader, zeekRecords[4]!]));
    await until(() => second.shipped.length === 3, 'the record of the new file');
    const all = [...first.shipped, ...second.shipped];
    expect(all.map((e) => e.event.dataset)).toEqual(Array(5).fill('zeek.conn'));
    expect(new Set(ids(all)).size).toBe(5);
    expect(all.map((e) => e.event.original)).toEqual(zeekRecords.slice(0, 5));
  });

  it('reads JSON lines with a default dataset, Windows JSON and access logs', async () => {
    const json = t.path('app.ndjson');
    const nginx = t.path('access.log');
    const windows = t.path('security.json');
    writeFileSync(json, text(['{"@timestamp":"2026-11-24T01:00:00Z","message":"hello"}', '{"event":{"dataset":"own.dataset"}}', 'not json']));
    writeFileSync(nginx, text(['77.179.66.156 - - [25/Oct/2016:14:49:33 +0200] "GET / HTTP/1.1" 200 612 "-" "curl/8.0"']));
    writeFileSync(windows, text([readFileSync(join(__dirname, '../../windows/fixtures/security-4688.winlogbeat.json'), 'utf8').replace(/\n\s*/g, '')]));
    const shipper = fakeShipper();
    await t.start(
      [
        { path: json, format: 'json', dataset: 'app.events' },
        { path: nginx, format: 'nginx' },
        { path: windows, format: 'windows-json' },
      ],
      shipper,
    );
    await until(() => shipper.shipped.length === 5, '5 events');
    const byPath = (p: string) => shipper.shipped.filter((e) => (e['log'] as { file: { path: string } }).file.path === p);
    expect(byPath(json).map((e) => e.event.dataset)).toEqual(['app.events', 'own.dataset', 'halong.unparsed']);
    expect(byPath(nginx)[0]).toMatchObject({ event: { dataset: 'nginx.access', module: 'nginx' } });
    expect(byPath(windows)[0]).toMatchObject({ event: { dataset: 'windows.security', code: '4688' } });
  });
});
