// Parse-only throughput per format, in this process on one core: each parser over its ~100k
// realistic inputs, then the same with the envelope every input adds (event.id hash,
// event.original bound, observer, site), and the syslog input's per-event stages one by one.
import { randomBytes } from 'node:crypto';
import type { EcsEvent } from '@halong/core';
import type { EnvelopeContext, ParseOutcome, SourceContext } from '../src/index';
import {
  AuditAssembler,
  SyslogFramer,
  createAccessLogParser,
  createPseudonymiser,
  envelope,
  normalizeWindowsEvent,
  parseCef,
  parseIotMessage,
  parseOpen5gs,
  parseSuricataEve,
  parseSyslog,
  parseSyslogOrCef,
  parseZeekJson,
  unparsedEvent,
} from '../src/index';
import { DEFAULT_PII_FIELDS } from '../src/runtime/start-collectors';
import type { MqttMessage } from './corpus';
import { accessLines, auditLines, cefLines, open5gsLines, rfc3164Lines, rfc5424Lines, suricataLines, syslogStream, tasmotaMessages, windowsLines, zeekJsonLines } from './corpus';
import { MemoryPeak, gc, int, p50p99, selfCpuSeconds } from './measure';

const ZONE = 'Asia/Ho_Chi_Minh';
const MAX_ORIGINAL = 32 << 10;

/** One format: its inputs and a parser over them that counts what it produced. */
interface Case<T> {
  name: string;
  items: readonly T[];
  /** What an item is when it is not one event (audit lines). */
  itemUnit?: string;
  /** False when the parser already makes whole events (the Windows normalizer sets event.id itself). */
  envelope: boolean;
  start(withEnvelope: boolean): Runner<T>;
}

interface Runner<T> {
  step(item: T, index: number): void;
  end(): void;
  ok: number;
  failed: number;
}

// The envelope of a syslog-like input: a relay in a known site, numbered messages.
const ctxOf = (receivedAt: number, sequence: number): EnvelopeContext => ({
  observer: { id: 'bench-relay', name: 'bench-relay', type: 'syslog' },
  site: 'bench-site',
  sourceId: 'tcp:10.20.1.5',
  receivedAt,
  sequence,
  maxOriginalBytes: MAX_ORIGINAL,
});

let sink = 0;
// Keeps results observable so no work is optimised away.
const keep = (event: EcsEvent): void => {
  sink += event.event.id.length;
};

/** A stateless text parser as a case. */
function textCase(name: string, items: readonly string[], parse: (text: string, source: SourceContext) => ParseOutcome): Case<string> {
  return {
    name,
    items,
    envelope: true,
    start(withEnvelope) {
      const receivedAt = Date.now();
      const source: SourceContext = { timeZone: ZONE, receivedAt, address: '10.20.1.5' };
      const r: Runner<string> = {
        ok: 0,
        failed: 0,
        step(text, i) {
          const outcome = parse(text, source);
          if (outcome.ok) r.ok++;
          else r.failed++;
          if (withEnvelope) keep(outcome.ok ? envelope(outcome.event, text, ctxOf(receivedAt, i)) : unparsedEvent(text, outcome.failure, ctxOf(receivedAt, i)));
        },
        end: () => undefined,
      };
      return r;
    },
  };
}

function auditCase(lines: readonly string[]): Case<string> {
  return {
    name: 'auditd (assembler)',
    items: lines,
    itemUnit: 'lines',
    envelope: true,
    start(withEnvelope) {
      const receivedAt = Date.now();
      const source: SourceContext = { timeZone: ZONE, receivedAt, topic: '/var/log/audit/audit.log' };
      const assembler = new AuditAssembler();
      let sequence = 0;
      const r: Runner<string> = {
        ok: 0,
        failed: 0,
        step(line) {
          for (const o of assembler.push(line, source)) emit(o);
        },
        end() {
          for (const o of assembler.end()) emit(o);
        },
      };
      const emit = (o: ReturnType<AuditAssembler['push']>[number]): void => {
        if (o.ok) r.ok++;
        else r.failed++;
        if (withEnvelope) keep(o.ok ? envelope(o.event, o.original, ctxOf(receivedAt, sequence++)) : unparsedEvent(o.original, o.failure, ctxOf(receivedAt, sequence++)));
      };
      return r;
    },
  };
}

