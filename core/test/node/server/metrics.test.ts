import { createMetrics } from '@halong/core/node';

describe('createMetrics', () => {
  it('returns the same metric when asked twice for one name', () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const a = metrics.counter('halong_test_total', 'help', ['x']);
    const b = metrics.counter('halong_test_total', 'other help', ['x']);
    expect(b).toBe(a);
    expect(metrics.gauge('halong_g', 'g')).toBe(metrics.gauge('halong_g', 'g'));
    expect(metrics.histogram('halong_h', 'h')).toBe(metrics.histogram('halong_h', 'h'));
  });

  it('keeps each registry apart', async () => {
    const one = createMetrics({ defaultMetrics: false });
    const two = createMetrics({ defaultMetrics: false });
    one.counter('halong_shared_total', 'h').inc(3);
    two.counter('halong_shared_total', 'h').inc(1);
    expect((await one.registry.getSingleMetric('halong_shared_total')!.get()).values[0]!.value).toBe(3);
    expect((await two.registry.getSingleMetric('halong_shared_total')!.get()).values[0]!.value).toBe(1);
  });

  it('registers nothing but what is asked for when default metrics are off', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    expect(metrics.registry.getMetricsAsArray()).toHaveLength(0);
    metrics.gauge('halong_lag', 'lag', ['partition']).set({ partition: '0' }, 7);
    expect(await metrics.registry.metrics()).toContain('halong_lag{partition="0"} 7');
  });

  it('collects process metrics with the halong_ prefix by default', async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toContain('halong_process_cpu_user_seconds_total');
    expect(text).toContain('halong_nodejs_heap_size_used_bytes');
  });

  it('uses the buckets given to a histogram', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.histogram('halong_size', 'size', [], [1, 10]).observe(5);
    const text = await metrics.registry.metrics();
    expect(text).toContain('halong_size_bucket{le="1"} 0');
    expect(text).toContain('halong_size_bucket{le="10"} 1');
    expect(text).toContain('halong_size_bucket{le="+Inf"} 1');
  });
});
