import type { EcsEvent } from '@halong/core';
import { eventHeaders } from '@halong/core';
import type { ProducerRecord } from '@halong/core/node';
import { ShipperError } from '../../src/pipeline/errors';
import type { EventProducer, EventSpool } from '../../src/pipeline/shipper';
import { Shipper } from '../../src/pipeline/shipper';

/** Kafka as the shipper sees it: up, down (refuses at once) or hanging (never answers). */
class FakeKafka implements EventProducer {
  mode: 'up' | 'down' | 'hang' = 'up';
  readonly acked: string[] = [];
  readonly keys: (string | null | undefined)[] = [];
  readonly hung: (() => void)[] = [];
  readonly sizes: number[] = [];
  readonly headers: (Record<string, string> | undefined)[] = [];

  async send(records: readonly ProducerRecord[]): Promise<void> {
    const ids = records.map((r) => (r.value as EcsEvent).event.id);
    this.sizes.push(records.length);
    if (this.mode === 'down') throw new Error('connect ECONNREFUSED');
    if (this.mode === 'hang') {
      // Lands later, when released: the copy the replay will also send.
      await new Promise<void>((resolve) => this.hung.push(resolve));
    }
    this.acked.push(...ids);
    this.keys.push(...records.map((r) => r.key));
    this.headers.push(...records.map((r) => r.headers));
  }
}

/** Like the disk spool: reads move on past unacknowledged records until a rewind. */
class MemorySpool implements EventSpool {
  readonly records: Buffer[] = [];
  private readAt = 0;

  async append(records: readonly Buffer[]): Promise<void> {
    this.records.push(...records);
  }

  async read(max: number) {
    if (this.readAt >= this.records.length) return undefined;
    const records = this.records.slice(this.readAt, this.readAt + max);
    this.readAt += records.length;
    return {
      records,
      ack: async () => {
        this.records.splice(0, records.length);
        this.readAt -= records.length;
      },
    };
  }

  async rewind(): Promise<void> {
    this.readAt = 0;
  }

  stats() {
    return { records: this.records.length, bytes: this.records.reduce((n, b) => n + b.length, 0) };
  }
}

const event = (id: string): EcsEvent => ({ '@timestamp': '2026-11-24T01:00:00.000Z', event: { id, dataset: 'syslog' }, host: { name: 'srv-1' } });
const events = (...ids: string[]) => ids.map(event);

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function setup(over: Partial<ConstructorParameters<typeof Shipper>[0]> = {}) {
  const kafka = new FakeKafka();
  const spool = new MemorySpool();
  const shipper = new Shipper({ producer: kafka, spool, sendTimeoutMs: 50, maxInFlightEvents: 100, replayBatch: 2, retryMs: 10, ...over });
  return { kafka, spool, shipper };
}

describe('Shipper', () => {
  it('sends straight to Kafka when it answers, keyed by host', async () => {
    const { kafka, spool, shipper } = setup();
    await shipper.ship(events('a', 'b'));
    expect(kafka.acked).toEqual(['a', 'b']);
    expect(kafka.keys).toEqual(['srv-1', 'srv-1']);
    expect(spool.records).toHaveLength(0);
    expect(shipper.stats()).toMatchObject({ sent: 2, spooled: 0 });
  });

  it("gives every record the event's routing headers, replayed ones too", async () => {
    const { kafka, shipper } = setup();
    shipper.start();
    await shipper.ship(events('a'));
    kafka.mode = 'down';
    await shipper.ship(events('b'));
    kafka.mode = 'up';
    await until(() => kafka.acked.length === 2, 'the replay');
    expect(kafka.headers).toEqual(['a', 'b'].map((id) => eventHeaders(event(id))));
    expect(kafka.headers[1]).toMatchObject({ 'event.id': 'b' });
    await shipper.stop();
  });

  it('spools while Kafka is down, keeps later events behind the spool, and replays all in order when it returns', async () => {
    const { kafka, spool, shipper } = setup();
    shipper.start();
    kafka.mode = 'down';
    await shipper.ship(events('a', 'b'));
    await shipper.ship(events('c'));
    expect(spool.records.map((b) => JSON.parse(b.toString()).event.id)).toEqual(['a', 'b', 'c']);
    kafka.mode = 'up';
    // Kafka is back, but the spool is not empty: this one queues behind it.
    await shipper.ship(events('d'));
    await until(() => spool.records.length === 0, 'the spool to drain');
    expect(kafka.acked).toEqual(['a', 'b', 'c', 'd']);
    expect(shipper.stats()).toMatchObject({ spooled: 4, replayed: 4, sent: 0 });
    await shipper.stop();
  });

  it('spools a batch Kafka does not acknowledge in time; the late copy is harmless because the id is the same', async () => {
    const { kafka, spool, shipper } = setup();
    kafka.mode = 'hang';
    await shipper.ship(events('a'));
    expect(spool.records).toHaveLength(1);
    kafka.mode = 'up';
    kafka.hung.forEach((release) => release());
    shipper.start();
    await until(() => spool.records.length === 0, 'the spool to drain');
    expect(kafka.acked).toEqual(['a', 'a']);
    await shipper.stop();
  });

  it('refuses beyond its in-flight bound, so inputs push back instead of growing memory', async () => {
    const { kafka, shipper } = setup({ maxInFlightEvents: 3 });
    kafka.mode = 'hang';
    const first = shipper.ship(events('a', 'b'));
    expect(shipper.busy(2)).toBe(true);
    await expect(shipper.ship(events('c', 'd'))).rejects.toMatchObject({ code: 'HALONG_SHIPPER_BUSY' });
    await first;
    expect(shipper.busy(2)).toBe(false);
    expect(shipper.stats().rejectedBusy).toBe(2);
  });

  it('leaves spooled events for the next start when stopped, and refuses new ones', async () => {
    const { kafka, spool, shipper } = setup();
    kafka.mode = 'down';
    shipper.start();
    await shipper.ship(events('a'));
    await shipper.stop();
    expect(spool.records).toHaveLength(1);
    await expect(shipper.ship(events('b'))).rejects.toBeInstanceOf(ShipperError);
    const again = new Shipper({ producer: kafka, spool, sendTimeoutMs: 50, maxInFlightEvents: 10, replayBatch: 10, retryMs: 10 });
    kafka.mode = 'up';
    again.start();
    await until(() => spool.records.length === 0, 'the next run to replay');
    expect(kafka.acked).toEqual(['a']);
    await again.stop();
  });

  it('offers one record at a time while Kafka does not answer, so sends that time out cannot pile up copies', async () => {
    const { kafka, spool, shipper } = setup({ replayBatch: 5 });
    kafka.mode = 'down';
    await shipper.ship(events('a', 'b', 'c', 'd', 'e', 'f', 'g'));
    kafka.mode = 'hang';
    shipper.start();
    await until(() => kafka.sizes.length >= 4, 'several replay attempts');
    // The first replay offers a full batch; after it fails, only single-record probes.
    expect(kafka.sizes.slice(1, 4)).toEqual([5, 1, 1]);
    kafka.mode = 'up';
    kafka.hung.forEach((release) => release());
    await until(() => spool.records.length === 0, 'the spool to drain');
    await shipper.stop();
  });
});