function iotCase(messages: readonly MqttMessage[]): Case<MqttMessage> {
  return {
    name: 'IoT (Tasmota JSON)',
    items: messages,
    envelope: true,
    start(withEnvelope) {
      const receivedAt = Date.now();
      const r: Runner<MqttMessage> = {
        ok: 0,
        failed: 0,
        step(m, i) {
          const outcome = parseIotMessage(m.payload, { timeZone: ZONE, receivedAt, topic: m.topic });
          if (outcome.ok) r.ok++;
          else r.failed++;
          if (withEnvelope) {
            const text = m.payload.toString('utf8');
            keep(outcome.ok ? envelope(outcome.event, text, ctxOf(receivedAt, i)) : unparsedEvent(text, outcome.failure, ctxOf(receivedAt, i)));
          }
        },
        end: () => undefined,
      };
      return r;
    },
  };
}

function windowsCase(lines: readonly string[]): Case<string> {
  return {
    name: 'Windows JSON (normalizer)',
    items: lines,
    envelope: false,
    start() {
      const r: Runner<string> = {
        ok: 0,
        failed: 0,
        step(line) {
          try {
            keep(normalizeWindowsEvent(line, { timeZone: ZONE }));
            r.ok++;
          } catch {
            r.failed++;
          }
        },
        end: () => undefined,
      };
      return r;
    },
  };
}

/** Runs a case once over its items: rate, per-item latency, memory peak. */
function measure<T>(c: Case<T>, withEnvelope: boolean): { perSecond: number; line: string } {
  const runner = c.start(withEnvelope);
  const n = c.items.length;
  const latencies = new Float64Array(n);
  const memory = new MemoryPeak();
  gc?.();
  memory.sample();
  const cpu0 = selfCpuSeconds();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    runner.step(c.items[i]!, i);
    latencies[i] = Number(process.hrtime.bigint() - s) / 1000;
    if ((i & 1023) === 0) memory.sample();
  }
  runner.end();
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = selfCpuSeconds() - cpu0;
  memory.sample();
  const events = runner.ok + runner.failed;
  // Per CPU-second of this process, not per wall second: other work on the machine does not count.
  const perSecond = events / cpu;
  const unit = c.itemUnit ? `  (${int(n)} ${c.itemUnit}, ${int(n / secs)} ${c.itemUnit}/s)` : '';
  const label = `${c.name}${withEnvelope ? ' +envelope' : ''}`;
  const line =
    `${label.padEnd(44)} ${int(events).padStart(7)} events  ${int(perSecond).padStart(7)} events/s per core  ${(1e6 / perSecond).toFixed(1).padStart(5)} µs CPU/event  ` +
    `(wall ${int(events / secs)}/s)  ${p50p99(latencies, 'µs')}  ${memory}  ok ${int(runner.ok)} failed ${int(runner.failed)}${unit}`;
  return { perSecond, line };
}

function runCase<T>(c: Case<T>): void {
  // Warm-up: the JIT sees every kind of line before the clock runs.
  const warm = { ...c, items: c.items.slice(0, Math.min(c.items.length, 10_000)) };
  measure(warm, false);
  if (c.envelope) measure(warm, true);
  const parse = measure(c, false);
  console.log(parse.line);
  if (c.envelope) {
    const env = measure(c, true);
    console.log(`${env.line}  envelope +${(1e6 / env.perSecond - 1e6 / parse.perSecond).toFixed(1)} µs/event`);
  }
}

