import type { FramedMessage, SyslogFramerOptions } from '../../../src/parsers/syslog/framer';
import { SyslogFramer } from '../../../src/parsers/syslog/framer';
import { parseSyslog } from '../../../src/parsers/syslog/parse-syslog';
import { fixtureBytes, source } from './support/fixtures';

const MAX = 32;
const octet = (text: string) => Buffer.concat([Buffer.from(`${Buffer.byteLength(text)} `), Buffer.from(text)]);
const msg = (text: string, framing: FramedMessage['framing'], extra: Partial<FramedMessage> = {}): FramedMessage => ({ text, framing, truncated: false, invalidUtf8: false, ...extra });

function frame(chunks: Buffer[], options: SyslogFramerOptions = { maxMessageBytes: MAX }): FramedMessage[] {
  const framer = new SyslogFramer(options);
  return [...chunks.flatMap((chunk) => framer.push(chunk)), ...framer.end()];
}

// Both framings, interleaved, with every case the framer must get right.
const STREAM = Buffer.concat([
  octet('<13>1 - h app - - - first'),
  Buffer.from('<13>Nov 24 01:18:55 h a: second\n'),
  Buffer.from('<13>third with CRLF\r\n'),
  octet('<13>ünïcode €😀'),
  Buffer.from('\n\n'),
  octet(`<13>${'x'.repeat(40)}`),
  Buffer.from(`<13>${'y'.repeat(40)}\n`),
  octet(`<13>${'a'.repeat(27)}€€`),
  Buffer.from('12a <13>resync\n'),
  Buffer.from([0x3c, 0x31, 0x3e, 0x61, 0xff, 0x62, 0x0a]),
  Buffer.from('<13>nul-terminated\0'),
  octet('<13>last'),
]);

const EXPECTED: FramedMessage[] = [
  msg('<13>1 - h app - - - first', 'octet-counting'),
  msg('<13>Nov 24 01:18:55 h a: second', 'non-transparent'),
  msg('<13>third with CRLF', 'non-transparent'),
  msg('<13>ünïcode €😀', 'octet-counting'),
  msg(`<13>${'x'.repeat(28)}`, 'octet-counting', { truncated: true }),
  msg(`<13>${'y'.repeat(28)}`, 'non-transparent', { truncated: true }),
  // Cut inside the first "€": backed off to the character boundary, so not invalid.
  msg(`<13>${'a'.repeat(27)}`, 'octet-counting', { truncated: true }),
  msg('12a <13>resync', 'non-transparent', { framingError: 'The octet count "12" is followed by byte 0x61 instead of a space; the message was framed by LF instead.' }),
  msg('<1>a\ufffdb', 'non-transparent', { invalidUtf8: true }),
  msg('<13>nul-terminated', 'non-transparent'),
  msg('<13>last', 'octet-counting'),
];

