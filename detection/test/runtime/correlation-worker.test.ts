import type { Alert } from '@halong/core';
import type { DetectionRecord } from '../../src/correlation';
import type { RuleHit } from '../../src/engine';
import { RuleStates, createDetectionHandler, readDetection } from '../../src/runtime';
import type { RuleSet } from '../../src/runtime';
import { BURST, CORRELATION_ID, FakePublisher, MemoryCheckpointStore, MemoryControl, PIPE_TO_SHELL, RULE_ID, SILENT, T0, aggregator, consumed, ruleSetOf, standardFiles } from './support';

const TOPIC = 'x.halong.detections.v1';
const OUTER_ID = '6f1f3e2a-1a7e-4c1e-9a59-0d2b8a6c1a04';
const SECOND = 1000;

const hit = (eventId: string, at: number, host = 'web-01'): RuleHit => ({ ruleId: RULE_ID, eventId, timestamp: at, fields: { 'host.name': host, 'event.dataset': 'linux.auditd' } });
const record = (h: RuleHit): DetectionRecord => ({ correlationId: CORRELATION_ID, groupKey: `host.name=${h.fields['host.name'] as string}`, hit: h });
const batch = (from: number, hits: RuleHit[]) => hits.map((h, i) => consumed(TOPIC, 'detections', 0, from + i, record(h)));

async function setup(o: { set?: RuleSet; store?: MemoryCheckpointStore; control?: MemoryControl } = {}) {
  const set = o.set ?? (await ruleSetOf(standardFiles()));
  const states = new RuleStates(o.control ?? new MemoryControl());
  const publisher = new FakePublisher();
  const store = o.store ?? new MemoryCheckpointStore();
  const handler = createDetectionHandler({
    group: 'halong-correlation',
    index: set.index,
    isEnabled: (k) => states.isEnabled(k),
    engineOptions: { allowedLatenessMs: 60 * SECOND, clock: { now: () => T0 }, maxFutureMs: 300 * SECOND },
    aggregator,
    store,
    publisher,
    logger: SILENT,
  });
  return { handler, publisher, store, states, set };
}

const matchAlerts = (p: FakePublisher) => p.on<Alert>('alerts').filter((a) => a.value.rule.id === CORRELATION_ID);

describe('the correlation worker’s batch handler', () => {
  it('raises the correlation’s alert when the group reaches the count, with ATT&CK, entities and event refs', async () => {
    const { handler, publisher } = await setup();
    await handler.handle(batch(0, [hit('e1', T0), hit('e2', T0 + SECOND), hit('x1', T0 + SECOND, 'web-02')]));
    expect(matchAlerts(publisher)).toEqual([]);
    await handler.handle(batch(3, [hit('e3', T0 + 2 * SECOND)]));
    const [alert] = matchAlerts(publisher);
    expect(alert?.key).toBe(alert?.value.id);
    expect(alert?.value).toMatchObject({ rule: { id: CORRELATION_ID, level: 'critical', attack: { tactics: ['execution'], techniques: ['T1105'] } }, group_key: 'host.name=web-01', count: 3, entities: { host: ['web-01'] } });
    expect(alert?.value.events.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    expect(handler.counters()).toMatchObject({ records: 4, matches: 1, engine: { matches: 1 } });
    expect(handler.matchesByCorrelation().get(CORRELATION_ID)).toBe(1);
  });

  it('continues an open window after a restart and counts no replayed hit twice', async () => {
    const store = new MemoryCheckpointStore();
    const first = await setup({ store });
    await first.handler.handle(batch(0, [hit('e1', T0), hit('e2', T0 + SECOND)]));
    // Stopped mid-window; the new worker gets the partition with its offsets reset to 0.
    const second = await setup({ set: first.set, store });
    await second.handler.handle(batch(0, [hit('e1', T0), hit('e2', T0 + SECOND), hit('e3', T0 + 2 * SECOND)]));
    expect(matchAlerts(second.publisher).map((a) => a.value.count)).toEqual([3]);
    expect(second.handler.counters()).toMatchObject({ matches: 1, partitions: { restored: 1, skippedRecords: 2 } });
    // A redelivered hit inside the window is de-duplicated by event id, not counted again.
    await second.handler.handle(batch(3, [hit('e3', T0 + 2 * SECOND), hit('e4', T0 + 3 * SECOND)]));
    expect(second.handler.counters()).toMatchObject({ matches: 1, engine: { duplicates: 1 } });
  });

  it('drops the records and matches of a disabled correlation', async () => {
    const { handler, publisher, states } = await setup();
    await states.setEnabled(CORRELATION_ID, false, 'admin');
    await handler.handle(batch(0, [hit('e1', T0), hit('e2', T0 + 1), hit('e3', T0 + 2)]));
    expect(publisher.sent).toEqual([]);
    expect(handler.counters()).toMatchObject({ disabled: 3, matches: 0 });
  });

  it('raises no alert of its own for a correlation another one references with generate: false', async () => {
    const outer = `title: Repeated bursts\nid: ${OUTER_ID}\nlevel: high\ncorrelation:\n  type: event_count\n  rules: [${CORRELATION_ID}]\n  group-by: [host.name]\n  timespan: 1h\n  condition: {gte: 5}\n`;
    const set = await ruleSetOf([
      ['pipe.yml', PIPE_TO_SHELL],
      ['burst.yml', BURST],
      ['outer.yml', outer],
    ]);
    const { handler, publisher } = await setup({ set });
    await handler.handle(batch(0, [hit('e1', T0), hit('e2', T0 + 1), hit('e3', T0 + 2)]));
    expect(matchAlerts(publisher)).toEqual([]);
    // The match travels on to the outer correlation, keyed by the outer group key, with its base hits.
    const chained = publisher.on<DetectionRecord>('detections');
    expect(chained.map((d) => [d.key, d.value.correlationId, d.value.hit.ruleId])).toEqual([['host.name=web-01', OUTER_ID, CORRELATION_ID]]);
    expect(chained[0]!.value.origin?.map((h) => h.eventId)).toEqual(['e1', 'e2', 'e3']);
  });

  it('counts and skips malformed records', async () => {
    const { handler } = await setup();
    await handler.handle([
      consumed(TOPIC, 'detections', 0, 0, undefined, 'nope'),
      consumed(TOPIC, 'detections', 0, 1, { correlationId: CORRELATION_ID, groupKey: 'g', hit: { ruleId: RULE_ID } }),
      ...batch(2, [hit('e1', T0)]),
    ]);
    expect(handler.counters()).toMatchObject({ records: 3, malformed: 2, engine: { accepted: 1 } });
  });
});

describe('readDetection', () => {
  it('accepts only the shape of a detection record', () => {
    expect(readDetection(record(hit('e1', T0)))).toBeDefined();
    expect(readDetection({ ...record(hit('e1', T0)), hit: { ...hit('e1', T0), timestamp: 'soon' } })).toBeUndefined();
    expect(readDetection(null)).toBeUndefined();
  });
});
