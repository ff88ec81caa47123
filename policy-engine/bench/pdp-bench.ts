// In-process PDP benchmark: 1,000 generated RBAC/ABAC policies, decisions/s, latency percentiles, heap.
// Run: npx tsx policy-engine/bench/pdp-bench.ts  (BENCH_DECISIONS, BENCH_POLICIES to change the size;
// node --expose-gc makes the heap figure exact).
import { cpus, loadavg } from 'node:os';
import { createPdp, parsePolicies } from '../src/pdp/index';
import { generatePolicyYaml, generateRequests } from '../test/pdp/generate-policies';

const POLICIES = Number(process.env.BENCH_POLICIES ?? 1000);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 200_000);
const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const yaml = generatePolicyYaml(POLICIES);
const heapBefore = heapMb();
let t = performance.now();
const parsed = parsePolicies(yaml, 'generated.yaml');
const parseMs = performance.now() - t;
if (parsed.errors.length) throw new Error(`generated policies have problems: ${parsed.errors[0]!.message}`);
t = performance.now();
const clockMs = Date.parse('2025-03-03T03:00:00Z');
const pdp = createPdp(parsed.policies, { version: 'bench', clock: () => clockMs });
const compileMs = performance.now() - t;
const requests = generateRequests(10_000);
for (let i = 0; i < 30_000; i++) pdp.decide(requests[i % requests.length]!); // warm up JIT and index caches
const heapAfter = heapMb();

// Throughput: an uninstrumented loop.
t = performance.now();
let allowed = 0;
for (let i = 0; i < DECISIONS; i++) if (pdp.decide(requests[i % requests.length]!).decision) allowed++;
const throughputMs = performance.now() - t;

// Latency: every decision timed on its own.
const lat = new Float64Array(DECISIONS);
const kinds = new Map<string, number>();
for (let i = 0; i < DECISIONS; i++) {
  const q = requests[i % requests.length]!;
  const t0 = process.hrtime.bigint();
  const d = pdp.decide(q);
  lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
  const k = d.reasons[0]!.kind;
  kinds.set(k, (kinds.get(k) ?? 0) + 1);
}
lat.sort();
const f = (n: number): string => n.toFixed(1);
console.log(`PDP bench: ${pdp.size} policies, ${DECISIONS.toLocaleString('en')} decisions, Node ${process.version}, ${cpus().length} CPU(s), load ${loadavg()[0]!.toFixed(2)}`);
console.log(`  load: parse+validate ${f(parseMs)} ms, compile+index ${f(compileMs)} ms`);
console.log(`  throughput: ${Math.round((DECISIONS / throughputMs) * 1000).toLocaleString('en')} decisions/s (${f((allowed / DECISIONS) * 100)}% allowed)`);
console.log(`  latency µs: p50 ${f(percentile(lat, 50))}  p90 ${f(percentile(lat, 90))}  p99 ${f(percentile(lat, 99))}  p99.9 ${f(percentile(lat, 99.9))}  max ${f(lat[lat.length - 1]!)}`);
console.log(`  outcomes: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`  heap: ${f(heapAfter - heapBefore)} MB for the compiled set and caches${gc ? '' : ' (approximate: run with node --expose-gc)'}; rss ${f(process.memoryUsage().rss / 1024 / 1024)} MB`);