describe('SyslogFramer (RFC 6587)', () => {
  it('frames a stream mixing octet counting and LF framing', () => {
    expect(frame([STREAM])).toEqual(EXPECTED);
  });

  it('gives the same messages wherever one chunk boundary falls', () => {
    for (let split = 0; split <= STREAM.length; split++) {
      expect({ split, messages: frame([STREAM.subarray(0, split), STREAM.subarray(split)]) }).toEqual({ split, messages: EXPECTED });
    }
  });

  it('gives the same messages when fed one byte at a time', () => {
    const bytes = [...STREAM].map((b) => Buffer.from([b]));
    expect(frame(bytes)).toEqual(EXPECTED);
  });

  it('frames LF and NUL trailers mixed in one chunk, and a refilled chunk buffer is read afresh', () => {
    const framer = new SyslogFramer({ maxMessageBytes: MAX });
    const chunk = Buffer.from('<13>a\0<13>b\n<13>c\n<13>d\0\0<13>e\n');
    expect(framer.push(chunk).map((m) => m.text)).toEqual(['<13>a', '<13>b', '<13>c', '<13>d', '<13>e']);
    // The same Buffer object, refilled by its owner: where its NULs were before must not matter.
    chunk.fill(0x78, 0, chunk.length - 1);
    chunk.write('<13>f\0', 0);
    expect(framer.push(chunk).map((m) => m.text)).toEqual(['<13>f', 'x'.repeat(chunk.length - 7)]);
  });

  it("frames util-linux logger's TCP output in both framings, and the parser reads it", () => {
    const counted = frame([fixtureBytes('logger-octet-count.bin')], { maxMessageBytes: 2048 });
    expect(counted.map((m) => [m.framing, m.truncated, m.invalidUtf8])).toEqual([
      ['octet-counting', false, false],
      ['octet-counting', false, false],
    ]);
    expect(counted[1]!.text).toMatch(/ second line with ünïcode$/);
    const lines = frame([fixtureBytes('logger-lf.bin')], { maxMessageBytes: 2048 });
    expect(lines.map((m) => m.text)).toEqual(['<13>Nov 24 01:19:00 vm app[17469]: first line', '<13>Nov 24 01:19:00 vm app[17469]: second line']);
    for (const m of [...counted, ...lines]) expect(parseSyslog(m.text, source('UTC'))).toMatchObject({ ok: true, event: { process: { name: 'app' } } });
  });

  it('resyncs to LF framing on a corrupt octet count and says why', () => {
    const opts = { maxMessageBytes: MAX, maxOctetCount: 512 };
    expect(frame([Buffer.from('012 <13>x\n')], opts)).toEqual([msg('012 <13>x', 'non-transparent', { framingError: 'The octet count "012" starts with 0; the message was framed by LF instead.' })]);
    expect(frame([Buffer.from('0 <13>x\n')], opts)[0]!.framingError).toMatch(/starts with 0/);
    expect(frame([Buffer.from('513 <13>x\n<13>next\n')], opts)).toEqual([
      msg('513 <13>x', 'non-transparent', { framingError: 'The octet count 513 is above the 512-byte limit; the message was framed by LF instead.' }),
      msg('<13>next', 'non-transparent'),
    ]);
    expect(frame([Buffer.from('1234 <13>x\n')], opts)[0]!.framingError).toBe('The octet count starting "123" has more digits than the 512-byte limit allows; the message was framed by LF instead.');
    // A long corrupt line is cut like any other.
    expect(frame([Buffer.from(`99x ${'z'.repeat(100)}\n<13>ok\n`)], opts)).toEqual([
      msg(`99x ${'z'.repeat(28)}`, 'non-transparent', { truncated: true, framingError: expect.stringMatching(/followed by byte 0x78/) }),
      msg('<13>ok', 'non-transparent'),
    ]);
  });

  it('skips the rest of an oversized octet-counted message exactly, even one far above the bound', () => {
    const big = `<13>${'q'.repeat(496)}`;
    expect(frame([octet(big), octet('<13>after')], { maxMessageBytes: MAX, maxOctetCount: 512 })).toEqual([
      msg(big.slice(0, MAX), 'octet-counting', { truncated: true }),
      msg('<13>after', 'octet-counting'),
    ]);
  });

  it('emits an oversized message as soon as it passes the bound, before the rest arrives', () => {
    const framer = new SyslogFramer({ maxMessageBytes: MAX });
    expect(framer.push(Buffer.from(`<13>${'y'.repeat(40)}`))).toEqual([msg(`<13>${'y'.repeat(28)}`, 'non-transparent', { truncated: true })]);
    expect(framer.push(Buffer.from('more of the same line\n<13>next\n'))).toEqual([msg('<13>next', 'non-transparent')]);
  });

  it('never holds more than maxMessageBytes, however long a line without LF grows', () => {
    const framer = new SyslogFramer({ maxMessageBytes: 1024 });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const out: FramedMessage[] = [];
    for (let sent = 0; sent < 10 * 1024 * 1024; sent += chunk.length) {
      out.push(...framer.push(chunk));
      // The buffered size is private; read it here only to prove the bound.
      expect((framer as unknown as { size: number }).size).toBeLessThanOrEqual(1024);
    }
    expect(out).toEqual([msg('a'.repeat(1024), 'non-transparent', { truncated: true })]);
    expect(framer.push(Buffer.from('\n<13>next\n'))).toEqual([msg('<13>next', 'non-transparent')]);
  });

  it('returns what is unfinished at the end of the stream, flagged, and can be reused', () => {
    const framer = new SyslogFramer({ maxMessageBytes: MAX });
    framer.push(Buffer.from('20 <13>partial'));
    expect(framer.end()).toEqual([msg('<13>partial', 'octet-counting', { truncated: true, framingError: 'The stream ended 9 bytes before the end of a 20-byte message.' })]);
    framer.push(Buffer.from('<13>no trailer'));
    expect(framer.end()).toEqual([msg('<13>no trailer', 'non-transparent')]);
    framer.push(Buffer.from('12'));
    expect(framer.end()).toEqual([msg('12', 'non-transparent', { framingError: 'The stream ended inside the octet count "12".' })]);
    expect(framer.end()).toEqual([]);
    expect(framer.push(octet('<13>again'))).toEqual([msg('<13>again', 'octet-counting')]);
  });

  it('frames messages that start with neither a digit nor "<" by LF', () => {
    expect(frame([Buffer.from('Nov 24 01:18:55 vm sshd[1]: x\n')])).toEqual([msg('Nov 24 01:18:55 vm sshd[1]: x', 'non-transparent')]);
  });

  it('rejects bounds that are not positive integers', () => {
    expect(() => new SyslogFramer({ maxMessageBytes: 0 })).toThrow(RangeError);
    expect(() => new SyslogFramer({ maxMessageBytes: 1.5 })).toThrow(RangeError);
    expect(() => new SyslogFramer({ maxMessageBytes: 100, maxOctetCount: 99 })).toThrow(/maxOctetCount/);
  });
});
