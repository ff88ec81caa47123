// The detection runtime on real Kafka and OpenSearch: a plain rule's alert, an event_count
// correlation's alert, a rule disabled from another process, and a correlation worker that
// stops mid-window, loses its committed offsets and is replaced: the checkpoint carries the
// window over and the replay counts nothing twice.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '@halong/core';
import { topicName } from '@halong/core';
import type { ConsumedRecord, ControlChannel, HalongConsumer, HalongProducer } from '@halong/core/node';
import { createControlChannel, createKafka, createLogger, createOpenSearchClient, createProducer, ensureTopics, runConsumer } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import type { DetectionRuntime, StartDetectionOptions } from '../../src/runtime';
import { detectionStateIndex, startDetection } from '../../src/runtime';
import { BURST, CORRELATION_ID, PIPE_TO_SHELL, QUIET_ID, QUIET_RULE, RULE_ID, processEvent } from './support';

async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the detection runtime on real Kafka and OpenSearch', () => {
  const config = testConfig();
  const logger = createLogger('detection-int', 'warn');
  const kafka = createKafka(config, logger);
  const client = createOpenSearchClient(config);
  const ruleDir = mkdtempSync(join(tmpdir(), 'halong-rules-'));
  const alerts: Alert[] = [];
  const closers: (() => Promise<void>)[] = [];
  let producer: HalongProducer;

  /** One "process": its own control channel and runtime, running the given workers. */
  async function process(workers: StartDetectionOptions['workers']): Promise<DetectionRuntime> {
    const control: ControlChannel = await createControlChannel({ kafka, topicPrefix: config.topicPrefix, logger });
    await control.ready;
    const runtime = startDetection({ config, logger, kafka, client, producer, control, ruleDirs: [ruleDir], workers });
    closers.push(async () => {
      await runtime.close();
      await control.close();
    });
    await runtime.ready;
    return runtime;
  }
  const send = (events: Record<string, unknown>[]) => producer.send('events', events.map((e) => ({ key: (e.host as { name: string }).name, value: e })));
  const alertsOf = (rule: string, group?: string) => alerts.filter((a) => a.rule.id === rule && (group === undefined || a.group_key === group));
  const correlationCounters = async (r: DetectionRuntime) => ((await r.service.summary()).workers as { correlation: { matches: number; records: number; partitions: { restored: number; skippedRecords: number } } }).correlation;

  beforeAll(async () => {
    writeFileSync(join(ruleDir, 'pipe-to-shell.yml'), PIPE_TO_SHELL);
    writeFileSync(join(ruleDir, 'netcat.yml'), QUIET_RULE);
    writeFileSync(join(ruleDir, 'burst.yml'), BURST);
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, { prefix: config.topicPrefix, partitions: config.kafka.partitions, replicationFactor: 1 });
    await admin.disconnect();
    producer = await createProducer({ kafka, topicPrefix: config.topicPrefix, lingerMs: 5, batchBytes: 1 << 16, maxBufferedBytes: 1 << 24, logger });
    const collector: HalongConsumer = await runConsumer<Alert>({
      kafka,
      groupId: `${config.indexPrefix}-test-alerts`,
      topics: ['alerts'],
      topicPrefix: config.topicPrefix,
      logger,
      handle: async (records: ConsumedRecord<Alert>[]) => void alerts.push(...records.flatMap((r) => (r.value ? [r.value] : []))),
    });
    closers.push(() => collector.stop());
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await producer?.close();
    await client.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client.close();
  });

  it('alerts on a plain rule and on its correlation, and a checkpoint carries an open window across a worker restart', async () => {
    const detector = await process({ correlation: false });
    let correlator = await process({ detection: false });
    const now = Date.now() - 60_000;

    // A plain rule hit: its own alert, with rule id, ATT&CK from its tags, entities and the event.
    await send([processEvent('evt-a1', now, { host: 'web-01' })]);
    const plain = await eventually(() => alertsOf(RULE_ID, 'host.name=web-01')[0], 'the plain rule’s alert');
    expect(plain).toMatchObject({
      rule: { id: RULE_ID, title: 'Download piped to a shell', level: 'high', attack: { tactics: ['execution'], techniques: ['T1059.004'] } },
      entities: { host: ['web-01'], user: ['alice'], ip: ['10.0.0.7'] },
      events: [{ id: 'evt-a1', index: expect.stringMatching(new RegExp(`^${config.indexPrefix}-events-linux\\.auditd-\\d{4}\\.\\d{2}\\.\\d{2}$`)) }],
      count: 1,
      status: 'open',
    });

    // A rule disabled through another process's API is silent in the detection worker.
    await correlator.service.setRuleEnabled(QUIET_ID, false, 'admin-1');
    await eventually(() => !detector.service.getRule(QUIET_ID).enabled, 'the detector applies the disabled state');
    await send([processEvent('evt-nc', now + 500, { host: 'web-01', image: '/usr/bin/nc', cmd: 'nc -l -p 4444' })]);

    // Enough hits on web-01 for the correlation (3 within 5 minutes).
    await send([processEvent('evt-a2', now + 1000, { host: 'web-01' }), processEvent('evt-a3', now + 2000, { host: 'web-01' })]);
    const burst = await eventually(() => alertsOf(CORRELATION_ID, 'host.name=web-01').at(-1), 'the correlation’s alert for web-01');
    expect(burst).toMatchObject({ rule: { id: CORRELATION_ID, level: 'critical', attack: { techniques: ['T1105'] } }, count: 3, entities: { host: ['web-01'] } });
    expect(burst.events.map((e) => e.id)).toEqual(['evt-a1', 'evt-a2', 'evt-a3']);

    // web-02: two of three hits, then the correlation worker stops mid-window.
    await send([processEvent('evt-b1', now + 3000, { host: 'web-02' }), processEvent('evt-b2', now + 4000, { host: 'web-02' })]);
    await eventually(async () => (await correlationCounters(correlator)).records >= 5, 'the correlator saw both web-02 hits');
    expect((await correlationCounters(correlator)).matches).toBe(1);
    const checkpointId = `${config.indexPrefix}-correlation:${topicName(config.topicPrefix, 'detections')}`;
    await closers.splice(closers.length - 1, 1)[0]!();

    // As if it died before committing: the group's offsets go back to the start (a full replay).
    const admin = kafka.admin();
    await admin.connect();
    const partitions = (await admin.fetchTopicOffsets(topicName(config.topicPrefix, 'detections'))).map((p) => ({ partition: p.partition, offset: '0' }));
    await admin.setOffsets({ groupId: `${config.indexPrefix}-correlation`, topic: topicName(config.topicPrefix, 'detections'), partitions });
    await admin.disconnect();
    const stored = await client.search({ index: detectionStateIndex(config.indexPrefix), body: { query: { prefix: { group: `${config.indexPrefix}-correlation` } } } });
    const hits = (stored.body as { hits: { hits: { _id: string }[] } }).hits.hits;
    expect(hits.some((h) => h._id.startsWith(checkpointId))).toBe(true);

    correlator = await process({ detection: false });
    await send([processEvent('evt-b3', now + 5000, { host: 'web-02' })]);
    const second = await eventually(() => alertsOf(CORRELATION_ID, 'host.name=web-02').at(-1), 'the correlation’s alert for web-02');
    expect(second).toMatchObject({ count: 3 });
    expect(second.events.map((e) => e.id)).toEqual(['evt-b1', 'evt-b2', 'evt-b3']);
    const after = await correlationCounters(correlator);
    // Exactly one match: web-02's. The replayed web-01 burst was in the checkpoint, not counted again.
    expect(after.matches).toBe(1);
    expect(after.partitions.restored).toBeGreaterThanOrEqual(1);
    expect(after.partitions.skippedRecords).toBeGreaterThanOrEqual(5);
    expect(alertsOf(CORRELATION_ID).filter((a) => a.group_key === 'host.name=web-01').every((a) => a.count === 3)).toBe(true);
    expect(alertsOf(QUIET_ID)).toEqual([]);

    const summary = await detector.service.summary();
    expect(summary).toMatchObject({ status: { state: 'ready' }, rules: { total: 3, loaded: 3, disabled: 1 }, workers: { detection: { hits: 6 } } });
  });
});
