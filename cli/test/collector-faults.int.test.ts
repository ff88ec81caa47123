// The collectors' fault test (issue 5, "nothing accepted is ever lost"): on private engine
// instances, a sender in this process ships N events through `POST /ingest/es/_bulk` of the
// bundled `halong start` while Kafka, then OpenSearch, then the collector itself are killed with
// SIGKILL mid-stream and restarted. Every `_bulk` document carries a stable `_id`, so a batch
// re-sent after a lost reply names the same events; at the end OpenSearch must hold exactly N
// distinct events: none lost, none duplicated.
//
// Knobs: HALONG_FAULT_EVENTS (N, default 3000), HALONG_FAULT_BATCH (documents per request, 50),
// HALONG_FAULT_STREAM_SECONDS (how long the stream takes without faults, 75),
// HALONG_FAULT_SETTLE_SECONDS (how long the final count must hold, 15), HALONG_FAULT_KEEP_DIR=1
// (keep the private engines' data, the spool and halong's log).
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { topicName } from '@halong/core';
import { createKafka, createLogger, loadConfig } from '@halong/core/node';
import type { EngineName, EnginesOptions } from '@halong/infra';
import { downEngines, engineStatus, freePort, testEnginesOptions, upEngines } from '@halong/infra';

const root = join(__dirname, '..', '..');
const num = (v: string | undefined, d: number): number => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
const N = Math.floor(num(process.env.HALONG_FAULT_EVENTS, 3000));
// At least eight requests, so every fault has requests before and after it.
const BATCH = Math.max(1, Math.min(Math.floor(num(process.env.HALONG_FAULT_BATCH, 50)), Math.floor(N / 8)));
const STREAM_MS = num(process.env.HALONG_FAULT_STREAM_SECONDS, 75) * 1000;
const SETTLE_MS = num(process.env.HALONG_FAULT_SETTLE_SECONDS, 15) * 1000;
const BATCHES = Math.ceil(N / BATCH);
const PACE_MS = Math.max(50, Math.floor(STREAM_MS / BATCHES));
/** Fault k (1..3) is injected once the first THRESHOLDS[k-1] events are acknowledged (batch boundaries). */
const THRESHOLDS = [1, 2, 3].map((q) => Math.min(N - 1, Math.round((N * q) / 4 / BATCH) * BATCH));
const DATASET = 'fault.test';

const t0 = Date.now();
function progress(line: string): void {
  const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[fault-test ${new Date().toISOString()} +${s}s] ${line}\n`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createNetServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * Four consecutive free ports below the ephemeral range, for the private engines: they are
 * restarted mid-test, and an outgoing connection must not take their port in between.
 */
async function engineBasePort(avoid: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = 21_000 + Math.floor(Math.random() * 8_000);
    const ports = [base, base + 1, base + 2, base + 3];
    if (ports.some((p) => avoid.includes(p))) continue;
    if ((await Promise.all(ports.map(canListen))).every(Boolean)) return base;
  }
  throw new Error('no four consecutive free ports between 21000 and 29003');
}

interface HttpResult {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Where the pid of a process is gone, or only a zombie. */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitGone(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isGone(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still alive ${timeoutMs} ms after SIGKILL`);
    await sleep(100);
  }
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** The collector's numbers on /metrics that tell what happened. */
interface Scrape {
  events: Record<string, number>;
  spool: Record<string, number>;
  sink: Record<string, number>;
  sinkRetries: Record<string, number>;
}

function parseMetrics(text: string): Scrape {
  const out: Scrape = { events: {}, spool: {}, sink: {}, sinkRetries: {} };
  const pick = (metric: string, label: string, into: Record<string, number>) => {
    const re = new RegExp(`^${metric}\\{[^}]*${label}="([^"]+)"[^}]*\\} (\\S+)$`, 'gm');
    for (const m of text.matchAll(re)) into[m[1]!] = Number(m[2]);
  };
  pick('halong_collector_events', 'outcome', out.events);
  pick('halong_collector_spool', 'what', out.spool);
  pick('halong_sink_documents_total', 'result', out.sink);
  pick('halong_sink_retries_total', 'reason', out.sinkRetries);
  return out;
}

