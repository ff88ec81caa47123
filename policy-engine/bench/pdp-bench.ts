// In-process PDP benchmark: 1,000 generated RBAC/ABAC policies, decisions/s, latency percentiles, heap.
// Run alone: npx tsx policy-engine/bench/pdp-bench.ts  (BENCH_DECISIONS, BENCH_POLICIES to change the size;
// node --expose-gc makes the heap figure exact). `npm run bench -w policy-engine` runs it with the others.
import { cpus, loadavg } from 'node:os';
import { createPdp, parsePolicies } from '../src/pdp/index';
import { generatePolicyYaml, generateRequests } from '../test/pdp/generate-policies';
import type { PartResult } from './bench-stats';
import { count, exactHeap, fixed, memoryNow, percentiles, perSecond } from './bench-stats';

export const BENCH_POLICIES = Number(process.env.BENCH_POLICIES ?? 1000);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 200_000);
/** The PDP clock of every bench: a fixed instant, so time-of-day conditions decide the same way each run. */
export const BENCH_CLOCK_MS = Date.parse('2025-03-03T03:00:00Z');
/** The issue's target for the in-process p99 with 1,000 policies. */
const TARGET_P99_US = 100;

export function runPdpBench(): PartResult {
  const yaml = generatePolicyYaml(BENCH_POLICIES);
  const heapBefore = memoryNow().heapUsedMb;
  let t = performance.now();
  const parsed = parsePolicies(yaml, 'generated.yaml');
  const parseMs = performance.now() - t;
  if (parsed.errors.length) throw new Error(`generated policies have problems: ${parsed.errors[0]!.message}`);
  t = performance.now();
  const pdp = createPdp(parsed.policies, { version: 'bench', clock: () => BENCH_CLOCK_MS });
  const compileMs = performance.now() - t;
  const requests = generateRequests(10_000);
  for (let i = 0; i < 30_000; i++) pdp.decide(requests[i % requests.length]!); // warm up JIT and index caches
  const heapAfter = memoryNow().heapUsedMb;

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
  const p = percentiles(lat);
  const rate = perSecond(DECISIONS, throughputMs);
  console.log(`PDP bench (in-process): ${pdp.size} policies, ${count(DECISIONS)} decisions, Node ${process.version}, ${cpus().length} CPU(s), load ${loadavg()[0]!.toFixed(2)}`);
  console.log(`  load: parse+validate ${fixed(parseMs)} ms, compile+index ${fixed(compileMs)} ms`);
  console.log(`  throughput: ${count(rate)} decisions/s (${fixed((allowed / DECISIONS) * 100)}% allowed)`);
  console.log(`  latency µs: p50 ${fixed(p.p50)}  p90 ${fixed(p.p90)}  p99 ${fixed(p.p99)}  p99.9 ${fixed(p.p999)}  max ${fixed(p.max)}`);
  console.log(`  target: p99 ≤ ${TARGET_P99_US} µs with 1,000 policies (OPA's RBAC example: median 36 µs, p99 134 µs): ${p.p99 <= TARGET_P99_US ? 'met' : 'NOT met'}`);
  console.log(`  outcomes: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`  heap: ${fixed(heapAfter - heapBefore)} MB for the compiled set and caches${exactHeap ? '' : ' (approximate: run with node --expose-gc)'}; rss ${fixed(process.memoryUsage().rss / 2 ** 20)} MB`);
  return {
    rows: [
      {
        part: 'PDP in-process',
        what: `${pdp.size} policies`,
        rate: `${count(rate)} decisions/s`,
        unit: 'µs',
        p50: p.p50,
        p99: p.p99,
        p999: p.p999,
        note: `target p99 ≤ ${TARGET_P99_US} µs ${p.p99 <= TARGET_P99_US ? 'met' : 'NOT met'}; compiled set ${fixed(heapAfter - heapBefore)} MB heap`,
      },
    ],
  };
}

if (require.main === module) runPdpBench();
