// Where accepted events go: to Kafka's events topic, acknowledged by every in-sync replica, or,
// when Kafka does not answer in time, to the disk spool, from which a drain loop replays them in
// order once Kafka is back. `ship` resolves only when the events are durable in one of the two:
// an input acknowledges its sender after that and not before, which is what "nothing accepted is
// lost" means. While the spool holds anything, new events queue behind it, so order is kept.
// A send that timed out may still land: the replay then sends it again, and the event id makes
// the copy harmless (the sink's `create` answers 409, detection dedupes by event.id).
import type { EcsEvent } from '@halong/core';
import { eventHeaders } from '@halong/core';
import type { ProducerRecord } from '@halong/core/node';
import { ShipperError } from './errors';

/** The part of Halong's producer the shipper uses: one topic, JSON values, resolves on acknowledgement. */
export interface EventProducer {
  send(records: readonly ProducerRecord[]): Promise<void>;
}

/** The part of the disk spool the shipper uses. */
export interface EventSpool {
  append(records: readonly Buffer[]): Promise<void>;
  /** The next records after those already read (not yet acknowledged). */
  read(maxRecords: number): Promise<{ records: readonly Buffer[]; ack(): Promise<void> } | undefined>;
  /** Back to the last acknowledgement: what was read but not sent comes again. */
  rewind(): Promise<void>;
  stats(): { records: number; bytes: number };
}

/** Counters the shipper reports (wired to /metrics by the runtime). */
export interface ShipperCounters {
  sent: number;
  spooled: number;
  replayed: number;
  sendFailures: number;
  rejectedBusy: number;
  /** Spooled records that were not an event (never expected: the spool checksums its records). */
  undecodable: number;
}

/** Options of {@link Shipper}. */
export interface ShipperOptions {
  producer: EventProducer;
  spool: EventSpool;
  /** A send not acknowledged within this time counts as failed and its events are spooled. */
  sendTimeoutMs: number;
  /** Events being shipped at once; beyond, `ship` refuses with HALONG_SHIPPER_BUSY (backpressure). */
  maxInFlightEvents: number;
  /** Records replayed from the spool per send. */
  replayBatch: number;
  /** Wait between replay attempts while Kafka is down. */
  retryMs: number;
  /** The Kafka key of an event: host.name, else the source id the envelope hashed. */
  keyOf?: (event: EcsEvent) => string | null;
  onError?: (err: unknown) => void;
}

const defaultKey = (event: EcsEvent): string | null => event.host?.name ?? event.observer?.id ?? null;

/** Ships events to Kafka, falling back to the spool. */
export class Shipper {
  private inFlight = 0;
  private draining: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private backingOff = false;
  // After a failed replay only one record is offered until Kafka answers again: a send that
  // timed out is not cancelled and may land later, so each probe must stay small.
  private probing = false;
  private readonly counters: ShipperCounters = { sent: 0, spooled: 0, replayed: 0, sendFailures: 0, rejectedBusy: 0, undecodable: 0 };

  constructor(private readonly o: ShipperOptions) {}

  /** Counters since start. */
  stats(): ShipperCounters & { spoolRecords: number; inFlight: number } {
    return { ...this.counters, spoolRecords: this.o.spool.stats().records, inFlight: this.inFlight };
  }

  /** True when `ship` would refuse `count` more events: inputs slow down before that. */
  busy(count = 1): boolean {
    return this.inFlight + count > this.o.maxInFlightEvents;
  }

  /** Resolves when every event is acknowledged by Kafka or fsync'd in the spool. */
  async ship(events: readonly EcsEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.stopped) throw new ShipperError('HALONG_SHIPPER_STOPPED');
    if (this.busy(events.length)) {
      this.counters.rejectedBusy += events.length;
      throw new ShipperError('HALONG_SHIPPER_BUSY');
    }
    this.inFlight += events.length;
    try {
      // Behind a non-empty spool, new events wait their turn there.
      if (this.o.spool.stats().records === 0 && (await this.trySend(events.map((e) => this.record(e))))) {
        this.counters.sent += events.length;
        return;
      }
      await this.o.spool.append(events.map((e) => Buffer.from(JSON.stringify(e))));
      this.counters.spooled += events.length;
      this.kick();
    } finally {
      this.inFlight -= events.length;
    }
  }

  /** Starts replaying the spool (events left there by an earlier run first). */
  start(): void {
    if (!this.draining) this.draining = this.drain();
  }

  /** Stops replaying; events already accepted stay in the spool for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.draining;
  }

  private record(event: EcsEvent): ProducerRecord {
    // The routing headers let the indexer forward the value unparsed.
    const key = (this.o.keyOf ?? defaultKey)(event);
    const headers = eventHeaders(event);
    return headers ? { key, value: event, headers } : { key, value: event };
  }

  private async trySend(records: ProducerRecord[]): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.o.sendTimeoutMs);
    });
    try {
      const sent = this.o.producer.send(records).then(
        () => true,
        (err: unknown) => {
          this.o.onError?.(err);
          return false;
        },
      );
      const ok = await Promise.race([sent, timeout]);
      if (!ok) this.counters.sendFailures += 1;
      return ok;
    } finally {
      clearTimeout(timer);
    }
  }

  // A newly spooled event wakes an idle drain, not one backing off from a failed send.
  private kick(): void {
    if (!this.backingOff) this.wake?.();
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const batch = await this.o.spool.read(this.probing ? 1 : this.o.replayBatch);
      if (!batch) {
        await this.sleep();
        continue;
      }
      const records: ProducerRecord[] = [];
      for (const b of batch.records) {
        try {
          records.push(this.record(JSON.parse(b.toString('utf8')) as EcsEvent));
        } catch (err) {
          this.counters.undecodable += 1;
          this.o.onError?.(err);
        }
      }
      if (records.length === 0 || (await this.trySend(records))) {
        await batch.ack();
        this.counters.replayed += records.length;
        this.probing = false;
      } else {
        await this.o.spool.rewind();
        this.probing = true;
        this.backingOff = true;
        await this.sleep(this.o.retryMs);
        this.backingOff = false;
      }
    }
  }

  // Sleeps until woken by a spooled event or `ms` (idle polling covers appends by other processes).
  private sleep(ms = this.o.retryMs): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
