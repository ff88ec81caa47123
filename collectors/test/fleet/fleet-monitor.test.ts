import type { Alert, EcsEvent } from '@halong/core';
import { FLEET_DATASET } from '../../src/fleet/heartbeat';
import { sourceKey, startFleetMonitor } from '../../src/fleet/fleet-monitor';

const T = Date.parse('2026-11-24T02:00:00.000Z');
const event = (host: string): EcsEvent => ({ '@timestamp': new Date(T).toISOString(), event: { id: host }, host: { name: host } });

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !cond(); i += 1) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe('startFleetMonitor', () => {
  it('sends a heartbeat when asked (then on its timer) and forwards what inputs ship', async () => {
    const shipped: EcsEvent[] = [];
    const shipper = { busy: () => false, stats: () => ({}) as never, ship: async (e: readonly EcsEvent[]) => void shipped.push(...e) };
    const m = startFleetMonitor({ shipper, describe: () => ({ id: 'c1', version: '0.1.0', role: 'central', inputs: { syslogTcp: 5514 }, spool: { records: 0, bytes: 0 }, counters: {} }), heartbeatMs: 60_000, clock: () => T });
    expect(shipped).toHaveLength(0);
    m.beatNow();
    await until(() => shipped.length === 1);
    expect(shipped[0]).toMatchObject({ event: { dataset: FLEET_DATASET }, collector: { id: 'c1', inputs: { syslogTcp: 5514 } } });
    await m.ship([event('fw-01')]);
    expect(shipped.map((e) => e.event.id).slice(1)).toEqual(['fw-01']);
    m.close();
  });

  it('raises a silent-source alert when a source that spoke regularly stops', async () => {
    let now = T;
    const alerts: Alert[] = [];
    const shipper = { busy: () => false, stats: () => ({}) as never, ship: async () => undefined };
    const m = startFleetMonitor({
      shipper,
      describe: () => ({ id: 'c1', version: '0', role: 'central', inputs: {}, spool: { records: 0, bytes: 0 }, counters: {} }),
      alert: async (a) => void alerts.push(...a),
      silentAfterMs: 10 * 60_000,
      checkMs: 10,
      heartbeatMs: 60_000,
      clock: () => now,
    });
    for (let k = 0; k < 8; k += 1) {
      now = T + k * 60_000;
      await m.ship([event('fw-01')]);
    }
    now += 11 * 60_000;
    await until(() => alerts.length === 1);
    expect(alerts[0]).toMatchObject({ group_key: 'host:fw-01', entities: { host: ['fw-01'] } });
    m.close();
  });

  it('knows a source by its host, else by who sent it', () => {
    expect(sourceKey(event('dc01'))).toBe('host:dc01');
    expect(sourceKey({ '@timestamp': '', event: { id: 'x' }, observer: { id: 'spiffe://d/collector/s/n' } })).toBe('source:spiffe://d/collector/s/n');
  });
});
