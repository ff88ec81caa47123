import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssembledOutcome } from '../../../src/parsers/auditd';
import { AuditAssembler } from '../../../src/parsers/auditd';
import type { SourceContext } from '../../../src/parse/types';

const T = Date.parse('2026-11-24T01:00:00.000Z');
const at = (receivedAt: number): SourceContext => ({ timeZone: 'Asia/Ho_Chi_Minh', receivedAt, topic: '/var/log/audit/audit.log' });
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8').split('\n').filter(Boolean);

// A minimal event of `n` records: SYSCALL, PATH … and no EOE.
const lines = (serial: number, n = 2) => [
  `type=SYSCALL msg=audit(1700000000.000:${serial}): arch=c000003e syscall=2 success=yes pid=${serial} comm="cat" exe="/usr/bin/cat"`,
  ...Array.from({ length: n - 1 }, (_, i) => `type=PATH msg=audit(1700000000.000:${serial}): item=${i} name="/etc/f${i}" nametype=NORMAL`),
];
const eoe = (serial: number) => `type=EOE msg=audit(1700000000.000:${serial}): `;
const sequences = (outcomes: AssembledOutcome[]) => outcomes.map((o) => (o.ok ? (o.event['auditd'] as { log: { sequence: number } }).log.sequence : o.failure.code));

describe('AuditAssembler', () => {
  it('makes one event of the dataset group and returns its lines for event.original', () => {
    const assembler = new AuditAssembler();
    const input = fixture('sh-binary-padding-dd.log');
    const out = input.flatMap((line) => assembler.push(line, at(T)));
    expect(out).toEqual([]);
    const [only, ...rest] = assembler.end();
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ ok: true, original: input.join('\n'), source: at(T) });
    expect(assembler.openGroups).toBe(0);
  });

  it('emits a group on its EOE', () => {
    const assembler = new AuditAssembler();
    expect(lines(1).flatMap((l) => assembler.push(l, at(T)))).toEqual([]);
    const out = assembler.push(eoe(1), at(T));
    expect(sequences(out)).toEqual([1]);
    expect(out[0]!.original.split('\n')).toEqual([...lines(1), eoe(1)]);
    expect(assembler.counters.completed).toBe(1);
  });

  it('keeps interleaved groups apart and completes one once enough newer groups have started', () => {
    const assembler = new AuditAssembler({ maxInterleavedGroups: 1 });
    const [a1, a2] = lines(1);
    const [b1, b2] = lines(2);
    const [c1] = lines(3);
    const [d1] = lines(4);
    expect([a1!, b1!, a2!, b2!].flatMap((l) => assembler.push(l, at(T)))).toEqual([]);
    // Groups 1 and 2 last grew when group 2 was the newest: one newer group is allowed, two are not.
    expect(sequences(assembler.push(c1!, at(T)))).toEqual([]);
    expect(sequences(assembler.push(d1!, at(T)))).toEqual([1, 2]);
    expect(sequences(assembler.end())).toEqual([3, 4]);
    expect(assembler.counters).toMatchObject({ interleaved: 2, ended: 2 });
  });

  it('emits on flush the groups whose last line is older than the timeout', () => {
    const assembler = new AuditAssembler({ timeoutMs: 2000 });
    assembler.push(lines(1)[0]!, at(T));
    assembler.push(lines(2)[0]!, at(T + 1500));
    expect(assembler.flush(T + 1999)).toEqual([]);
    expect(sequences(assembler.flush(T + 2000))).toEqual([1]);
    expect(sequences(assembler.flush(T + 3500))).toEqual([2]);
    expect(assembler.counters.timedOut).toBe(2);
  });

  it('a line keeps its group alive for flush', () => {
    const assembler = new AuditAssembler({ timeoutMs: 2000 });
    const [first, second] = lines(1);
    assembler.push(first!, at(T));
    assembler.push(second!, at(T + 1900));
    expect(assembler.flush(T + 2500)).toEqual([]);
    expect(sequences(assembler.flush(T + 3900))).toEqual([1]);
  });

  it('bounds the open groups: past the bound the oldest is emitted as it stands', () => {
    const assembler = new AuditAssembler({ maxOpenGroups: 2, maxInterleavedGroups: 100 });
    const out = [1, 2, 3, 4].flatMap((s) => assembler.push(lines(s)[0]!, at(T)));
    expect(sequences(out)).toEqual([1, 2]);
    expect(assembler.openGroups).toBe(2);
    expect(assembler.counters.evicted).toBe(2);
  });

  it('bounds the lines of a group: a full group is emitted and the rest starts a new one', () => {
    const assembler = new AuditAssembler({ maxLinesPerGroup: 3 });
    const out = lines(7, 5).flatMap((l) => assembler.push(l, at(T)));
    expect(out).toHaveLength(1);
    expect(out[0]!.original.split('\n')).toHaveLength(3);
    const rest = assembler.end();
    expect(rest[0]!.original.split('\n')).toHaveLength(2);
    expect(assembler.counters.split).toBe(1);
  });

  it('refuses a line that is not an audit record, with the line as original', () => {
    const assembler = new AuditAssembler();
    const out = assembler.push('Nov 24 08:00:00 web-01 sshd[22]: Accepted publickey for root', at(T));
    expect(out).toEqual([{ ok: false, failure: { code: 'HALONG_PARSE_AUDITD', message: expect.stringMatching(/not a Linux audit record/) }, original: 'Nov 24 08:00:00 web-01 sshd[22]: Accepted publickey for root', source: at(T) }]);
    expect(assembler.counters.failed).toBe(1);
  });

  it('refuses lines over the bound and skips blank ones', () => {
    const assembler = new AuditAssembler({ maxLineChars: 100 });
    expect(assembler.push(`type=CWD msg=audit(1.000:1): cwd="${'x'.repeat(100)}"`, at(T))[0]).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_TOO_LARGE' } });
    expect(assembler.push('  \r\n', at(T))).toEqual([]);
  });

  it('drops an EOE whose group was already emitted, counting it', () => {
    const assembler = new AuditAssembler({ timeoutMs: 10 });
    assembler.push(lines(5)[0]!, at(T));
    expect(assembler.flush(T + 10)).toHaveLength(1);
    expect(assembler.push(eoe(5), at(T + 20))).toEqual([]);
    expect(assembler.counters.orphanEnds).toBe(1);
  });

  it('the source of an event is the one of its first line', () => {
    const assembler = new AuditAssembler();
    const [first, second] = lines(9);
    assembler.push(first!, at(T));
    assembler.push(second!, at(T + 5));
    expect(assembler.push(eoe(9), at(T + 6))[0]!.source.receivedAt).toBe(T);
  });
});
