// kafkajs fetches, hands the batches to eachBatch and fetches again only once every batch
// was handled: a consumer whose handler waits on a slow peer (the indexer on OpenSearch's bulk)
// leaves that peer idle between fetches. The pipeline lets eachBatch return once a batch is
// admitted, so the next fetch overlaps the handling. One partition's batches are handled one
// at a time by default, in order (a later version of a document never overtakes an earlier
// one); a handler whose writes commute (idempotent creates, merges) may allow several at once.
// At-least-once is kept either way: a batch's
// offset is committed only after it and every earlier batch of its partition were handled,
// and a failed batch is handled again in place (the records are still in memory) until it
// succeeds or the consumer stops — then nothing from it on is committed and it comes again.

/** How the pipeline runs; time-based parts are injectable for tests. */
export interface BatchPipelineOptions {
  /** Batches being handled at once, across partitions. */
  maxInFlight: number;
  /**
   * Batches of one partition handled at once (default 1). More is safe only when the handler's
   * effects do not depend on their order; commits stay in order regardless.
   */
  perPartition?: number;
  /** First wait before a failed batch is handled again; doubles up to {@link BatchPipelineOptions.maxRetryMs}. */
  retryMs: number;
  maxRetryMs: number;
  /** Called when a batch failed and will be handled again. */
  onRetry(err: unknown, attempt: number): void;
  /** Called when a commit failed (a rebalance moved the partition): a later commit covers it. */
  onCommitError(err: unknown): void;
  sleep?: (ms: number) => Promise<void>;
}

/** One admitted batch: its work, and the commit of its end offset once the work is done in order. */
export interface PipelinedBatch {
  /** Orders commits: topic and partition. */
  partitionKey: string;
  work(): Promise<void>;
  commit(): Promise<void>;
}

/** Overlaps batch handling with the next fetch, committing per partition in order. */
export class BatchPipeline {
  private inFlight = 0;
  private stopping = false;
  private readonly roomWaiters: (() => void)[] = [];
  // Batches being handled, per partition.
  private readonly busy = new Map<string, number>();
  private readonly perPartition: number;
  // The last commit step of each partition; the next batch of the partition commits after it.
  private readonly tails = new Map<string, Promise<boolean>>();
  private readonly pending = new Set<Promise<boolean>>();
  private readonly sleep: (ms: number) => Promise<void>;
  private wakeAll!: () => void;
  // Resolves at stop, so no retry wait outlives the consumer.
  private readonly stopped = new Promise<void>((resolve) => (this.wakeAll = resolve));

  constructor(private readonly options: BatchPipelineOptions) {
    if (!Number.isSafeInteger(options.maxInFlight) || options.maxInFlight < 1) throw new RangeError('maxInFlight must be a positive integer');
    this.perPartition = options.perPartition ?? 1;
    if (!Number.isSafeInteger(this.perPartition) || this.perPartition < 1) throw new RangeError('perPartition must be a positive integer');
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
  }

  /** Batches admitted and not yet handled. */
  get active(): number {
    return this.inFlight;
  }

  /**
   * Admits a batch once fewer than maxInFlight are being handled and fewer than perPartition of
   * its partition, calling `keepAlive` while it waits (the group's heartbeat); resolves when
   * admitted, not when handled.
   */
  async submit(batch: PipelinedBatch, keepAlive: () => Promise<void> = async () => {}, keepAliveMs = 3_000): Promise<void> {
    while ((this.inFlight >= this.options.maxInFlight || (this.busy.get(batch.partitionKey) ?? 0) >= this.perPartition) && !this.stopping) {
      await Promise.race([new Promise<void>((resolve) => this.roomWaiters.push(resolve)), this.sleep(keepAliveMs)]);
      await keepAlive();
    }
    if (this.stopping) return;
    this.inFlight += 1;
    this.busy.set(batch.partitionKey, (this.busy.get(batch.partitionKey) ?? 0) + 1);
    const handled = this.handleUntilDone(batch).finally(() => {
      this.inFlight -= 1;
      const left = this.busy.get(batch.partitionKey)! - 1;
      if (left > 0) this.busy.set(batch.partitionKey, left);
      else this.busy.delete(batch.partitionKey);
      // Every waiter checks again: one woken by its keep-alive timer leaves a stale entry here.
      for (const wake of this.roomWaiters.splice(0)) wake();
    });
    const previous = this.tails.get(batch.partitionKey) ?? Promise.resolve(true);
    const tail = Promise.all([previous, handled]).then(async ([earlierCommitted, ok]) => {
      // A batch abandoned at stop breaks the chain: nothing after it may be committed. One
      // handled before the consumer disconnects is committed, so it is not delivered again.
      if (!earlierCommitted || !ok) return false;
      try {
        await batch.commit();
      } catch (err) {
        this.options.onCommitError(err);
      }
      return true;
    });
    this.tails.set(batch.partitionKey, tail);
    this.pending.add(tail);
    void tail.finally(() => {
      this.pending.delete(tail);
      if (this.tails.get(batch.partitionKey) === tail) this.tails.delete(batch.partitionKey);
    });
  }

  /** Waits for every admitted batch to be handled and committed (or abandoned). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /**
   * Admits nothing more and stops retrying; waits for running handlers and commits what they
   * finished. A batch not handled is delivered again after a restart.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeAll();
    for (const wake of this.roomWaiters.splice(0)) wake();
    await this.drain();
  }

  private async handleUntilDone(batch: PipelinedBatch): Promise<boolean> {
    let wait = this.options.retryMs;
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        await batch.work();
        return true;
      } catch (err) {
        if (this.stopping) return false;
        this.options.onRetry(err, attempt);
        await Promise.race([this.sleep(wait), this.stopped]);
        wait = Math.min(wait * 2, this.options.maxRetryMs);
      }
    }
    return false;
  }
}
