// Per-(topic, partition) worker state with checkpoints. After a batch the worker's state is
// saved with the offset after it, before Kafka commits that offset; a batch that does not
// continue exactly where this process left off (first batch, reassignment, a failed batch)
// restores the checkpoint first. Records below the checkpoint's offset are already in the
// restored state and are skipped, so a replay after a crash never counts anything twice.
import { DetectionRuntimeError } from './errors';

/** The version a checkpoint write must still find (optimistic concurrency). */
export interface CheckpointVersion {
  seqNo: number;
  primaryTerm: number;
}

/** A checkpoint document. */
export interface CheckpointDoc {
  group: string;
  topic: string;
  partition: number;
  /** The first offset NOT reflected in `state`. */
  offset: string;
  state: unknown;
  saved_at: string;
}

/** A checkpoint as read back. */
export interface StoredCheckpoint {
  offset: string;
  state: unknown;
  version: CheckpointVersion;
}

/** Where checkpoints live (OpenSearch in production, a map in tests). */
export interface CheckpointStore {
  load(id: string): Promise<StoredCheckpoint | undefined>;
  /**
   * Writes only if the stored version is still `expected` (undefined: only if none exists), so a
   * worker that lost its partition cannot overwrite its successor's checkpoint.
   * @throws DetectionRuntimeError HALONG_DETECTION_CHECKPOINT_CONFLICT otherwise.
   */
  save(id: string, doc: CheckpointDoc, expected: CheckpointVersion | undefined): Promise<CheckpointVersion>;
}

/** How a worker's state is made, restored and snapshotted. */
export interface PartitionCodec<W> {
  create(): W;
  restore(worker: W, state: unknown): void;
  snapshot(worker: W): unknown;
}

/** One partition's worker and where it stands. */
export interface PartitionSlot<W> {
  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  worker: W;
  /** Records below this offset are already in the worker's state. */
  next: bigint;
  version?: CheckpointVersion;
}

/** What happened to partitions, for the API and logs. */
export interface PartitionCounters {
  restored: number;
  started: number;
  continued: number;
  unreadable: number;
  saved: number;
  skippedRecords: number;
}

export interface PartitionStatesOptions<W> {
  group: string;
  store: CheckpointStore;
  codec: PartitionCodec<W>;
  /** A checkpoint that cannot be restored: the partition starts from empty state at its offset. */
  onUnreadable?: (id: string, error: unknown) => void;
  clock?: () => Date;
}

/** The partitions this process works on, each with its restored or fresh state. */
export class PartitionStates<W> {
  private readonly held = new Map<string, PartitionSlot<W>>();
  private readonly stats: PartitionCounters = { restored: 0, started: 0, continued: 0, unreadable: 0, saved: 0, skippedRecords: 0 };

  constructor(private readonly o: PartitionStatesOptions<W>) {}

  /** The slot for a batch starting at `firstOffset`: kept if this process just did the batch before it. */
  async begin(topic: string, partition: number, firstOffset: string): Promise<PartitionSlot<W>> {
    const id = `${this.o.group}:${topic}:${partition}`;
    const held = this.held.get(id);
    if (held && held.next === BigInt(firstOffset)) {
      this.stats.continued++;
      return held;
    }
    this.held.delete(id);
    const stored = await this.o.store.load(id);
    let worker = this.o.codec.create();
    if (stored) {
      try {
        this.o.codec.restore(worker, stored.state);
        this.stats.restored++;
      } catch (error) {
        // Stalling the partition forever would be worse than starting it afresh; say so loudly.
        this.stats.unreadable++;
        this.o.onUnreadable?.(id, error);
        worker = this.o.codec.create();
      }
    } else this.stats.started++;
    const slot: PartitionSlot<W> = { id, topic, partition, worker, next: stored ? BigInt(stored.offset) : BigInt(firstOffset), ...(stored ? { version: stored.version } : {}) };
    this.held.set(id, slot);
    return slot;
  }

  /** True (and counted) when the record is already in the slot's state. */
  skip(slot: PartitionSlot<W>, offset: string): boolean {
    if (BigInt(offset) >= slot.next) return false;
    this.stats.skippedRecords++;
    return true;
  }

  /** Saves the slot's state as of `nextOffset`; the caller commits that offset only after this resolves. */
  async checkpoint(slot: PartitionSlot<W>, nextOffset: string): Promise<void> {
    const doc: CheckpointDoc = {
      group: this.o.group,
      topic: slot.topic,
      partition: slot.partition,
      offset: nextOffset,
      state: this.o.codec.snapshot(slot.worker),
      saved_at: (this.o.clock?.() ?? new Date()).toISOString(),
    };
    slot.version = await this.o.store.save(slot.id, doc, slot.version);
    slot.next = BigInt(nextOffset);
    this.stats.saved++;
  }

  /** Forgets a slot whose batch failed: its memory may hold half a batch; the next one restores. */
  discard(slot: PartitionSlot<W>): void {
    if (this.held.get(slot.id) === slot) this.held.delete(slot.id);
  }

  slots(): PartitionSlot<W>[] {
    return [...this.held.values()];
  }

  counters(): PartitionCounters {
    return { ...this.stats };
  }
}

/** The error a store throws when its conditional write loses. */
export function checkpointConflict(id: string): DetectionRuntimeError {
  return new DetectionRuntimeError('HALONG_DETECTION_CHECKPOINT_CONFLICT', `checkpoint ${id} was written by another worker since it was read; the batch will be redone from it`);
}
