import { HalongError } from '../../error-codes';

/** A record ready to send: already serialised, partition chosen. */
export interface OutRecord {
  key: string | null;
  value: string;
  headers?: Record<string, string>;
}

/** What the accumulator needs from Kafka: send several partition batches in one go. */
export interface BatchTransport {
  sendBatch(batches: { topic: string; partition: number; records: OutRecord[] }[]): Promise<void>;
}

export interface AccumulatorOptions {
  lingerMs: number;
  batchBytes: number;
  maxBufferedBytes: number;
  /**
   * Requests in flight at once (default 1). With more than one, a partition's order holds
   * unless a request is retried — the Java producer's max.in.flight rule.
   */
  maxInFlight?: number;
  onError?: (err: unknown, records: number) => void;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

interface Chunk {
  records: OutRecord[];
  bytes: number;
  done: Deferred;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A chunk nobody awaits (all its senders gave up) must not crash the process.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * kafkajs sends what it is given at once; this collects records per partition and sends a
 * partition's chunk when it reaches `batchBytes` or `lingerMs` after its first record.
 * Up to `maxInFlight` requests run at once; records pile up meanwhile, so batches grow with
 * load. Memory is bounded by `maxBufferedBytes`.
 */
export class Accumulator {
  private readonly buffers = new Map<string, { topic: string; partition: number; chunks: Chunk[] }>();
  private bufferedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private flushAgain = false;
  private roomWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly transport: BatchTransport,
    private readonly options: AccumulatorOptions,
  ) {}

  /** Bytes accepted but not yet acknowledged by Kafka. */
  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  /** Waits while the buffer is over its bound: the caller's producer slows down instead of memory growing. */
  async waitForRoom(): Promise<void> {
    while (this.bufferedBytes >= this.options.maxBufferedBytes) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  /** Adds one record; the promise settles when the chunk holding it is acknowledged or fails. */
  add(topic: string, partition: number, record: OutRecord): Promise<void> {
    if (this.closed) return Promise.reject(new HalongError('HALONG_KAFKA_BUFFER_CLOSED'));
    // Bytes on the wire (UTF-8), not UTF-16 units: batchBytes must bound what Kafka receives.
    const bytes = Buffer.byteLength(record.value) + (record.key ? Buffer.byteLength(record.key) : 0) + 16;
    const id = `${topic}\u0000${partition}`;
    let buffer = this.buffers.get(id);
    if (!buffer) {
      buffer = { topic, partition, chunks: [] };
      this.buffers.set(id, buffer);
    }
    let chunk = buffer.chunks[buffer.chunks.length - 1];
    if (!chunk || (chunk.bytes + bytes > this.options.batchBytes && chunk.records.length > 0)) {
      chunk = { records: [], bytes: 0, done: deferred() };
      buffer.chunks.push(chunk);
    }
    chunk.records.push(record);
    chunk.bytes += bytes;
    this.bufferedBytes += bytes;
    if (chunk.bytes >= this.options.batchBytes || buffer.chunks.length > 1) this.requestFlush();
    else this.timer ??= setTimeout(() => this.requestFlush(), this.options.lingerMs);
    return chunk.done.promise;
  }

  /** Sends everything buffered now and resolves when it is all acknowledged. */
  async flush(): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const b of this.buffers.values()) for (const c of b.chunks) waits.push(c.done.promise);
    while (this.buffers.size || this.inflight.size) {
      this.requestFlush();
      if (this.inflight.size) await Promise.race(this.inflight);
    }
    await Promise.allSettled(waits);
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private requestFlush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffers.size) return;
    if (this.inflight.size >= (this.options.maxInFlight ?? 1)) {
      this.flushAgain = true;
      return;
    }
    const taken: { topic: string; partition: number; chunk: Chunk }[] = [];
    for (const [id, b] of this.buffers) {
      const chunk = b.chunks.shift()!;
      taken.push({ topic: b.topic, partition: b.partition, chunk });
      if (!b.chunks.length) this.buffers.delete(id);
    }
    const bytes = taken.reduce((n, t) => n + t.chunk.bytes, 0);
    const records = taken.reduce((n, t) => n + t.chunk.records.length, 0);
    const request: Promise<void> = this.transport
      .sendBatch(taken.map((t) => ({ topic: t.topic, partition: t.partition, records: t.chunk.records })))
      .then(
        () => taken.forEach((t) => t.chunk.done.resolve()),
        (err: unknown) => {
          this.options.onError?.(err, records);
          taken.forEach((t) => t.chunk.done.reject(err));
        },
      )
      .finally(() => {
        this.bufferedBytes -= bytes;
        this.inflight.delete(request);
        this.roomWaiters.splice(0).forEach((wake) => wake());
        const full = [...this.buffers.values()].some((b) => b.chunks.length > 1 || b.chunks[0]!.bytes >= this.options.batchBytes);
        if (this.flushAgain || full) {
          this.flushAgain = false;
          this.requestFlush();
        } else if (this.buffers.size) {
          this.timer ??= setTimeout(() => this.requestFlush(), this.options.lingerMs);
        }
      });
    this.inflight.add(request);
  }
}
