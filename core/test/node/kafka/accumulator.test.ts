import { HalongError } from '@halong/core';
import type { BatchTransport, OutRecord } from '@halong/core/node';
import { Accumulator } from '@halong/core/node';

type Batch = { topic: string; partition: number; records: OutRecord[] };

/** A transport whose sends stay pending until the test acknowledges or fails them, in order. */
class FakeTransport implements BatchTransport {
  readonly calls: Batch[][] = [];
  private readonly settle: { resolve(): void; reject(err: unknown): void }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** When set, every send is acknowledged (or failed) on its own after a few microtasks. */
  auto: ((call: number) => unknown) | undefined;

  sendBatch(batches: Batch[]): Promise<void> {
    this.calls.push(batches.map((b) => ({ ...b, records: [...b.records] })));
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const call = this.calls.length - 1;
    return new Promise<void>((resolve, reject) => {
      const done = {
        resolve: () => {
          this.inFlight--;
          resolve();
        },
        reject: (err: unknown) => {
          this.inFlight--;
          reject(err);
        },
      };
      if (this.auto) {
        const failure = this.auto(call);
        void Promise.resolve().then(() => (failure ? done.reject(failure) : done.resolve()));
      } else this.settle.push(done);
    });
  }

  get waiting(): number {
    return this.settle.length;
  }

  async ack(): Promise<void> {
    const next = this.settle.shift();
    if (!next) throw new Error('no send is waiting');
    next.resolve();
    await settle();
  }

  async fail(err: unknown): Promise<void> {
    const next = this.settle.shift();
    if (!next) throw new Error('no send is waiting');
    next.reject(err);
    await settle();
  }
}

