import type { RelayedMetric } from '../../../src/node/server/relay-metrics';
import { applyRelayedMetric, createRelayMetrics } from '../../../src/node/server/relay-metrics';
import type { Metrics } from '../../../src/node/server/metrics';
import { createMetrics } from '../../../src/node/server/metrics';

describe('relay metrics', () => {
  it('replays a thread\'s counter, gauge and histogram updates on the main registry', async () => {
    const posted: RelayedMetric[] = [];
    const thread = createRelayMetrics((u) => posted.push(structuredClone(u)));
    thread.counter('halong_t_total', 'things', ['result']).inc({ result: 'created' }, 3);
    thread.counter('halong_t_total', 'things', ['result']).inc({ result: 'created' }, 2);
    const g = thread.gauge('halong_t_lag', 'lag', ['partition']);
    g.set({ partition: '0' }, 7);
    g.inc({ partition: '0' });
    g.dec({ partition: '0' }, 3);
    thread.histogram('halong_t_seconds', 'time', [], [0.1, 1]).observe(0.5);

    const main = createMetrics({ defaultMetrics: false });
    for (const u of posted) expect(applyRelayedMetric(main, u)).toBe(true);
    const text = await main.registry.metrics();
    expect(text).toContain('halong_t_total{result="created"} 5');
    expect(text).toContain('halong_t_lag{partition="0"} 5');
    expect(text).toContain('halong_t_seconds_bucket{le="1"} 1');
    expect(text).toContain('halong_t_seconds_bucket{le="0.1"} 0');
    // The thread's own registry holds the same values: its metric objects are real ones.
    expect(await thread.registry.metrics()).toContain('halong_t_total{result="created"} 5');
  });

  it('adds to what the main thread counted under the same name', async () => {
    const main = createMetrics({ defaultMetrics: false });
    main.counter('halong_c_total', 'c', ['topic']).inc({ topic: 'a' }, 1);
    const thread = createRelayMetrics((u) => applyRelayedMetric(main, structuredClone(u)));
    thread.counter('halong_c_total', 'c', ['topic']).inc({ topic: 'a' }, 4);
    expect(await main.registry.metrics()).toContain('halong_c_total{topic="a"} 5');
  });

  it('ignores malformed or mismatched updates instead of throwing', () => {
    const main = createMetrics({ defaultMetrics: false });
    main.gauge('halong_x', 'x', []);
    expect(applyRelayedMetric(main, { kind: 'counter', name: 'halong_y_total', help: 'y', labelNames: [], op: 'set', args: [1] })).toBe(false);
    expect(applyRelayedMetric(main, { kind: 'bogus', name: 'z', help: '', labelNames: [], op: 'inc', args: [] } as unknown as RelayedMetric)).toBe(false);
    // The name is a gauge already: prom-client refuses the counter's inc with labels it does not know.
    expect(applyRelayedMetric(main, { kind: 'gauge', name: 'halong_x', help: 'x', labelNames: [], op: 'set', args: [{ nope: '1' }, 2] })).toBe(false);
    expect(applyRelayedMetric(null as unknown as Metrics, null as unknown as RelayedMetric)).toBe(false);
  });
});
