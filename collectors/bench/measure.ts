// Small measuring tools shared by the benchmark's sections: rates, percentiles, memory peaks,
// and CPU time of this process, of a child, and of the engines' JVMs (from /proc).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** V8's collector when node runs with --expose-gc (the bench script passes it). */
export const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc;

export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
export const int = (n: number): string => Math.round(n).toLocaleString('en');
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** The p-th percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/** p50 and p99 of unsorted samples, formatted with a unit. */
export function p50p99(samples: readonly number[] | Float64Array, unit: string, digits = 1): string {
  const s = Float64Array.from(samples).sort();
  return `p50 ${percentile(s, 50).toFixed(digits)} ${unit}  p99 ${percentile(s, 99).toFixed(digits)} ${unit}`;
}

/** Peak RSS and heap while something runs: sampled by the caller (sync loops) or by a timer (async work). */
export class MemoryPeak {
  rss = 0;
  heap = 0;
  private timer: NodeJS.Timeout | undefined;

  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heap) this.heap = m.heapUsed;
  }

  /** Samples every `ms` until stop(). */
  every(ms: number): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), ms);
    return this;
  }

  stop(): this {
    clearInterval(this.timer);
    this.sample();
    return this;
  }

  toString(): string {
    return `peak rss ${mb(this.rss)} heap ${mb(this.heap)}`;
  }
}

/**
 * The times a growing count first reached two fractions of its total (10% and 90% by default),
 * for the rate between them: a run's steady state, without the batching latency that fills the
 * pipeline at its start and drains it at its end.
 */
export class SteadyWindow {
  private from: number | undefined;
  private to: number | undefined;

  constructor(
    private readonly total: number,
    private readonly low = 0.1,
    private readonly high = 0.9,
  ) {}

  see(count: number, at = performance.now()): void {
    if (this.from === undefined && count >= this.total * this.low) this.from = at;
    if (this.to === undefined && count >= this.total * this.high) this.to = at;
  }

  /** Events per second between the two marks; NaN until both were seen. */
  rate(): number {
    if (this.from === undefined || this.to === undefined || this.to <= this.from) return NaN;
    return ((this.high - this.low) * this.total) / ((this.to - this.from) / 1000);
  }
}

let ticksPerSecond: number | undefined;

/** CPU seconds (user + system) a process has used, from /proc; undefined when it cannot be read. */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    return statCpuSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

// utime + stime of a /proc stat line. Fields after the command name (which may hold spaces)
// start at state: utime and stime are the 12th and 13th.
function statCpuSeconds(stat: string): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/**
 * CPU seconds of this process's threads, summed by thread name (Linux /proc; empty elsewhere):
 * the JavaScript thread is `main`; node names every other thread (worker threads, V8's GC
 * helpers, libuv's pool) `node`.
 */
export function threadCpuSeconds(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = Number(tid) === process.pid ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      out.set(name, (out.get(name) ?? 0) + statCpuSeconds(stat));
    }
  } catch {
    // Not Linux, or a thread ended while read: no split.
  }
  return out;
}

/** A window's CPU per thread name ({@link CpuWindow}'s `threads`) as µs per event, busiest first. */
export function threadSplit(threads: Map<string, number>, events: number): string {
  return [...threads]
    .filter(([, cpu]) => cpu > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, cpu]) => `${name} ${((cpu * 1e6) / events).toFixed(1)}`)
    .join(', ');
}

/** CPU seconds this process has used (all its threads: JS, libuv pool, GC). */
export const selfCpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Measures the CPU each named process uses over a window. */
export class CpuWindow {
  private readonly start = new Map<string, number>();
  private startSelf = 0;
  private startThreads = new Map<string, number>();
  private startedAt = 0;

  constructor(private readonly pids: Record<string, number | undefined>) {}

  begin(): this {
    this.startedAt = performance.now();
    this.startSelf = selfCpuSeconds();
    this.startThreads = threadCpuSeconds();
    for (const [name, pid] of Object.entries(this.pids)) {
      const cpu = pid === undefined ? undefined : procCpuSeconds(pid);
      if (cpu !== undefined) this.start.set(name, cpu);
    }
    return this;
  }

  /** CPU seconds per process (and per thread name of this one) over the window, and the window's wall time. */
  end(): { wallSeconds: number; self: number; threads: Map<string, number>; others: Record<string, number> } {
    const wallSeconds = (performance.now() - this.startedAt) / 1000;
    const threads = new Map<string, number>();
    for (const [name, cpu] of threadCpuSeconds()) threads.set(name, cpu - (this.startThreads.get(name) ?? 0));
    const others: Record<string, number> = {};
    for (const [name, before] of this.start) {
      const after = procCpuSeconds(this.pids[name]!);
      if (after !== undefined) others[name] = after - before;
    }
    return { wallSeconds, self: selfCpuSeconds() - this.startSelf, threads, others };
  }
}

/** "name 1.23 cores" for each process of a window. */
export function coresLine(window: { wallSeconds: number; self: number; others: Record<string, number> }, extra: Record<string, number> = {}): string {
  const all: Record<string, number> = { 'this process': window.self, ...extra, ...window.others };
  return Object.entries(all)
    .map(([name, cpu]) => `${name} ${(cpu / window.wallSeconds).toFixed(2)}`)
    .join(', ');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds, checking every `ms`; throws after `timeoutMs` with `what`. */
export async function until(done: () => boolean | Promise<boolean>, what: () => string, timeoutMs: number, ms = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what()}`);
    await sleep(ms);
  }
}

/**
 * Waits until the named processes together use less than `cores` over each `windowMs`, at most
 * `maxMs`: a timed run then starts with the engines at rest, not paying for the merges and
 * flushes the run before it left behind. Returns the wait and the CPU they used meanwhile.
 */
export async function untilQuiet(
  pids: Record<string, number | undefined>,
  o: { cores?: number; windowMs?: number; maxMs?: number } = {},
): Promise<{ ms: number; cpu: Record<string, number>; quiet: boolean }> {
  const { cores = 0.1, windowMs = 1000, maxMs = 60_000 } = o;
  const t0 = performance.now();
  const first = new CpuWindow(pids).begin();
  for (;;) {
    const window = new CpuWindow(pids).begin();
    await sleep(windowMs);
    const used = Object.values(window.end().others).reduce((a, b) => a + b, 0);
    const quiet = used < cores * (windowMs / 1000);
    if (quiet || performance.now() - t0 > maxMs) return { ms: performance.now() - t0, cpu: first.end().others, quiet };
  }
}
