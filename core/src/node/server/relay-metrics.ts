import type { Counter, Gauge, Histogram } from 'prom-client';
import type { Metrics } from './metrics';
import { createMetrics } from './metrics';

/** One metric update made in a worker thread, replayed on the process's registry. */
export interface RelayedMetric {
  kind: 'counter' | 'gauge' | 'histogram';
  name: string;
  help: string;
  labelNames: string[];
  buckets?: number[];
  op: 'inc' | 'dec' | 'set' | 'observe';
  args: unknown[];
}

const OPS: Record<RelayedMetric['kind'], readonly RelayedMetric['op'][]> = {
  counter: ['inc'],
  gauge: ['inc', 'dec', 'set'],
  histogram: ['observe'],
};

/**
 * Metrics for a worker thread: each update is applied to a thread-local registry (so the
 * metric objects are real prom-client ones) and posted to the main thread, which owns
 * `/metrics` and replays it with {@link applyRelayedMetric}. Updates are per batch, not per
 * event, so one message each is cheap.
 */
export function createRelayMetrics(post: (update: RelayedMetric) => void): Metrics {
  const local = createMetrics({ defaultMetrics: false });
  const relay = <T extends object>(metric: T, base: Omit<RelayedMetric, 'op' | 'args'>): T => {
    for (const op of OPS[base.kind]) {
      const own = (metric as unknown as Record<string, (...a: unknown[]) => unknown>)[op]!.bind(metric);
      Object.defineProperty(metric, op, {
        value: (...args: unknown[]) => {
          own(...args);
          post({ ...base, op, args });
        },
      });
    }
    return metric;
  };
  const made = new Map<string, unknown>();
  const once = <T extends object>(name: string, make: () => T): T => {
    let m = made.get(name) as T | undefined;
    if (!m) made.set(name, (m = make()));
    return m;
  };
  return {
    registry: local.registry,
    counter: (name, help, labelNames = []): Counter<string> =>
      once(name, () => relay(local.counter(name, help, labelNames), { kind: 'counter', name, help, labelNames })),
    gauge: (name, help, labelNames = []): Gauge<string> => once(name, () => relay(local.gauge(name, help, labelNames), { kind: 'gauge', name, help, labelNames })),
    histogram: (name, help, labelNames = [], buckets): Histogram<string> =>
      once(name, () =>
        relay(local.histogram(name, help, labelNames, buckets), { kind: 'histogram', name, help, labelNames, ...(buckets ? { buckets } : {}) }),
      ),
  };
}

/** Replays a worker's update on this process's metrics; anything malformed is ignored (false). */
export function applyRelayedMetric(metrics: Metrics, update: RelayedMetric): boolean {
  if (!update || typeof update.name !== 'string' || !Array.isArray(update.args) || !OPS[update.kind]?.includes(update.op)) return false;
  const labelNames = Array.isArray(update.labelNames) ? update.labelNames : [];
  try {
    const metric =
      update.kind === 'counter'
        ? metrics.counter(update.name, update.help, labelNames)
        : update.kind === 'gauge'
          ? metrics.gauge(update.name, update.help, labelNames)
          : metrics.histogram(update.name, update.help, labelNames, update.buckets);
    (metric as unknown as Record<string, (...a: unknown[]) => void>)[update.op]!(...update.args);
    return true;
  } catch {
    // A name taken by another kind, or labels that do not fit: prom-client refuses it.
    return false;
  }
}
