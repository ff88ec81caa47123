// The benchmark's inputs: real lines (the parsers' test fixtures and the security-datasets
// archives), repeated and varied to the requested count. Variation rewrites what changes from
// one real message to the next — timestamps (to "now", so events land in today's indices),
// IPv4 host parts, process ids, audit serials, device names — and keeps each line's shape.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'test');
const DATASETS = join(__dirname, '..', '..', '..', 'shared', 'datasets', 'security-datasets', 'datasets');
const ZONE_OFFSET_MS = 7 * 3_600_000; // Asia/Ho_Chi_Minh, the collector's default zone (no DST).
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One MQTT message: the IoT parser reads a topic and a payload, not a line. */
export interface MqttMessage {
  topic: string;
  payload: Buffer;
}

function zips(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? zips(path) : name.endsWith('.zip') ? [path] : [];
  });
}

// Debian's unzip, as detection's bench reads the same archives: no zip library for a few reads.
const unzip = (zip: string, member?: string): string => execFileSync('unzip', ['-p', zip, ...(member ? [member] : [])], { maxBuffer: 1 << 30 }).toString('utf8');

function fixtureLines(...path: string[]): string[] {
  return readFileSync(join(FIXTURES, ...path), 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Local (zone +07:00) calendar parts of an instant. */
function local(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number } {
  const t = new Date(ms + ZONE_OFFSET_MS);
  return { y: t.getUTCFullYear(), mo: t.getUTCMonth(), d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: t.getUTCMilliseconds() };
}

/**
 * Rewrites the timestamps a line carries to `at` (epoch ms), each in its own notation: ISO 8601,
 * BSD `Mmm dd [yyyy] hh:mm:ss`, FortiGate `date= time=`, `eventtime=`, CEF `rt=`, Open5GS
 * `MM/DD hh:mm:ss.mmm`, access-log `[dd/Mon/yyyy:hh:mm:ss ±zzzz]`, audit `msg=audit(s.ms:`.
 */
export function retime(line: string, at: number): string {
  const l = local(at);
  const hms = `${pad(l.h)}:${pad(l.mi)}:${pad(l.s)}`;
  const bsdDay = `${MONTHS[l.mo]} ${String(l.d).padStart(2, ' ')}`;
  return line
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?/g, () => new Date(at).toISOString())
    .replace(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d( \d{4})? \d\d:\d\d:\d\d/g, (_m, _mon: string, year: string | undefined) => `${bsdDay}${year ? ` ${l.y}` : ''} ${hms}`)
    .replace(/date=\d{4}-\d\d-\d\d time=\d\d:\d\d:\d\d/g, `date=${l.y}-${pad(l.mo + 1)}-${pad(l.d)} time=${hms}`)
    .replace(/eventtime=\d{19}\b/g, `eventtime=${at}000000`)
    .replace(/eventtime=\d{10}\b/g, `eventtime=${Math.floor(at / 1000)}`)
    .replace(/\brt=\d{13}\b/g, `rt=${at}`)
    .replace(/\b\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3}:/g, `${pad(l.mo + 1)}/${pad(l.d)} ${hms}.${pad(l.ms, 3)}:`)
    .replace(/\[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]/g, `[${pad(l.d)}/${MONTHS[l.mo]}/${l.y}:${hms} +0700]`)
    .replace(/msg=audit\(\d+\.\d+:/g, `msg=audit(${Math.floor(at / 1000)}.${pad(at % 1000, 3)}:`);
}

/** Varies the last octet of IPv4 addresses and the pids in `name[pid]`. */
function vary(line: string, i: number): string {
  return line.replace(/\b(\d{1,3}\.\d{1,3}\.\d{1,3}\.)\d{1,3}\b/g, (_m, net: string) => `${net}${((i * 7) % 253) + 1}`).replace(/\[(\d{2,6})\]/g, (_m, pid: string) => `[${(Number(pid) + i) % 99_991}]`);
}

/** `count` lines cycled from `templates`, each retimed to a moment in the last hour and varied. */
function expand(templates: readonly string[], count: number, now: number, each: (line: string, i: number) => string = vary): string[] {
  const out: string[] = new Array<string>(count);
  const start = now - 3_600_000;
  for (let i = 0; i < count; i++) out[i] = each(retime(templates[i % templates.length]!, start + Math.floor((i * 3_600_000) / count)), i);
  return out;
}

const SYSLOG_FILES = ['rfc5424-examples.txt', 'rfc3164-examples.txt', 'logger-util-linux.txt', 'rsyslog-templates.txt', 'cisco.txt', 'fortigate.txt'];
const syslogFixtures = (): string[] => SYSLOG_FILES.flatMap((f) => fixtureLines('parsers', 'syslog', 'fixtures', f));
const CEF_FILES = ['checkpoint.log', 'cisco-asa.log', 'fortinet.log', 'netscaler.log', 'others.log', 'paloalto.log', 'spec.log', 'trend-micro.log'];
const cefFixtures = (): string[] => CEF_FILES.flatMap((f) => fixtureLines('parsers', 'cef', 'fixtures', f));

/** RFC 5424 messages (the RFC's examples, util-linux logger, rsyslog's protocol-23 template). */
export function rfc5424Lines(count: number, now = Date.now()): string[] {
  return expand(
    syslogFixtures().filter((l) => /^<\d{1,3}>1 /.test(l)),
    count,
    now,
  );
}

/** RFC 3164 (BSD) messages, with the relayed and vendor variants (Cisco ASA/IOS, FortiGate) real senders use. */
export function rfc3164Lines(count: number, now = Date.now()): string[] {
  return expand(
    syslogFixtures().filter((l) => !/^<\d{1,3}>1 /.test(l)),
    count,
    now,
  );
}

/** CEF records, bare and behind a syslog header (Check Point, ASA, FortiGate, NetScaler, Palo Alto, Trend Micro …). */
export function cefLines(count: number, now = Date.now()): string[] {
  return expand(cefFixtures(), count, now);
}

/**
 * What a syslog relay sends: RFC 5424, RFC 3164 and CEF-in-syslog interleaved, each CEF record
 * given a `<pri>` (and a BSD header when it had none), as `parseSyslogOrCef` meets them.
 */
export function syslogStream(count: number, now = Date.now()): string[] {
  const cef = cefFixtures().map((l) => (l.startsWith('CEF') ? `<134>Nov 24 01:18:55 fw-gw-01 ${l}` : `<134>${l}`));
  const templates = interleave(syslogFixtures(), cef);
  return expand(templates, count, now);
}

function interleave<T>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

/** nginx (and Apache) combined access log lines. */
export function accessLines(count: number, now = Date.now()): string[] {
  return expand([...fixtureLines('parsers', 'access-log', 'fixtures', 'nginx.log'), ...fixtureLines('parsers', 'access-log', 'fixtures', 'apache.log')], count, now);
}

/**
 * audit.log lines (the fixtures and the security-datasets Linux archive), about `count` of them:
 * every copy of the file gets new serials and times, so each copy assembles into new events.
 */
export function auditLines(count: number, now = Date.now()): string[] {
  const linux = zips(join(DATASETS, 'atomic', 'linux')).flatMap((z) => unzip(z).split('\n'));
  const files = ['enriched.log', 'filebeat-samples.log', 'sh-binary-padding-dd.log'].flatMap((f) => fixtureLines('parsers', 'auditd', 'fixtures', f));
  const base = [...files, ...linux.filter((l) => l.trim() !== '')];
  const out: string[] = [];
  for (let copy = 0; out.length < count; copy++) {
    const at = now - 3_600_000 + copy * 250;
    for (const line of base) {
      out.push(vary(retime(line, at), copy).replace(/msg=audit\((\d+\.\d+):(\d+)\)/, (_m, t: string, serial: string) => `msg=audit(${t}:${copy * 100_000_000 + Number(serial)})`));
      if (out.length >= count) break;
    }
  }
  return out;
}

// Zeek's ASCII writer → its JSON writer (LogAscii::use_json): the same columns, typed.
function zeekTsvToJson(tsv: string, log: string): string[] {
  let fields: string[] = [];
  let types: string[] = [];
  const out: string[] = [];
  for (const line of tsv.split('\n')) {
    if (line.startsWith('#fields')) fields = line.split('\t').slice(1);
    else if (line.startsWith('#types')) types = line.split('\t').slice(1);
    if (!line || line.startsWith('#')) continue;
    const record: Record<string, unknown> = { _path: log };
    line.split('\t').forEach((v, i) => {
      const name = fields[i];
      const type = types[i] ?? 'string';
      if (!name || v === '-') return;
      const scalar = (s: string, t: string): unknown =>
        ['count', 'int', 'port', 'double', 'interval', 'time'].includes(t) ? Number(s) : t === 'bool' ? s === 'T' : s;
      const inner = /^(?:set|vector)\[(\w+)\]$/.exec(type);
      record[name] = inner ? (v === '(empty)' ? [] : v.split(',').map((s) => scalar(s, inner[1]!))) : scalar(v, type);
    });
    out.push(JSON.stringify(record));
  }
  return out;
}

/** Zeek JSON lines: the fixture's, and the compound campaign's TSV logs written as Zeek's JSON writer would. */
export function zeekJsonLines(count: number, now = Date.now()): string[] {
  const zip = zips(join(DATASETS, 'compound')).find((z) => z.includes('zeek'))!;
  const logs = ['conn', 'dns', 'http', 'files', 'kerberos', 'smb_mapping', 'ssl', 'x509', 'pe', 'weird'];
  const base = [...fixtureLines('parsers', 'zeek', 'fixtures', 'json', 'zeek.ndjson'), ...logs.flatMap((log) => zeekTsvToJson(unzip(zip, `${log}.log`), log))];
  const start = (now - 3_600_000) / 1000;
  return expand(base, count, now, (line, i) => vary(line, i).replace(/"ts":\d+\.\d+/, `"ts":${(start + i / 100).toFixed(6)}`));
}

/** Suricata EVE JSON lines (alerts, flows, DNS, HTTP, TLS, anomalies …). */
export function suricataLines(count: number, now = Date.now()): string[] {
  return expand(fixtureLines('parsers', 'suricata', 'fixtures', 'eve.jsonl'), count, now, (line, i) => vary(line, i).replace(/"flow_id":(\d+)/, (_m, id: string) => `"flow_id":${Number(id) + i}`));
}

/** Open5GS network-function log lines (5GC and EPC sessions, auth failures, container prefixes). */
export function open5gsLines(count: number, now = Date.now()): string[] {
  const files = ['5gc-session.log', 'auth-failures.log', 'deployment-prefixes.log', 'epc-attach.log', 'ansi-colour.log'];
  const base = files.flatMap((f) => fixtureLines('parsers', 'open5gs', 'fixtures', f));
  // Subscribers change from line to line: the last digits of IMSIs, SUPIs and SUCIs.
  return expand(base, count, now, (line, i) => vary(line, i).replace(/\b(\d{11})\d{4}\b/g, (_m, head: string) => `${head}${pad(i % 10_000, 4)}`));
}

/** Tasmota MQTT messages (telemetry, state, command results, LWT), for many devices. */
export function tasmotaMessages(count: number, now = Date.now()): MqttMessage[] {
  const fixtures = JSON.parse(readFileSync(join(FIXTURES, 'parsers', 'iot', 'fixtures', 'messages.json'), 'utf8')) as { topic: string; payload: string }[];
  const tasmota = fixtures.filter((m) => /^(tele|stat|cmnd)\//.test(m.topic) || /^tasmota\//.test(m.topic));
  const out: MqttMessage[] = new Array<MqttMessage>(count);
  for (let i = 0; i < count; i++) {
    const m = tasmota[i % tasmota.length]!;
    const l = local(now - 3_600_000 + i * 10);
    const time = `${l.y}-${pad(l.mo + 1)}-${pad(l.d)}T${pad(l.h)}:${pad(l.mi)}:${pad(l.s)}`;
    const device = `tasmota-${pad(i % 500, 3)}`;
    const topic = m.topic.replace(/^(tele|stat|cmnd)\/[^/]+/, `$1/${device}`).replace(/^tasmota\/[^/]+/, `tasmota/${device}`);
    const payload = m.payload.replace(/"Time":"[^"]+"/, `"Time":"${time}"`).replace(/"Temperature":[\d.]+/, `"Temperature":${(20 + (i % 100) / 10).toFixed(1)}`);
    out[i] = { topic, payload: Buffer.from(payload) };
  }
  return out;
}

/**
 * Windows events as JSON text: the security-datasets Windows archives (Security, Sysmon,
 * PowerShell … as NXLog/Winlogbeat shipped them), the nxlog/evtx/winlogbeat fixtures, repeated.
 */
export function windowsLines(count: number): string[] {
  const fixtureDir = join(FIXTURES, 'windows', 'fixtures');
  const base = [
    ...fixtureLines('windows', 'fixtures', 'nxlog-samples.jsonl'),
    ...readdirSync(fixtureDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.stringify(JSON.parse(readFileSync(join(fixtureDir, f), 'utf8')))),
  ];
  for (const zip of zips(join(DATASETS, 'atomic', 'windows'))) {
    for (const line of unzip(zip).split('\n')) {
      if (base.length >= count) break;
      if (line.trim()) base.push(line);
    }
  }
  // The same strings again when the archives hold fewer: parsing does not cache, so it costs the same.
  return Array.from({ length: count }, (_, i) => base[i % base.length]!);
}
