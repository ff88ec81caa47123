// The shipper over the real disk spool: events accepted while Kafka is down survive a restart
// of the collector and reach Kafka in order, exactly once from the spool's side.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EcsEvent } from '@halong/core';
import type { ProducerRecord } from '@halong/core/node';
import { Shipper } from '../../src/pipeline/shipper';
import { openSpool } from '../../src/spool';

const dir = mkdtempSync(join(tmpdir(), 'shipper-disk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const event = (n: number): EcsEvent => ({ '@timestamp': '2026-11-24T02:00:00.000Z', event: { id: `e${n}` }, message: `line ${n}` });

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i += 1) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

it('keeps what it accepted while Kafka was down across a restart, and replays it in order', async () => {
  const acked: string[] = [];
  let up = false;
  const producer = {
    async send(records: readonly ProducerRecord[]) {
      if (!up) throw new Error('ECONNREFUSED');
      acked.push(...records.map((r) => (r.value as EcsEvent).event.id));
    },
  };
  const options = { producer, sendTimeoutMs: 100, maxInFlightEvents: 1000, replayBatch: 7, retryMs: 10 };
  let spool = await openSpool(dir, { maxBytes: 1 << 20 });
  let shipper = new Shipper({ ...options, spool });
  shipper.start();
  for (let n = 0; n < 50; n += 5) await shipper.ship([0, 1, 2, 3, 4].map((k) => event(n + k)));
  expect(spool.stats().records).toBe(50);
  await shipper.stop();
  await spool.close();

  up = true;
  spool = await openSpool(dir, { maxBytes: 1 << 20 });
  shipper = new Shipper({ ...options, spool });
  shipper.start();
  await until(() => spool.stats().records === 0);
  await shipper.stop();
  await spool.close();
  expect(acked).toEqual(Array.from({ length: 50 }, (_, n) => `e${n}`));
});