/** Lets every queued promise callback run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Tracks whether a promise settled, without letting a rejection go unhandled. */
function track(p: Promise<void>): { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } {
  const t: { state: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { state: 'pending' };
  p.then(
    () => (t.state = 'resolved'),
    (err: unknown) => {
      t.state = 'rejected';
      t.error = err;
    },
  );
  return t;
}

/** A record the accumulator counts as exactly `bytes` bytes (value + key + 16). */
function rec(label: string, bytes = 100, key: string | null = null): OutRecord {
  const overhead = 16 + (key?.length ?? 0);
  return { key, value: label.padEnd(bytes - overhead, '.') };
}

const sizeOf = (r: OutRecord) => r.value.length + (r.key?.length ?? 0) + 16;

describe('Accumulator', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  describe('linger', () => {
    it('sends a partial chunk lingerMs after its first record, not before', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 50, batchBytes: 1000, maxBufferedBytes: 10_000 });
      const a = rec('a');
      const done = track(acc.add('t', 0, a));
      await jest.advanceTimersByTimeAsync(30);
      const b = rec('b');
      const doneB = track(acc.add('t', 0, b));
      await jest.advanceTimersByTimeAsync(19);
      expect(transport.calls).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(transport.calls).toEqual([[{ topic: 't', partition: 0, records: [a, b] }]]);
      expect(done.state).toBe('pending');
      await transport.ack();
      expect(done.state).toBe('resolved');
      expect(doneB.state).toBe('resolved');
      expect(acc.pendingBytes).toBe(0);
    });

    it('sends partial chunks of several partitions and topics in one request', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 10_000 });
      const r1 = rec('1');
      const r2 = rec('2');
      const r3 = rec('3');
      void acc.add('events', 0, r1);
      void acc.add('events', 2, r2);
      void acc.add('alerts', 0, r3);
      await jest.advanceTimersByTimeAsync(10);
      expect(transport.calls).toHaveLength(1);
      expect(transport.calls[0]).toEqual(
        expect.arrayContaining([
          { topic: 'events', partition: 0, records: [r1] },
          { topic: 'events', partition: 2, records: [r2] },
          { topic: 'alerts', partition: 0, records: [r3] },
        ]),
      );
      expect(transport.calls[0]).toHaveLength(3);
    });

    it('does not send anything when nothing was added', async () => {
      const transport = new FakeTransport();
      new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 10_000 });
      await jest.advanceTimersByTimeAsync(1000);
      expect(transport.calls).toHaveLength(0);
    });
  });

  describe('batch size', () => {
    it('sends at once, without waiting for linger, when a chunk reaches batchBytes', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 60_000, batchBytes: 300, maxBufferedBytes: 10_000 });
      const records = [rec('a'), rec('b'), rec('c')];
      const waits = records.map((r) => track(acc.add('t', 1, r)));
      expect(transport.calls).toEqual([[{ topic: 't', partition: 1, records }]]);
      await transport.ack();
      expect(waits.map((w) => w.state)).toEqual(['resolved', 'resolved', 'resolved']);
      // The linger timer of the first record was cancelled: nothing more is ever sent.
      await jest.advanceTimersByTimeAsync(120_000);
      expect(transport.calls).toHaveLength(1);
    });

    it('counts the key towards the size', () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 60_000, batchBytes: 300, maxBufferedBytes: 10_000 });
      void acc.add('t', 0, rec('a', 150, 'key-1'));
      expect(acc.pendingBytes).toBe(150);
      void acc.add('t', 0, rec('b', 150, 'key-22'));
      expect(acc.pendingBytes).toBe(300);
      expect(transport.calls).toHaveLength(1);
    });

    it('counts UTF-8 bytes, not string length: multi-byte text fills a chunk sooner', () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 60_000, batchBytes: 300, maxBufferedBytes: 10_000 });
      // 'ệ' is one UTF-16 unit but three UTF-8 bytes on the wire: 28 × 3 + 'ậ'(3) key + 16 = 103 bytes.
      const viet = { key: 'ậ', value: 'ệ'.repeat(28) };
      expect(Buffer.byteLength(viet.value) + Buffer.byteLength(viet.key) + 16).toBe(103);
      void acc.add('t', 0, viet);
      expect(acc.pendingBytes).toBe(103);
      void acc.add('t', 0, viet);
      expect(transport.calls).toHaveLength(0);
      // A third record would make 309 bytes > 300: it opens a new chunk, and the full one goes out.
      void acc.add('t', 0, viet);
      expect(acc.pendingBytes).toBe(309);
      expect(transport.calls).toHaveLength(1);
      expect(transport.calls[0]![0]!.records).toHaveLength(2);
    });

    it('never builds a chunk larger than batchBytes', async () => {
      const transport = new FakeTransport();
      transport.auto = () => undefined;
      const acc = new Accumulator(transport, { lingerMs: 5, batchBytes: 250, maxBufferedBytes: 100_000 });
      const sizes = [100, 100, 100, 40, 60, 50, 120, 130, 230, 20, 250, 20, 80, 150];
      const waits = sizes.map((n, i) => acc.add('t', 0, rec(`r${i}`, n)));
      await acc.flush();
      await Promise.all(waits);
      const chunks = transport.calls.flat();
      for (const c of chunks) expect(c.records.reduce((n, r) => n + sizeOf(r), 0)).toBeLessThanOrEqual(250);
      expect(chunks.flatMap((c) => c.records.map(sizeOf))).toEqual(sizes);
      // Chunks are as full as the order allows: 100+100 | 100+40+60+50 | 120+130 | 230+20 | 250 | 20+80+150.
      expect(chunks.map((c) => c.records.length)).toEqual([2, 4, 2, 2, 1, 3]);
    });

    it('sends a record larger than batchBytes alone in its own chunk', async () => {
      const transport = new FakeTransport();
      transport.auto = () => undefined;
      const acc = new Accumulator(transport, { lingerMs: 5, batchBytes: 200, maxBufferedBytes: 100_000 });
      const small1 = rec('s1', 50);
      const big = rec('big', 500);
      const small2 = rec('s2', 50);
      const waits = [acc.add('t', 0, small1), acc.add('t', 0, big), acc.add('t', 0, small2)];
      await acc.flush();
      await Promise.all(waits);
      expect(transport.calls.flat().map((c) => c.records)).toEqual([[small1], [big], [small2]]);
    });
  });

  describe('ordering and concurrency', () => {
    it('keeps one request in flight and sends the next chunk only after the ack', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 60_000, batchBytes: 200, maxBufferedBytes: 100_000 });
      const records = Array.from({ length: 6 }, (_, i) => rec(`r${i}`));
      const waits = records.map((r) => track(acc.add('t', 0, r)));
      expect(transport.calls).toHaveLength(1);
      expect(transport.calls[0]![0]!.records).toEqual(records.slice(0, 2));
      await jest.advanceTimersByTimeAsync(120_000);
      expect(transport.calls).toHaveLength(1);

      await transport.ack();
      expect(waits.map((w) => w.state)).toEqual(['resolved', 'resolved', 'pending', 'pending', 'pending', 'pending']);
      expect(transport.calls).toHaveLength(2);
      expect(transport.calls[1]![0]!.records).toEqual(records.slice(2, 4));

      await transport.ack();
      expect(transport.calls).toHaveLength(3);
      expect(transport.calls[2]![0]!.records).toEqual(records.slice(4, 6));
      await transport.ack();
      expect(waits.every((w) => w.state === 'resolved')).toBe(true);
      expect(transport.maxInFlight).toBe(1);
      expect(acc.pendingBytes).toBe(0);
    });

    it('runs up to maxInFlight requests at once, sending chunks in partition order', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 60_000, batchBytes: 200, maxBufferedBytes: 100_000, maxInFlight: 2 });
      const records = Array.from({ length: 6 }, (_, i) => rec(`r${i}`));
      const waits = records.map((r) => track(acc.add('t', 0, r)));
      expect(transport.calls.map((c) => c[0]!.records)).toEqual([records.slice(0, 2), records.slice(2, 4)]);
      expect(transport.inFlight).toBe(2);
      await transport.ack();
      expect(transport.calls.map((c) => c[0]!.records)).toEqual([records.slice(0, 2), records.slice(2, 4), records.slice(4, 6)]);
      await transport.ack();
      await transport.ack();
      expect(waits.every((w) => w.state === 'resolved')).toBe(true);
      expect(transport.maxInFlight).toBe(2);
    });

    it('keeps per-partition order across many flushes under load', async () => {
      const transport = new FakeTransport();
      transport.auto = () => undefined;
      const acc = new Accumulator(transport, { lingerMs: 3, batchBytes: 350, maxBufferedBytes: 1_000_000 });
      const added = new Map<number, string[]>();
      const waits: Promise<void>[] = [];
      for (let i = 0; i < 200; i++) {
        const partition = (i * 7) % 3;
        const r = rec(`p${partition}-${i}`, 60 + ((i * 37) % 90));
        added.set(partition, [...(added.get(partition) ?? []), r.value]);
        waits.push(acc.add('events', partition, r));
        if (i % 17 === 0) await jest.advanceTimersByTimeAsync(2);
        if (i % 29 === 0) await settle();
      }
      await acc.flush();
      await Promise.all(waits);
      const sent = new Map<number, string[]>();
      for (const call of transport.calls) {
        // A request holds at most one chunk per partition.
        expect(new Set(call.map((b) => `${b.topic}/${b.partition}`)).size).toBe(call.length);
        for (const b of call) sent.set(b.partition, [...(sent.get(b.partition) ?? []), ...b.records.map((r) => r.value)]);
      }
      expect(sent).toEqual(added);
      expect(transport.maxInFlight).toBe(1);
      expect(transport.calls.length).toBeGreaterThan(3);
    });

    it('sends records added while a request is in flight after it, in order', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 100_000 });
      const a = rec('a');
      void acc.add('t', 0, a);
      await jest.advanceTimersByTimeAsync(10);
      expect(transport.calls).toHaveLength(1);
      const b = rec('b');
      const c = rec('c');
      void acc.add('t', 0, b);
      void acc.add('t', 0, c);
      // The linger of b elapses while a is still in flight: nothing is sent until a is acknowledged.
      await jest.advanceTimersByTimeAsync(50);
      expect(transport.calls).toHaveLength(1);
      await transport.ack();
      expect(transport.calls).toHaveLength(2);
      expect(transport.calls[1]).toEqual([{ topic: 't', partition: 0, records: [b, c] }]);
    });
  });

  describe('failures', () => {
    it('rejects exactly the records of the failed request, and later records still succeed', async () => {
      const transport = new FakeTransport();
      const onError = jest.fn();
      const acc = new Accumulator(transport, { lingerMs: 60_000, batchBytes: 200, maxBufferedBytes: 100_000, onError });
      const records = Array.from({ length: 4 }, (_, i) => rec(`r${i}`));
      // Partition 1 lingers; partition 0 fills up and takes partition 1's chunk along in the same request.
      const other = track(acc.add('t', 1, rec('other')));
      const first = records.slice(0, 2).map((r) => track(acc.add('t', 0, r)));
      const second = records.slice(2).map((r) => track(acc.add('t', 0, r)));
      expect(transport.calls).toHaveLength(1);
      expect(transport.calls[0]).toHaveLength(2);

      const boom = new Error('NOT_ENOUGH_REPLICAS');
      await transport.fail(boom);
      expect(first.map((w) => w.state)).toEqual(['rejected', 'rejected']);
      expect(first[0]!.error).toBe(boom);
      expect(other.state).toBe('rejected');
      expect(second.map((w) => w.state)).toEqual(['pending', 'pending']);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError).toHaveBeenCalledWith(boom, 3);

      expect(transport.calls).toHaveLength(2);
      expect(transport.calls[1]).toEqual([{ topic: 't', partition: 0, records: records.slice(2) }]);
      await transport.ack();
      expect(second.map((w) => w.state)).toEqual(['resolved', 'resolved']);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(acc.pendingBytes).toBe(0);

      const later = track(acc.add('t', 0, rec('later')));
      await jest.advanceTimersByTimeAsync(60_000);
      await transport.ack();
      expect(later.state).toBe('resolved');
    });

    it('rejects add after close', async () => {
      const transport = new FakeTransport();
      transport.auto = () => undefined;
      const acc = new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 100_000 });
      const before = acc.add('t', 0, rec('before'));
      await acc.close();
      await expect(before).resolves.toBeUndefined();
      expect(transport.calls).toHaveLength(1);
      const refused = await acc.add('t', 0, rec('after')).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(HalongError);
      expect((refused as HalongError).code).toBe('HALONG_KAFKA_BUFFER_CLOSED');
      expect((refused as HalongError).status).toBe(503);
      await jest.advanceTimersByTimeAsync(1000);
      expect(transport.calls).toHaveLength(1);
      expect(acc.pendingBytes).toBe(0);
    });
  });

  describe('memory bound', () => {
    it('resolves waitForRoom at once while under the bound', async () => {
      const acc = new Accumulator(new FakeTransport(), { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 300 });
      void acc.add('t', 0, rec('a'));
      const room = track(acc.waitForRoom());
      await settle();
      expect(room.state).toBe('resolved');
    });

    it('blocks waitForRoom while pendingBytes >= maxBufferedBytes and resumes after the ack', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 200 });
      void acc.add('t', 0, rec('a'));
      void acc.add('t', 0, rec('b'));
      expect(acc.pendingBytes).toBe(200);
      const room = track(acc.waitForRoom());
      await settle();
      expect(room.state).toBe('pending');

      // Sent but not yet acknowledged still counts against the bound.
      await jest.advanceTimersByTimeAsync(10);
      expect(transport.calls).toHaveLength(1);
      expect(room.state).toBe('pending');
      expect(acc.pendingBytes).toBe(200);

      await transport.ack();
      expect(acc.pendingBytes).toBe(0);
      expect(room.state).toBe('resolved');
    });

    it('keeps waiting when an ack frees too little room', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 200 });
      void acc.add('t', 0, rec('a'));
      await jest.advanceTimersByTimeAsync(10);
      // While a is in flight, b and c pile up: 300 bytes pending.
      void acc.add('t', 0, rec('b'));
      void acc.add('t', 0, rec('c'));
      expect(acc.pendingBytes).toBe(300);
      const room = track(acc.waitForRoom());
      await transport.ack();
      expect(acc.pendingBytes).toBe(200);
      expect(room.state).toBe('pending');
      await jest.advanceTimersByTimeAsync(10);
      await transport.ack();
      expect(acc.pendingBytes).toBe(0);
      expect(room.state).toBe('resolved');
    });

    it('also frees room when a request fails', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 100 });
      const lost = track(acc.add('t', 0, rec('a')));
      const room = track(acc.waitForRoom());
      await jest.advanceTimersByTimeAsync(10);
      await transport.fail(new Error('broker down'));
      expect(lost.state).toBe('rejected');
      expect(acc.pendingBytes).toBe(0);
      expect(room.state).toBe('resolved');
    });
  });

  describe('flush', () => {
    it('resolves at once when nothing is buffered', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 1000 });
      await expect(acc.flush()).resolves.toBeUndefined();
      expect(transport.calls).toHaveLength(0);
    });

    it('sends without waiting for linger and resolves only when every chunk is acknowledged', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 60_000, batchBytes: 200, maxBufferedBytes: 100_000 });
      const waits = [0, 0, 0, 0, 0, 1].map((p, i) => track(acc.add('t', p, rec(`r${i}`))));
      await settle();
      // Partition 0 had full chunks: one request is already out.
      expect(transport.calls).toHaveLength(1);
      const flushed = track(acc.flush());
      for (let i = 0; i < 2; i++) {
        await settle();
        expect(flushed.state).toBe('pending');
        await transport.ack();
      }
      expect(transport.waiting).toBe(1);
      expect(flushed.state).toBe('pending');
      await transport.ack();
      await settle();
      expect(flushed.state).toBe('resolved');
      expect(waits.every((w) => w.state === 'resolved')).toBe(true);
      expect(transport.calls.flat().flatMap((b) => b.records)).toHaveLength(6);
      expect(acc.pendingBytes).toBe(0);
    });

    it('waits for the request already in flight', async () => {
      const transport = new FakeTransport();
      const acc = new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 100_000 });
      void acc.add('t', 0, rec('a'));
      await jest.advanceTimersByTimeAsync(10);
      const flushed = track(acc.flush());
      await settle();
      expect(flushed.state).toBe('pending');
      await transport.ack();
      await settle();
      expect(flushed.state).toBe('resolved');
    });

    it('settles even when a request failed; the failure is reported to the sender of the record', async () => {
      const transport = new FakeTransport();
      transport.auto = (call) => (call === 0 ? new Error('rejected') : undefined);
      const acc = new Accumulator(transport, { lingerMs: 10, batchBytes: 1000, maxBufferedBytes: 100_000 });
      const a = acc.add('t', 0, rec('a'));
      await expect(acc.flush()).resolves.toBeUndefined();
      await expect(a).rejects.toThrow('rejected');
    });
  });
});
