// For the benches' hostile-input sections: how a case's time grows from size n to 4n. Linear work
// takes ≈ 4× as long at 4n, rescanning or backtracking (quadratic) ≈ 16×.

/** A case prepared at one scale (1 for n, 4 for 4n): what `size` counts (bytes, fields …) and one run. */
export interface ScaledRun {
  size: number;
  run(): void;
}

/** The fastest run at one scale, in µs. */
export interface ScaledTiming {
  size: number;
  us: number;
}

export interface ScalingOptions {
  /** Samples per scale: at least minSamples, then more until budgetMs has gone, at most maxSamples. */
  minSamples?: number;
  maxSamples?: number;
  budgetMs?: number;
  /** Runs shorter than this are repeated within a sample, so the clock's resolution does not matter. */
  minSampleMs?: number;
  /** Untimed runs of each scale for at least this long first (compilation, lazy allocations). */
  warmUpMs?: number;
  /** Called before each sample (global.gc under --expose-gc), so garbage of one scale does not weigh on the other. */
  gc?: () => void;
  now?: () => number;
}

/**
 * The fastest run of a case at n and at 4n. Samples alternate between the two scales, so a heap
 * or a machine that drifts during the case weighs on both alike.
 */
export function timeAtTwoScales(prepare: (scale: number) => ScaledRun, options: ScalingOptions = {}): [ScaledTiming, ScaledTiming] {
  const { minSamples = 2, maxSamples = 5, budgetMs = 2_000, minSampleMs = 20, warmUpMs = 0, gc, now = () => performance.now() } = options;
  const scales = [prepare(1), prepare(4)] as const;
  const repeats = scales.map((p) => {
    const warming = now();
    let last: number;
    do {
      const started = now();
      p.run();
      last = now() - started;
    } while (now() - warming < warmUpMs);
    return Math.max(1, Math.ceil(minSampleMs / Math.max(last, 0.001)));
  });
  const best = [Infinity, Infinity];
  const deadline = now() + budgetMs;
  for (let sample = 0; sample < maxSamples && (sample < minSamples || now() < deadline); sample += 1) {
    scales.forEach((p, k) => {
      gc?.();
      const started = now();
      for (let i = 0; i < repeats[k]!; i += 1) p.run();
      best[k] = Math.min(best[k]!, (now() - started) / repeats[k]!);
    });
  }
  return [
    { size: scales[0].size, us: best[0]! * 1000 },
    { size: scales[1].size, us: best[1]! * 1000 },
  ];
}
