// AuthZEN over HTTP: the same generated policy set served by a real Halong server in a second
// process (authzen-server.ts), asked by the PEP's client (createHttpAuthorizer, keep-alive) with
// 1, 16 and 64 requests in flight, then batches of 100 on POST /access/v1/evaluations.
// Plain HTTP, then HTTPS with mutual TLS from a Halong CA (BENCH_HTTPS=0 leaves it out).
// Run alone: npx tsx --expose-gc policy-engine/bench/http-bench.ts
import { createPrivateKey } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { AuthzenEvaluationRequest } from '@halong/core';
import { createHttpAuthorizer } from '@halong/core/node';
import type { DecisionRequest } from '../src/pdp/index';
import { createPdp, parsePolicies } from '../src/pdp/index';
import { createCa, issueServerCertificate, issueWorkloadCertificate } from '../src/pki/index';
import { nodeCrypto, x509 } from '../src/pki/x509-webcrypto';
import { generatePolicyYaml, generateRequests } from '../test/pdp/generate-policies';
import type { BenchChild } from './bench-child';
import { startBenchChild } from './bench-child';
import type { BenchRow, MemorySnapshot, PartResult, Percentiles } from './bench-stats';
import { count, fixed, formatMemory, percentiles, perSecond } from './bench-stats';
import { BENCH_CLOCK_MS, BENCH_POLICIES } from './pdp-bench';

const REQUESTS = Number(process.env.BENCH_HTTP_REQUESTS ?? 10_000);
const CONCURRENCY = (process.env.BENCH_HTTP_CONCURRENCY ?? '1,16,64').split(',').map(Number);
const BATCHES = Number(process.env.BENCH_HTTP_BATCHES ?? 300);
const BATCH_SIZE = 100;
const BATCH_CONCURRENCY = 4;
const WARMUP = 2_000;

interface ClientTls {
  cert: string;
  key: string;
  ca: string;
}
interface Transport {
  name: 'HTTP' | 'HTTPS';
  server?: { cert: string; key: string; ca: string };
  client?: ClientTls;
  /** A constant answer instead of the PDP: what HTTP alone costs on this machine. */
  baseline?: boolean;
}

/** A Halong CA, a server certificate for 127.0.0.1 and a workload (service) certificate for the PEP. */
async function halongTls(): Promise<Transport> {
  const now = new Date();
  const ca = createCa({ trustDomain: 'halong.local', now });
  const server = issueServerCertificate({ ca, ipAddresses: ['127.0.0.1'], now });
  const keys = (await nodeCrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'CN=bench-pep', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } }, nodeCrypto);
  const pep = await issueWorkloadCertificate({ ca, csrPem: csr.toString('pem'), identity: { kind: 'service', site: 'hq', name: 'bench-pep' }, now });
  const pepKey = createPrivateKey({ key: Buffer.from(await nodeCrypto.subtle.exportKey('pkcs8', keys.privateKey)), format: 'der', type: 'pkcs8' });
  const pem = (k: typeof pepKey) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    name: 'HTTPS',
    server: { cert: server.chainPem, key: pem(server.privateKey), ca: ca.rootCertificatePem },
    client: { cert: pep.chainPem, key: pem(pepKey), ca: ca.rootCertificatePem },
  };
}

type Post = (path: string, body: unknown) => Promise<unknown>;

