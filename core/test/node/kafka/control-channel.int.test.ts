import type { ControlChannel } from '@halong/core/node';
import { createControlChannel, createKafka, createLogger, ensureTopics } from '@halong/core/node';
import { testConfig } from '@halong/infra';

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never happened: ${what}`);
}

// Two channels stand for two processes: what one sets, the other applies; a newcomer replays it.
describe('control channel on the real compacted topic', () => {
  const config = testConfig();
  const logger = createLogger('control-test', 'silent');
  const kafka = createKafka(config, logger);
  const channels: ControlChannel[] = [];
  const open = async () => {
    const c = await createControlChannel({ kafka, topicPrefix: config.topicPrefix, logger });
    channels.push(c);
    return c;
  };

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, { prefix: config.topicPrefix, partitions: 1, replicationFactor: 1 });
    await admin.disconnect();
  });
  afterAll(async () => {
    await Promise.all(channels.map((c) => c.close()));
  });

  it('carries a revocation and a quarantine to another process, lifts them with tombstones, and replays to a newcomer', async () => {
    const a = await open();
    const b = await open();
    await Promise.all([a.ready, b.ready]);
    const seenByB: string[] = [];
    b.onChange((kind, id, record) => seenByB.push(`${record ? 'set' : 'lifted'} ${kind}:${id}`));

    await a.set({ kind: 'revocation', id: 'serial-01ab', data: { reason: 'key compromise' }, at: '2026-11-23T08:00:00Z', by: 'admin' });
    await a.set({ kind: 'quarantine', id: 'host:pc-17', data: { reason: 'ransomware alert' }, at: '2026-11-23T08:00:00Z', by: 'playbook', until: '2099-01-01T00:00:00Z' });
    await a.set({ kind: 'quarantine', id: 'host:old', data: { reason: 'expired' }, at: '2020-01-01T00:00:00Z', by: 'playbook', until: '2020-01-02T00:00:00Z' });
    await eventually(() => b.get('quarantine', 'host:pc-17') !== undefined && b.get('revocation', 'serial-01ab') !== undefined, 'B sees both records');
    expect(b.get('revocation', 'serial-01ab')?.data).toEqual({ reason: 'key compromise' });
    // A record past its `until` no longer applies, though it is still on the topic.
    await eventually(() => seenByB.includes('set quarantine:host:old'), 'B read the expired quarantine');
    expect(b.get('quarantine', 'host:old')).toBeUndefined();
    expect(b.list('quarantine').map((r) => r.id)).toEqual(['host:pc-17']);

    await b.remove('quarantine', 'host:pc-17');
    await eventually(() => a.get('quarantine', 'host:pc-17') === undefined, 'A sees the lift');
    // B hears its own tombstone when Kafka delivers it back, which may be after A did.
    await eventually(() => seenByB.includes('lifted quarantine:host:pc-17'), 'B sees the lift');

    const late = await open();
    await late.ready;
    expect(late.get('revocation', 'serial-01ab')?.by).toBe('admin');
    expect(late.get('quarantine', 'host:pc-17')).toBeUndefined();
  });
});
