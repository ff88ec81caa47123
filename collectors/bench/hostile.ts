// Hostile input, one core, in this process: the inputs with which the unit tests check that the
// parsers read or refuse pathological text correctly, timed here instead (speed is measured by
// benchmarks, never asserted in tests). Each case runs at size n and 4n: linear work takes ≈ 4×
// as long at 4n, backtracking or rescanning (quadratic) ≈ 16×, so a ratio above 8 is flagged.
// n is the size of the test's input, except where noted. A fully quadratic parser would take
// hours on these 10 MB inputs: a section that does not end is that finding.
import type { SourceContext } from '../src/index';
import { SyslogFramer, createPseudonymiser, decodeSparkplugPayload, parseAccessLog, parseCef, parseOpen5gs, parseSyslog } from '../src/index';
import { parseExtension } from '../src/parsers/cef/extension';
import { PII_KINDS, compilePattern } from '../src/pii/patterns';
import type { ScaledRun, ScaledTiming } from '@halong/infra';
import { timeAtTwoScales } from '@halong/infra';
import { gc, int } from './measure';

const MB10 = 10 * 1024 * 1024;
const FLAG_RATIO = 8;
const MIN_SAMPLES = 2;
const MAX_SAMPLES = 5;
// A run over 4n at this rate or faster is a native scan bound by memory: its ratio shows 10 MB
// fitting the CPU's caches and 40 MB not, and no super-linear algorithm runs this fast.
const MEMORY_BOUND_MB_S = 1024;


interface HostileCase {
  /** `<what runs>: <its input at n>`. */
  name: string;
  prepare(scale: number): ScaledRun;
}

const SOURCE: SourceContext = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: Date.UTC(2026, 10, 24, 2, 0, 0) };
const MARCH_2024: SourceContext = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: Date.UTC(2024, 2, 27, 0, 0, 0) };

let sink = 0;
// Keeps every result observable, so no work can be optimised away.
const keep = (result: unknown): void => {
  sink += result === undefined ? 0 : 1;
};

function text(name: string, make: (scale: number) => string, parse: (input: string) => unknown): HostileCase {
  return {
    name,
    prepare(scale) {
      const input = make(scale);
      return { size: Buffer.byteLength(input), run: () => keep(parse(input)) };
    },
  };
}

const accessLog = (input: string): unknown => parseAccessLog(input, SOURCE);
const syslog = (input: string): unknown => parseSyslog(input, SOURCE);
const allKinds = compilePattern(new Set(PII_KINDS));