// The batch endpoint has no client in core, so it gets the same kind of keep-alive node:http(s) POST.
function keepAlivePost(base: string, tls: ClientTls | undefined): Post {
  const agent = tls ? new HttpsAgent({ keepAlive: true, maxSockets: 64, ...tls }) : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const send = tls ? httpsRequest : httpRequest;
  return (path, body) =>
    new Promise((resolve, reject) => {
      const data = JSON.stringify(body);
      const req = send(new URL(path, base), { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`${path} answered ${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(data);
    });
}

/** Runs `total` calls with `concurrency` in flight; each call's latency in µs. */
async function closedLoop(total: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<{ ms: number; lat: Float64Array }> {
  const lat = new Float64Array(total);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const s = performance.now();
      await call(i);
      lat[i] = (performance.now() - s) * 1000;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - t0, lat };
}

const line = (label: string, rate: string, p: Percentiles, unit = 'µs') =>
  console.log(`  ${label.padEnd(36)} ${rate.padStart(20)}   ${unit}: p50 ${fixed(p.p50).padStart(7)}  p99 ${fixed(p.p99).padStart(7)}  p99.9 ${fixed(p.p999).padStart(7)}  max ${fixed(p.max).padStart(7)}`);

async function runTransport(t: Transport, requests: DecisionRequest[], expected: boolean[], rows: BenchRow[]): Promise<MemorySnapshot> {
  const label = t.baseline ? `${t.name} baseline` : `AuthZEN ${t.name}`;
  const server = startBenchChild(join(__dirname, 'authzen-server.ts'));
  try {
    server.send({ start: { policies: BENCH_POLICIES, ...(t.server ? { https: t.server } : {}), ...(t.baseline ? { baseline: true } : {}) } });
    const ready = await server.next((m) => m.ready === true, 60_000, 'AuthZEN server start');
    const base = `${t.name.toLowerCase()}://127.0.0.1:${ready.port as number}`;
    const what = t.baseline ? 'constant allow, no PDP (same createServer hooks and client)' : `${ready.policies as number} policies`;
    console.log(`  ${label} server: pid ${server.pid}, ${base}, ${what}${t.client ? ', client presents a Halong service certificate (mTLS)' : ''}`);
    const pdp = createHttpAuthorizer({ url: base, ...(t.client ? { tls: t.client } : {}) });
    const ask = (i: number) => pdp.evaluate(requests[i % requests.length] as AuthzenEvaluationRequest);

    // Warm-up, and proof that the server decides as the in-process PDP does.
    let mismatches = 0;
    await closedLoop(WARMUP, 16, async (i) => {
      if ((await ask(i)).decision !== expected[i % requests.length]) mismatches++;
    });
    if (mismatches && !t.baseline) throw new Error(`${mismatches} of ${WARMUP} decisions over ${t.name} differ from the in-process PDP`);

    for (const c of CONCURRENCY) {
      const { ms, lat } = await closedLoop(REQUESTS, c, ask);
      const p = percentiles(lat);
      const rate = `${count(perSecond(REQUESTS, ms))} ${t.baseline ? 'requests' : 'decisions'}/s`;
      line(`${t.baseline ? 'baseline' : 'POST /evaluation'}, ${c} in flight`, rate, p);
      rows.push({ part: label, what: `/evaluation, ${c} in flight`, rate, unit: 'µs', p50: p.p50, p99: p.p99, p999: p.p999, ...(t.baseline ? { note: 'HTTP floor: no PDP' } : {}) });
    }
    if (t.baseline) return await serverMemory(server, label);

    const post = keepAlivePost(base, t.client);
    const batch = (i: number) => ({ evaluations: Array.from({ length: BATCH_SIZE }, (_, k) => requests[(i * BATCH_SIZE + k) % requests.length]) });
    await closedLoop(20, BATCH_CONCURRENCY, (i) => post('/access/v1/evaluations', batch(i)));
    const { ms, lat } = await closedLoop(BATCHES, BATCH_CONCURRENCY, async (i) => {
      const answer = (await post('/access/v1/evaluations', batch(i))) as { evaluations?: unknown[] };
      if (answer.evaluations?.length !== BATCH_SIZE) throw new Error(`a batch of ${BATCH_SIZE} came back with ${answer.evaluations?.length} answers`);
    });
    const p = percentiles(Array.from(lat, (us) => us / 1000));
    const rate = `${count(perSecond(BATCHES * BATCH_SIZE, ms))} decisions/s`;
    line(`POST /evaluations ×${BATCH_SIZE}, ${BATCH_CONCURRENCY} in flight`, rate, p, 'ms per batch');
    rows.push({ part: `AuthZEN ${t.name}`, what: `/evaluations ×${BATCH_SIZE}, ${BATCH_CONCURRENCY} in flight`, rate, unit: 'ms', p50: p.p50, p99: p.p99, p999: p.p999, note: 'latency per batch' });

    return await serverMemory(server, label);
  } finally {
    await server.stop();
  }
}

async function serverMemory(server: BenchChild, label: string): Promise<MemorySnapshot> {
  server.send({ memory: true });
  const m = await server.next((x) => x.memory !== undefined, 10_000, 'server memory');
  const memory = m.memory as MemorySnapshot;
  console.log(`  ${label} server process after ${count(m.decisions as number)} answers: ${formatMemory(memory)}`);
  return memory;
}

export async function runHttpBench(): Promise<PartResult> {
  const parsed = parsePolicies(generatePolicyYaml(BENCH_POLICIES), 'generated.yaml');
  const local = createPdp(parsed.policies, { version: 'bench', clock: () => BENCH_CLOCK_MS });
  const requests = generateRequests(10_000);
  const expected = requests.map((r) => local.decide(r).decision);
  console.log(
    `AuthZEN over HTTP: ${BENCH_POLICIES} policies; server (createServer + authzenRoutes) in a second process on 127.0.0.1, plain HTTP then HTTPS with mutual TLS from a Halong CA; client createHttpAuthorizer (keep-alive), ${count(REQUESTS)} requests per level after ${count(WARMUP)} warm-up; route guard allows all (this measures the PDP over HTTP, not the PEP's authentication)`,
  );
  const rows: BenchRow[] = [];
  const otherMemory: PartResult['otherMemory'] = [];
  if (process.env.BENCH_HTTP_BASELINE !== '0') {
    otherMemory.push({ label: 'HTTP baseline server process', memory: await runTransport({ name: 'HTTP', baseline: true }, requests, expected, rows) });
  }
  otherMemory.push({ label: 'AuthZEN HTTP server process', memory: await runTransport({ name: 'HTTP' }, requests, expected, rows) });
  if (process.env.BENCH_HTTPS !== '0') {
    const t0 = performance.now();
    const tls = await halongTls();
    console.log(`  Halong CA, server and PEP certificates made in ${fixed(performance.now() - t0, 0)} ms`);
    otherMemory.push({ label: 'AuthZEN HTTPS server process', memory: await runTransport(tls, requests, expected, rows) });
  }
  return { rows, otherMemory };
}

if (require.main === module) {
  runHttpBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