/** Parse-only and parse+envelope per format, `count` inputs each. */
export function runParseOnly(count: number): void {
  const now = Date.now();
  const formats: (() => void)[] = [
    () => runCase(textCase('syslog RFC 5424', rfc5424Lines(count, now), parseSyslog)),
    () => runCase(textCase('syslog RFC 3164 (+Cisco/FortiGate)', rfc3164Lines(count, now), parseSyslog)),
    () => runCase(textCase('CEF', cefLines(count, now), parseCef)),
    () => runCase(textCase('nginx access', accessLines(count, now), createAccessLogParser({ module: 'nginx' }))),
    () => runCase(auditCase(auditLines(count, now))),
    () => runCase(textCase('Zeek JSON', zeekJsonLines(count, now), parseZeekJson)),
    () => runCase(textCase('Suricata EVE', suricataLines(count, now), parseSuricataEve)),
    () => runCase(textCase('Open5GS', open5gsLines(count, now), parseOpen5gs)),
    () => runCase(iotCase(tasmotaMessages(count, now))),
    () => runCase(windowsCase(windowsLines(count))),
  ];
  for (const format of formats) {
    // Each format's inputs are built just before it runs and dropped after, so peaks are its own.
    format();
    gc?.();
  }
  if (sink < 0) console.log(sink);
}

/**
 * The syslog TCP input's work per event, stage by stage, on the mixed stream the pipeline
 * benchmark sends: framing, parse (syslog or CEF), envelope, pseudonymisation, and the JSON
 * the producer writes. What one event costs before Kafka's client sees it.
 */
export function runSyslogStages(count: number): void {
  const lines = syslogStream(count);
  const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''));
  const pseudonymise = createPseudonymiser({ key: randomBytes(32).toString('hex'), fields: DEFAULT_PII_FIELDS });
  const receivedAt = Date.now();
  const source: SourceContext = { timeZone: ZONE, receivedAt, address: '127.0.0.1' };
  const stage = (name: string, run: () => number): void => {
    run(); // warm-up
    gc?.();
    const cpu0 = selfCpuSeconds();
    const n = run();
    const cpu = selfCpuSeconds() - cpu0;
    console.log(`  ${name.padEnd(52)} ${(1e6 * (cpu / n)).toFixed(1).padStart(6)} µs CPU/event  (${int(n / cpu)} events/s per core)`);
  };
  console.log(`syslog input stages, in-process, ${int(lines.length)} mixed RFC 5424 / RFC 3164 / CEF-in-syslog messages (${(bytes.length / lines.length).toFixed(0)} bytes avg):`);
  stage('frame (RFC 6587, 64 KiB chunks)', () => {
    const framer = new SyslogFramer({ maxMessageBytes: 256 << 10 });
    let n = 0;
    for (let at = 0; at < bytes.length; at += 65_536) n += framer.push(bytes.subarray(at, at + 65_536)).length;
    return n + framer.end().length;
  });
  const parsed = lines.map((text) => parseSyslogOrCef(text, source));
  stage('parse (parseSyslogOrCef)', () => {
    for (const text of lines) parseSyslogOrCef(text, source);
    return lines.length;
  });
  const enveloped: EcsEvent[] = [];
  stage('envelope (event.id SHA-256, original, observer)', () => {
    enveloped.length = 0;
    parsed.forEach((o, i) => enveloped.push(o.ok ? envelope(o.event, lines[i]!, ctxOf(receivedAt, i)) : unparsedEvent(lines[i]!, o.failure, ctxOf(receivedAt, i))));
    return enveloped.length;
  });
  stage('pseudonymise (DEFAULT_PII_FIELDS)', () => {
    for (const e of enveloped) pseudonymise(e);
    return enveloped.length;
  });
  stage('JSON.stringify (the producer serialises each value)', () => {
    let n = 0;
    for (const e of enveloped) n += JSON.stringify(e).length > 0 ? 1 : 0;
    return n;
  });
  const bytesPerEvent = enveloped.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)), 0) / enveloped.length;
  console.log(`  event JSON on the wire: ${bytesPerEvent.toFixed(0)} bytes avg (the message was ${(bytes.length / lines.length).toFixed(0)})`);
}