const CASES: readonly HostileCase[] = [
  // parsers/access-log/parse-access-log.test.ts
  text('access-log: a 10 MB request path', (s) => `10.0.0.1 - - [01/May/2024:07:00:00 +0700] "GET /${'a'.repeat(MB10 * s)} HTTP/1.1" 200 1 "-" "curl"`, accessLog),
  text('access-log: a 10 MB user agent of \\" escapes', (s) => `10.0.0.1 - - [01/May/2024:07:00:00 +0700] "GET / HTTP/1.1" 200 1 "-" "${'\\" '.repeat((MB10 * s) / 3)}"`, accessLog),
  text('access-log: 10 MB of "x, no request', (s) => `10.0.0.1 - - [01/May/2024:07:00:00 +0700] "${'"x'.repeat((MB10 * s) / 2)}`, accessLog),
  text('access-log: 10 MB of newlines, then text', (s) => `${'\n'.repeat(MB10 * s)}x`, accessLog),
  text('access-log: a 10 MB unclosed [time]', (s) => `10.0.0.1 - - [${'x'.repeat(MB10 * s)}`, accessLog),
  // parsers/syslog/parse-syslog.test.ts
  text('syslog: a bare PRI and 10 MB of content', (s) => `<13>${'a'.repeat(MB10 * s)}`, syslog),
  text('syslog: RFC 3164 header, 10 MB hostname-like token', (s) => `<13>Nov 24 01:18:55 ${'h'.repeat(MB10 * s)}`, syslog),
  text('syslog: a 10 MB structured-data value', (s) => `<13>1 - h a - - [x y="${'v'.repeat(MB10 * s)}"] m`, syslog),
  text('syslog: 10 MB of escapes, value unterminated', (s) => `<13>1 - h a - - [x y="${'\\"'.repeat((MB10 * s) / 2)}`, syslog),
  text('syslog: 10 MB of "[" for structured data', (s) => `<13>1 - h a - - ${'['.repeat(MB10 * s)}`, syslog),
  text('syslog: a 10 MB key=value body', (s) => `<13>date=2026-11-24 time=01:18:55 logid=1 ${'k=v '.repeat((MB10 * s) / 4)}`, syslog),
  text('syslog: 10 MB without a header', (s) => 'N'.repeat(MB10 * s), syslog),
  text('syslog: 10 MB of NULs', (s) => '\0'.repeat(MB10 * s), syslog),
  {
    name: 'syslog framer: a 10 MB line, 64 KB max',
    prepare(s) {
      const chunk = Buffer.alloc(MB10 * s, 0x61);
      return {
        size: chunk.length + 1,
        run() {
          const framer = new SyslogFramer({ maxMessageBytes: 64 * 1024 });
          keep([...framer.push(chunk), ...framer.push(Buffer.from('\n')), ...framer.end()]);
        },
      };
    },
  },
  // parsers/cef/parse-cef.test.ts
  text(
    'cef: a 10 MB line of pairs with blanks and =',
    (s) => `Sep 19 08:26:10 host CEF:0|Security|threatmanager|1.0|100|big|5|${'msg=a value with spaces and = signs src=10.0.0.1 '.repeat(200_000 * s)}request=${'x'.repeat(500_000 * s)}`,
    (input) => parseCef(input, SOURCE),
  ),
  // parsers/cef/extension.test.ts
  text('cef extension: 10 MB value of "a "', (s) => `msg=${'a '.repeat((MB10 * s) / 2)}`, parseExtension),
  text('cef extension: 10 MB of "k=v "', (s) => 'k=v '.repeat((MB10 * s) / 4), parseExtension),
  text('cef extension: 10 MB of blanks, then x', (s) => `msg=${' '.repeat(MB10 * s)}x`, parseExtension),
  text('cef extension: a 10 MB word', (s) => `msg=${'a'.repeat(MB10 * s)}`, parseExtension),
  text('cef extension: 10 MB value of " abc"', (s) => `msg=${' abc'.repeat((MB10 * s) / 4)}`, parseExtension),
  text('cef extension: 10 MB value of \\=', (s) => `msg=${'\\='.repeat((MB10 * s) / 2)}`, parseExtension),
  // parsers/open5gs/parse.test.ts: the test's line is 4n, since 4× it would be over the record
  // bound and refused unread.
  text('open5gs: " (a" × 5,000 (4n: the test\'s 20,000)', (s) => `03/18 20:31:22.185: [smf] INFO: ${' (a'.repeat(5_000 * s)}`, (input) => parseOpen5gs(input, MARCH_2024)),
  // parsers/iot/sparkplug-payload.test.ts: n is the test's 2,000 random payloads, 4n those and the next 6,000.
  {
    name: 'sparkplug: 2,000 random payloads',
    prepare(s) {
      let seed = 42;
      const random = (): number => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed & 0xff;
      };
      const payloads = Array.from({ length: 2_000 * s }, () => Uint8Array.from({ length: 1 + (random() % 64) }, random));
      return {
        size: payloads.reduce((n, p) => n + p.length, 0),
        run() {
          for (const p of payloads) {
            try {
              keep(decodeSparkplugPayload(p));
            } catch (error) {
              keep(error);
            }
          }
        },
      };
    },
  },
  // pii/patterns.test.ts
  text(
    'pii patterns: runs of digits and separators',
    (s) => `${'0 9 1 2 3 4 5 6 '.repeat(20_000 * s)}x ${'1'.repeat(200_000 * s)} ${'suci-0-001-01-0-0-0-'.repeat(5_000 * s)}`,
    (input) => [...input.matchAll(allKinds)].length,
  ),
  // pii/pseudonymiser.test.ts
  {
    name: 'pseudonymiser: 20,000 messages with SUPIs',
    prepare(s) {
      const pseudonymise = createPseudonymiser({ key: Buffer.from('6b9d0c1f4e2a7b3c8d5e6f708192a3b4', 'hex'), fields: ['message', 'user.id'] });
      const events = Array.from({ length: 20_000 * s }, (_, i) => ({
        message: `03/18 20:31:22.185: [smf] INFO: UE SUPI[imsi-00101${String(i).padStart(10, '0')}] DNN[internet] IPv4[10.45.${i % 250}.2] IPv6[] (../src/smf/npcf-handler.c:528)`,
        user: { id: `imsi-00101${String(i % 100).padStart(10, '0')}` },
      }));
      return {
        size: events.reduce((n, e) => n + Buffer.byteLength(e.message) + Buffer.byteLength(e.user.id), 0),
        run() {
          for (const e of events) keep(pseudonymise(e));
        },
      };
    },
  },
];

// `size` is in bytes here.
const mbPerSecond = (t: ScaledTiming): number => t.size / 2 ** 20 / (t.us / 1e6);
const size = (bytes: number): string => (bytes >= 1 << 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);

/** Times every case at n and 4n and prints µs, MB/s and the 4n/n ratio, flagging super-linear ones. */
export function runHostile(): void {
  console.log(
    `hostile input, one core: each case at n and 4n, fastest of ${MIN_SAMPLES}–${MAX_SAMPLES} runs; 4n/n ≈ 4 is linear, ≈ 16 quadratic; ` +
      `above ${FLAG_RATIO} is flagged unless 4n ran at ≥ ${MEMORY_BOUND_MB_S} MB/s`,
  );
  const flagged: string[] = [];
  for (const c of CASES) {
    gc?.();
    const [n, n4] = timeAtTwoScales((scale) => c.prepare(scale), { minSamples: MIN_SAMPLES, maxSamples: MAX_SAMPLES, ...(gc ? { gc } : {}) });
    const ratio = n4.us / n.us;
    let note = '';
    if (ratio > FLAG_RATIO && mbPerSecond(n4) >= MEMORY_BOUND_MB_S) note = '  (memory-bound scan: the caches, not the algorithm)';
    else if (ratio > FLAG_RATIO) {
      note = `  << SUPER-LINEAR: 4n/n ${ratio.toFixed(1)} > ${FLAG_RATIO}`;
      flagged.push(c.name);
    }
    const column = (t: ScaledTiming): string => `${size(t.size).padStart(8)} ${int(t.us).padStart(11)} µs ${mbPerSecond(t).toFixed(1).padStart(9)} MB/s`;
    console.log(`  ${c.name.padEnd(52)} n ${column(n)}   4n ${column(n4)}   4n/n ${ratio.toFixed(2)}${note}`);
  }
  console.log(
    flagged.length === 0
      ? `  no case flagged (${CASES.length} cases)`
      : `  SUPER-LINEAR (4n/n > ${FLAG_RATIO}) in ${flagged.length} of ${CASES.length} cases: ${flagged.join('; ')}`,
  );
  if (sink < 0) console.log(sink);
}
