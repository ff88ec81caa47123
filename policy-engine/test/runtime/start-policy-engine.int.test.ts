import type { Alert } from '@halong/core';
import type { HalongProducer, OpenSearchClient } from '@halong/core/node';
import { createKafka, createLogger, createOpenSearchClient, createProducer, ensureTopics } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import type { PolicyEngineRuntime } from '../../src/runtime/start-policy-engine';
import { startPolicyEngine } from '../../src/runtime/start-policy-engine';

// Risk lives in the PDP's memory; a restart reads the alerts of the last four half-lives again
// from the real alerts topic, honouring an admin's lift and quarantining nothing twice.
describe('startPolicyEngine: risk survives a restart (real Kafka and OpenSearch)', () => {
  const config = testConfig();
  const logger = createLogger('policy-restart-test', 'silent');
  const kafka = createKafka(config, logger);
  let client: OpenSearchClient;
  let producer: HalongProducer;
  let engine: PolicyEngineRuntime | undefined;

  const start = () => startPolicyEngine({ config, logger, kafka, client, producer, baseUrl: () => 'https://127.0.0.1:8443' });
  const host = (id: string) => ({ kind: 'host' as const, id });
  const alert = (id: string, level: Alert['rule']['level'], on: string): Alert => {
    const now = new Date().toISOString();
    return {
      id,
      '@timestamp': now,
      rule: { id: 'r-test', title: `Test ${level} on ${on}`, level, attack: { tactics: [], techniques: [] } },
      group_key: on,
      entities: { host: [on] },
      events: [],
      first_seen: now,
      last_seen: now,
      count: 1,
      status: 'open',
      status_history: [],
    };
  };
  const until = async (what: string, done: () => boolean): Promise<void> => {
    for (const stop = Date.now() + 60_000; !done(); ) {
      if (Date.now() > stop) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, { prefix: config.topicPrefix, partitions: 3, replicationFactor: 1 });
    await admin.disconnect();
    client = createOpenSearchClient(config);
    producer = await createProducer({ kafka, topicPrefix: config.topicPrefix, lingerMs: 1, batchBytes: 1 << 20, maxBufferedBytes: 8 << 20, logger });
  });
  afterAll(async () => {
    await engine?.close();
    await producer?.close();
    await client?.close();
  });

  it('an alert\'s risk is back after a restart; a lifted entity\'s is not; a quarantine is not made twice', async () => {
    engine = await start();
    // One key, one partition, in this order: when web-2's risk is back, the others were read.
    await producer.send('alerts', [
      { key: 'restart', value: alert('a1', 'medium', 'web-1') },
      { key: 'restart', value: alert('a2', 'critical', 'web-3') },
      { key: 'restart', value: alert('a3', 'low', 'web-2') },
    ]);
    const first = engine;
    await until('the first run to read the alerts', () => first.service.risks.scoreOf(host('web-2')) > 0);
    expect(first.service.risks.scoreOf(host('web-1'))).toBeCloseTo(35, 0);
    expect(first.control.get('quarantine', 'host:web-3')).toMatchObject({ by: 'halong-risk' });

    // An admin lifts web-3's quarantine (what DELETE /admin/v1/quarantine does on the control topic).
    await first.control.remove('quarantine', 'host:web-3');
    await first.control.set({ kind: 'risk_cleared', id: 'host:web-3', data: { entity: host('web-3') }, at: new Date().toISOString(), by: 'admin:test' });
    await until('the lift to reach this process', () => first.service.risks.scoreOf(host('web-3')) === 0);
    await first.close();
    engine = undefined;

    const second = await start();
    engine = second;
    await until('the restarted engine to read the alerts again', () => second.service.risks.scoreOf(host('web-2')) > 0);
    // Decayed by the seconds since (half-life one hour): all but a hair of 35 and 15.
    expect(second.service.risks.scoreOf(host('web-1'))).toBeGreaterThan(34.9);
    expect(second.service.risks.scoreOf(host('web-1'))).toBeLessThanOrEqual(35);
    expect(second.service.risks.scoreOf(host('web-2'))).toBeGreaterThan(14.9);
    expect(second.service.risks.reasonsOf(host('web-1'))[0]!.reason).toContain('Test medium on web-1');
    expect(second.service.risks.scoreOf(host('web-3'))).toBe(0);
    expect(second.control.get('quarantine', 'host:web-3')).toBeUndefined();

    // New alerts after the restart are live again: they raise risk and can quarantine.
    await producer.send('alerts', [{ key: 'restart', value: alert('a4', 'high', 'web-1') }]);
    await until('the live alert', () => second.control.get('quarantine', 'host:web-1') !== undefined);
    expect(second.service.risks.scoreOf(host('web-1'))).toBeGreaterThan(94);
  });
});
