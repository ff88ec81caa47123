// Percentiles, memory snapshots and result rows shared by the policy-engine benches, so every
// part computes and prints its figures the same way and run-all can put them in one table.

/** Latency percentiles of one run, in the unit the samples were taken in. */
export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
}

/** The sample at percentile `p` of an ascending array (nearest rank, as the first PDP bench did). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Sorts a copy of the samples and reads the percentiles the benches report. */
export function percentiles(samples: ArrayLike<number>): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
  };
}

/** Resident set and live heap, in MiB. */
export interface MemorySnapshot {
  rssMb: number;
  heapUsedMb: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** True when `--expose-gc` was given, so heap figures are taken after a full collection. */
export const exactHeap = gc !== undefined;

/** Memory now, after a full collection when one can be forced (otherwise garbage inflates the heap). */
export function memoryNow(): MemorySnapshot {
  gc?.();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapUsedMb: m.heapUsed / 2 ** 20 };
}

export const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
export const count = (n: number): string => Math.round(n).toLocaleString('en');
export const perSecond = (n: number, ms: number): number => (n / ms) * 1000;

export function formatMemory(m: MemorySnapshot): string {
  return `rss ${fixed(m.rssMb)} MB, heap used ${fixed(m.heapUsedMb)} MB`;
}

/** One line of the final summary table. */
export interface BenchRow {
  part: string;
  what: string;
  /** e.g. "12,345 decisions/s"; empty when the row is not about throughput. */
  rate: string;
  unit: 'µs' | 'ms';
  p50?: number;
  p99?: number;
  p999?: number;
  /** A last column for what does not fit the others (p95, max, a skip reason...). */
  note?: string;
}

/** What each part hands back to run-all. */
export interface PartResult {
  rows: BenchRow[];
  /** Memory of processes other than this one that the part measured (e.g. the HTTP server's). */
  otherMemory?: { label: string; memory: MemorySnapshot }[];
}

/** Wall-clock time in ms with sub-ms digits, comparable between processes on one machine (unlike hrtime). */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