/** One run of `halong start`: its output, its last /metrics. */
interface Incarnation {
  n: number;
  child: ChildProcess;
  out: string;
  exited: Promise<number | null>;
  metrics?: Scrape;
}

describe('collectors under faults: Kafka, OpenSearch and the collector killed mid-stream', () => {
  const id = `f${randomBytes(4).toString('hex')}`;
  const shared = testEnginesOptions();
  const work = mkdtempSync(join(tmpdir(), 'halong-faults-'));
  const pkiDir = join(work, 'pki');
  const spoolDir = join(work, 'spool');
  const halongLog = join(work, 'halong.log');
  let engines: EnginesOptions;
  let rootCa: string;
  const ports = { api: 0, gateway: 0, udp: 0, tcp: 0, tls: 0 };
  const incarnations: Incarnation[] = [];
  let current: Incarnation | undefined;
  let stopped = false;
  let passed = false;

  const osUrl = () => `http://127.0.0.1:${engines.opensearch.port}`;

  function halongEnv(): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HALONG_OPENSEARCH_URL: osUrl(),
      HALONG_KAFKA_BROKERS: `127.0.0.1:${engines.kafka.port}`,
      HALONG_TOPIC_PREFIX: id,
      HALONG_INDEX_PREFIX: id,
      HALONG_API_HOST: '127.0.0.1',
      HALONG_API_PORT: String(ports.api),
      HALONG_GATEWAY_PORT: String(ports.gateway),
      HALONG_LOG_LEVEL: 'warn',
      HALONG_PKI_DIR: pkiDir,
      HALONG_PKI_PASSPHRASE: `fault-passphrase-${id}`,
      HALONG_COLLECTOR_SPOOL_DIR: spoolDir,
      HALONG_COLLECTOR_SEND_TIMEOUT: '2s',
      HALONG_DETECTION_ENABLED: 'false',
      HALONG_OPENSEARCH_REPLICAS: '0',
      HALONG_SYSLOG_UDP_PORT: String(ports.udp),
      HALONG_SYSLOG_TCP_PORT: String(ports.tcp),
      HALONG_SYSLOG_TLS_PORT: String(ports.tls),
    };
  }

  /** Starts `halong start` and resolves once it printed "Halong is up". */
  async function startHalong(): Promise<Incarnation> {
    const n = incarnations.length + 1;
    const child = spawn(process.execPath, [join(root, 'cli', 'dist', 'halong.cjs'), 'start'], { cwd: root, env: halongEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const inc: Incarnation = { n, child, out: '', exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null)))) };
    const take = (d: Buffer) => {
      inc.out += d.toString();
      appendFileSync(halongLog, d);
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    incarnations.push(inc);
    current = inc;
    appendFileSync(halongLog, `\n===== halong start #${n} (pid ${child.pid}) at ${new Date().toISOString()} =====\n`);
    const deadline = Date.now() + 240_000;
    let exitCode: number | null | undefined;
    void inc.exited.then((c) => (exitCode = c));
    while (!inc.out.includes('Halong is up')) {
      if (exitCode !== undefined) throw new Error(`halong start #${n} exited with ${exitCode}:\n${tail(inc.out)}`);
      if (Date.now() > deadline) throw new Error(`halong start #${n} not up within 240 s:\n${tail(inc.out)}`);
      await sleep(100);
    }
    progress(`halong start #${n} is up (pid ${child.pid})`);
    return inc;
  }

  function https(method: string, path: string, body?: string, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<HttpResult> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port: ports.api, path, method, ca: rootCa, agent: false, timeout: timeoutMs, headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async function os<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${osUrl()}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  /** Keeps the running incarnation's /metrics (the collector's counters start at 0 on each start). */
  async function scrape(inc: Incarnation | undefined): Promise<void> {
    if (!inc || inc.child.exitCode !== null) return;
    try {
      const res = await https('GET', '/metrics', undefined, {}, 5_000);
      if (res.status === 200) inc.metrics = parseMetrics(res.body);
    } catch {
      // down or restarting: the last scrape stands
    }
  }

  /** Records in the events topic (sum of the partitions' end offsets): every copy Kafka holds. */
  async function eventsInKafka(): Promise<number> {
    const config = loadConfig({ env: halongEnv() as Record<string, string> });
    const admin = createKafka(config, createLogger('fault-test', 'silent')).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topicName(id, 'events'));
      return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    } finally {
      await admin.disconnect();
    }
  }

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
    const base = await engineBasePort([shared.opensearch.port, shared.opensearch.transportPort, shared.kafka.port, shared.kafka.controllerPort]);
    engines = {
      dataDir: join(work, 'engines'),
      // The shared cache: jars and the launcher are there already, nothing is downloaded again.
      cacheDir: shared.cacheDir,
      startTimeoutMs: 240_000,
      kafka: { port: base, controllerPort: base + 1, heap: '256m' },
      opensearch: { port: base + 2, transportPort: base + 3, heap: '512m' },
      log: (line) => progress(`[private engines] ${line}`),
    };
    for (const k of Object.keys(ports) as (keyof typeof ports)[]) ports[k] = await freePort();
    progress(`N=${N} events in ${BATCHES} _bulk requests of ${BATCH}, one every ${PACE_MS} ms; faults after ${THRESHOLDS.join(', ')} events`);
    progress(`private engines in ${engines.dataDir}: Kafka 127.0.0.1:${engines.kafka.port}, OpenSearch ${osUrl()}; halong API ${ports.api}, log ${halongLog}`);
    await upEngines(engines);
    await startHalong();
    rootCa = readFileSync(join(pkiDir, 'root-ca.pem'), 'utf8');
  }, 600_000);

  afterAll(async () => {
    stopped = true;
    for (const inc of incarnations) if (inc.child.exitCode === null && inc.child.signalCode === null) inc.child.kill('SIGKILL');
    await Promise.all(incarnations.map((i) => i.exited));
    if (engines) {
      if (!passed) {
        for (const s of await engineStatus(engines).catch(() => [])) {
          progress(`${s.name} log tail (${s.logFile}):\n${existsSync(s.logFile) ? tail(readFileSync(s.logFile, 'utf8'), 30) : '(none)'}`);
        }
        progress(`halong log tail (${halongLog}):\n${existsSync(halongLog) ? tail(readFileSync(halongLog, 'utf8'), 80) : '(none)'}`);
      }
      await downEngines(engines);
    }
    // HALONG_FAULT_KEEP_DIR=1 keeps the engines' data, the spool and halong's log for inspection.
    if (process.env.HALONG_FAULT_KEEP_DIR === '1') progress(`kept ${work} for inspection`);
    else rmSync(work, { recursive: true, force: true });
  }, 300_000);

  it('keeps every accepted event exactly once: N in, N distinct in OpenSearch', async () => {
    const password = /sign in as "admin" with password (\S+)/.exec(incarnations[0]!.out)?.[1];
    expect(password).toBeDefined();
    let token = '';
    const signIn = async (): Promise<void> => {
      const res = await https('POST', '/auth/v1/sign-in', JSON.stringify({ username: 'admin', password }), { 'content-type': 'application/json' });
      if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${res.body}`);
      token = (JSON.parse(res.body) as { access_token: string }).access_token;
    };
    await signIn();

    // What the sender saw.
    const seen = { acknowledged: 0, requests: 0, retries: 0, refused: 0, errors5xx: 0, busy429: 0, unauthorized: 0, unauthorizedAfterRestart: 0, other: new Map<number, number>() };
    let restartedAt = 0;
    const base = Date.now();
    const documents = (from: number, to: number): string => {
      let body = '';
      for (let k = from; k < to; k++) {
        body += `${JSON.stringify({ create: { _id: `fault-${k}` } })}\n`;
        body += `${JSON.stringify({ '@timestamp': new Date(base + k).toISOString(), message: `fault ${k}`, event: { dataset: DATASET } })}\n`;
      }
      return body;
    };

    // Gates: the sender does not pass fault k's threshold before fault k was injected, so each
    // fault has events before and after it whatever the engines' restart times are.
    const injected: (() => void)[] = [];
    const gates = THRESHOLDS.map((_, i) => new Promise<void>((resolve) => (injected[i] = resolve)));
    const reachedWaiters: { at: number; resolve: () => void }[] = [];
    const reached = (at: number): Promise<void> => (seen.acknowledged >= at ? Promise.resolve() : new Promise((resolve) => reachedWaiters.push({ at, resolve })));

    /** Sends one batch until the collector answers 200 with no item errors (the shipper's contract). */
    const sendBatch = async (from: number, to: number): Promise<void> => {
      const body = documents(from, to);
      for (let attempt = 0; ; attempt++) {
        if (stopped) throw new Error('test stopped');
        if (attempt > 0) seen.retries++;
        seen.requests++;
        let wait = 500;
        try {
          const res = await https('POST', '/ingest/es/_bulk', body, { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` });
          if (res.status === 200) {
            const answer = JSON.parse(res.body) as { errors: boolean; items: Record<string, { status: number; _id: string }>[] };
            const statuses = answer.items.map((i) => Object.values(i)[0]!.status);
            if (!answer.errors && statuses.length === to - from && statuses.every((s) => s === 201)) return;
            throw new Error(`batch ${from}..${to - 1}: 200 with errors: ${res.body.slice(0, 500)}`);
          }
          if (res.status === 401) {
            seen.unauthorized++;
            if (restartedAt) seen.unauthorizedAfterRestart++;
            progress(`401 on batch ${from}..${to - 1} (${res.body.slice(0, 200)}); signing in again`);
            await signIn().catch((err: Error) => progress(`sign-in failed: ${err.message}`));
            continue;
          }
          if (res.status === 429) {
            seen.busy429++;
            wait = 1000 * num(String(res.headers['retry-after'] ?? ''), 1);
          } else if (res.status >= 500) {
            seen.errors5xx++;
            wait = 1000;
          } else {
            seen.other.set(res.status, (seen.other.get(res.status) ?? 0) + 1);
            // A 4xx other than 401/429 is not transient: report it, and stop after a few.
            if ((seen.other.get(res.status) ?? 0) > 5) throw new Error(`batch ${from}..${to - 1}: ${res.status} ${res.body.slice(0, 500)}`);
          }
          if (attempt % 10 === 0) progress(`batch ${from}..${to - 1}: ${res.status} ${res.body.slice(0, 160)}; retrying`);
        } catch (err) {
          if ((err as Error).message.includes('200 with errors')) throw err;
          seen.refused++;
          if (attempt % 20 === 0) progress(`batch ${from}..${to - 1}: ${(err as Error).message}; retrying`);
        }
        await sleep(wait);
      }
    };

    const sender = async (): Promise<void> => {
      let next = Date.now();
      for (let from = 0; from < N; from += BATCH) {
        for (let g = 0; g < THRESHOLDS.length; g++) if (from >= THRESHOLDS[g]!) await gates[g];
        const wait = next - Date.now();
        if (wait > 0) await sleep(wait);
        next = Math.max(next, Date.now() - PACE_MS) + PACE_MS;
        const to = Math.min(N, from + BATCH);
        await sendBatch(from, to);
        seen.acknowledged = to;
        for (const w of reachedWaiters.splice(0)) {
          if (seen.acknowledged >= w.at) w.resolve();
          else reachedWaiters.push(w);
        }
        if (to % (BATCH * 10) === 0 || to === N) progress(`sender: ${to}/${N} acknowledged (${seen.requests} requests, ${seen.retries} retries)`);
      }
    };

    const metricsLoop = async (): Promise<void> => {
      while (!stopped) {
        await scrape(current);
        await sleep(2_000);
      }
    };

    const kill = async (name: EngineName): Promise<void> => {
      const status = (await engineStatus(engines)).find((s) => s.name === name)!;
      if (!status.running || !status.pid) throw new Error(`${name} is not running: ${status.detail}`);
      process.kill(status.pid, 'SIGKILL');
      await waitGone(status.pid);
      progress(`FAULT: ${name} (pid ${status.pid}) killed with SIGKILL after ${seen.acknowledged} acknowledged events`);
    };
    const restart = async (name: EngineName): Promise<void> => {
      const started = Date.now();
      const [report] = await upEngines(engines, [name]);
      progress(`${name} restarted (${report!.action}) in ${Date.now() - started} ms: ${report!.detail}`);
    };

    const pattern = `${id}-events-${DATASET}-*`;
    /** Events of the test's dataset in OpenSearch now (0 while it does not answer). */
    const count = async (): Promise<number> => {
      await os('POST', `/${pattern}/_refresh`);
      const { status, json } = await os<{ count?: number }>('POST', `/${pattern}/_count`, { query: { match_all: {} } });
      return status === 200 ? (json.count ?? 0) : 0;
    };
    /** Polls `check` up to `ms`; answers how long it took, or undefined when it never held. */
    const within = async (what: string, ms: number, check: () => Promise<boolean>): Promise<number | undefined> => {
      const started = Date.now();
      while (Date.now() - started < ms) {
        if (await check().catch(() => false)) {
          progress(`${what} after ${Date.now() - started} ms`);
          return Date.now() - started;
        }
        await sleep(1_000);
      }
      progress(`NOT ${what} within ${ms} ms`);
      return undefined;
    };
    const recovery: { spoolDrainedMs?: number; indexerResumedMs?: number } = {};

    const faults = async (): Promise<void> => {
      await reached(THRESHOLDS[0]!);
      await kill('kafka');
      injected[0]!();
      await sleep(10_000);
      await restart('kafka');
      // The same collector process replays its spool once Kafka is back (the gauges refresh every 5 s).
      const first = current!;
      const drained = await within('the collector replayed its spool into the restarted Kafka', 120_000, async () => {
        await scrape(first);
        return (first.metrics?.events['replayed'] ?? 0) > 0 && first.metrics?.spool['records'] === 0;
      });
      if (drained !== undefined) recovery.spoolDrainedMs = drained;

      await reached(THRESHOLDS[1]!);
      await kill('opensearch');
      injected[1]!();
      await sleep(10_000);
      await restart('opensearch');
      // The same indexer resumes writing once OpenSearch is back: everything acknowledged before the kill arrives.
      const resumed = await within(`the indexer wrote the ${THRESHOLDS[1]} events acknowledged before the OpenSearch kill`, 120_000, async () => (await count()) >= THRESHOLDS[1]!);
      if (resumed !== undefined) recovery.indexerResumedMs = resumed;

      await reached(THRESHOLDS[2]!);
      const old = current!;
      await scrape(old);
      old.child.kill('SIGKILL');
      await old.exited;
      progress(`FAULT: halong start #${old.n} (pid ${old.child.pid}) killed with SIGKILL after ${seen.acknowledged} acknowledged events; last metrics ${JSON.stringify(old.metrics?.events)}`);
      injected[2]!();
      await sleep(3_000);
      restartedAt = Date.now();
      await startHalong();
    };

    const metrics = metricsLoop();
    try {
      await Promise.all([sender(), faults()]);
      progress(`sender done: ${JSON.stringify({ ...seen, other: Object.fromEntries(seen.other) })}`);

      // Wait (bounded) until OpenSearch holds N events of the dataset, then that the count holds.
      const deadline = Date.now() + 180_000;
      let last = -1;
      let n = await count();
      while (n < N && Date.now() < deadline) {
        if (n !== last) progress(`OpenSearch holds ${n}/${N} events`);
        last = n;
        await sleep(2_000);
        n = await count().catch(() => n);
      }
      progress(`OpenSearch holds ${n}/${N} events; checking that the count holds for ${SETTLE_MS / 1000} s`);
      const settleUntil = Date.now() + SETTLE_MS;
      while (Date.now() < settleUntil) {
        await sleep(2_000);
        n = await count().catch(() => n);
        await scrape(current);
        if (n > N) break;
      }
      await scrape(current);

      const agg = await os<{ hits: { total: { value: number } }; aggregations: { m: { buckets: { key: string; doc_count: number }[]; sum_other_doc_count: number } } }>('POST', `/${pattern}/_search`, {
        size: 0,
        track_total_hits: true,
        aggs: { m: { terms: { field: 'message.keyword', size: N + 1000 } } },
      });
      const buckets = agg.json.aggregations.m.buckets;
      const twice = buckets.filter((b) => b.doc_count > 1).map((b) => `${b.key} ×${b.doc_count}`);
      const got = new Set(buckets.map((b) => b.key));
      const missing: number[] = [];
      for (let k = 0; k < N; k++) if (!got.has(`fault ${k}`)) missing.push(k);
      const unexpected = [...got].filter((m) => !/^fault (\d+)$/.test(m) || Number(m.slice(6)) >= N);
      const deadLetters = await os<{ count?: number }>('POST', `/${id}-deadletter/_count`, { query: { match_all: {} } }).then((r) => r.json.count ?? 0, () => 0);
      const inKafka = await eventsInKafka().catch((err: Error) => (progress(`could not read the events topic's offsets: ${err.message}`), -1));
      const log = incarnations.map((i) => i.out).join('\n');
      const occurrences = (re: RegExp) => (log.match(re) ?? []).length;

      const first = incarnations[0]!.metrics;
      const second = incarnations[incarnations.length - 1]!.metrics;
      const sum = (pick: (s: Scrape) => Record<string, number>, key: string) => incarnations.reduce((a, i) => a + (i.metrics ? (pick(i.metrics)[key] ?? 0) : 0), 0);
      progress(
        `RESULT: ${agg.json.hits.total.value} documents, ${got.size} distinct messages, ${missing.length} missing${missing.length ? ` (first ${missing.slice(0, 20).join(', ')})` : ''}, ` +
          `${twice.length} duplicated${twice.length ? ` (${twice.slice(0, 20).join(', ')})` : ''}, ${unexpected.length} unexpected, ${deadLetters} dead letters; ` +
          `the events topic holds ${inKafka} records for ${N} events (${inKafka - N} copies absorbed by create/409)`,
      );
      progress(
        `recovery without a restart: spool replayed ${recovery.spoolDrainedMs ?? 'never'} ms after Kafka was back, indexer resumed ${recovery.indexerResumedMs ?? 'never'} ms after OpenSearch was back; ` +
          `halong logged ${occurrences(/events not acknowledged by Kafka/g)} spool fallbacks, ${occurrences(/HALONG_SINK_REJECTED/g)} HALONG_SINK_REJECTED, ` +
          `${occurrences(/HALONG_SINK_RETRIES_EXHAUSTED/g)} HALONG_SINK_RETRIES_EXHAUSTED, ${occurrences(/Crash: /g)} kafkajs consumer crashes`,
      );
      for (const inc of incarnations) {
        progress(`halong start #${inc.n} last metrics: collector ${JSON.stringify(inc.metrics?.events)} spool ${JSON.stringify(inc.metrics?.spool)} sink ${JSON.stringify(inc.metrics?.sink)} sink retries ${JSON.stringify(inc.metrics?.sinkRetries)}`);
      }
      progress(
        `totals (at least, from the last scrape of each process): spooled ${sum((s) => s.events, 'spooled')}, replayed ${sum((s) => s.events, 'replayed')}, sent ${sum((s) => s.events, 'sent')}, ` +
          `send failures ${sum((s) => s.events, 'sendFailures')}, created ${sum((s) => s.sink, 'created')}, duplicates (409) ${sum((s) => s.sink, 'duplicate')}; runtime ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      );

      expect(missing).toEqual([]);
      expect(twice).toEqual([]);
      expect(unexpected).toEqual([]);
      expect(agg.json.aggregations.m.sum_other_doc_count).toBe(0);
      expect(agg.json.hits.total.value).toBe(N);
      expect(n).toBe(N);
      // The Kafka outage went through the spool, and the same process replayed it once Kafka was back.
      expect(first?.events['spooled'] ?? 0).toBeGreaterThan(0);
      expect(first?.events['replayed'] ?? 0).toBeGreaterThan(0);
      expect(recovery.spoolDrainedMs).toBeDefined();
      // After the OpenSearch outage the running indexer resumed by itself (no restart needed).
      expect(recovery.indexerResumedMs).toBeDefined();
      // Everything spooled is gone from the spool at the end.
      expect(second?.spool['records']).toBe(0);
      // The restarted process kept the CA (the sender's pinned root still verifies it) and holds the same spool.
      expect(readFileSync(join(pkiDir, 'root-ca.pem'), 'utf8')).toBe(rootCa);
      expect(readFileSync(join(spoolDir, 'lock'), 'utf8').trim()).toBe(String(incarnations[incarnations.length - 1]!.child.pid));
      // The admin's access token survived the restart: it is signed with the key kept in the PKI folder.
      expect(seen.unauthorizedAfterRestart).toBe(0);
      passed = true;
    } finally {
      stopped = true;
      for (const g of injected) g?.();
      await metrics;
    }
  }, 900_000);
});
