import type { PartitionCodec } from '../../src/runtime';
import { PartitionStates } from '../../src/runtime';
import { MemoryCheckpointStore } from './support';

/** A worker that sums what it saw: enough to tell restored state from fresh state. */
interface Sum {
  total: number;
}
const codec: PartitionCodec<Sum> = {
  create: () => ({ total: 0 }),
  restore: (w, s) => {
    if (typeof (s as Sum)?.total !== 'number') throw new Error('not a sum');
    w.total = (s as Sum).total;
  },
  snapshot: (w) => ({ total: w.total }),
};

/** What a worker's handler does with a batch of (offset, amount). */
async function batch(states: PartitionStates<Sum>, records: [number, number][], partition = 0) {
  const slot = await states.begin('events', partition, String(records[0]![0]));
  for (const [offset, amount] of records) if (!states.skip(slot, String(offset))) slot.worker.total += amount;
  await states.checkpoint(slot, String(records[records.length - 1]![0] + 1));
  return slot.worker.total;
}

describe('PartitionStates', () => {
  it('starts a partition without a checkpoint afresh, then continues in memory', async () => {
    const store = new MemoryCheckpointStore();
    const states = new PartitionStates({ group: 'g', store, codec });
    expect(await batch(states, [[0, 1], [1, 2]])).toBe(3);
    expect(await batch(states, [[2, 4]])).toBe(7);
    expect(store.loads).toBe(1);
    expect(store.docs.get('g:events:0')?.doc).toMatchObject({ group: 'g', topic: 'events', partition: 0, offset: '3', state: { total: 7 } });
    expect(states.counters()).toMatchObject({ started: 1, continued: 1, restored: 0, saved: 2 });
  });

  it('restores the checkpoint on (re)assignment, in another process too', async () => {
    const store = new MemoryCheckpointStore();
    await batch(new PartitionStates({ group: 'g', store, codec }), [[0, 5], [1, 5]]);
    const next = new PartitionStates({ group: 'g', store, codec });
    expect(await batch(next, [[2, 1]])).toBe(11);
    expect(next.counters()).toMatchObject({ restored: 1, started: 0 });
  });

  it('skips what the checkpoint already holds when Kafka replays uncommitted records (no double count)', async () => {
    const store = new MemoryCheckpointStore();
    await batch(new PartitionStates({ group: 'g', store, codec }), [[0, 5], [1, 5]]);
    // The process died after the checkpoint, before the commit: the batch comes again.
    const next = new PartitionStates({ group: 'g', store, codec });
    expect(await batch(next, [[0, 5], [1, 5], [2, 1]])).toBe(11);
    expect(next.counters().skippedRecords).toBe(2);
  });

  it('restores when a batch does not continue where this process stopped (someone else moved on)', async () => {
    const store = new MemoryCheckpointStore();
    const a = new PartitionStates({ group: 'g', store, codec });
    const b = new PartitionStates({ group: 'g', store, codec });
    await batch(a, [[0, 1]]);
    await batch(b, [[1, 10]]); // b took the partition over
    expect(await batch(a, [[2, 100]])).toBe(111); // a gets it back: restores b's work first
    expect(a.counters().restored).toBe(1);
  });

  it('fences a worker that lost its partition: its late checkpoint is refused', async () => {
    const store = new MemoryCheckpointStore();
    const a = new PartitionStates({ group: 'g', store, codec });
    const b = new PartitionStates({ group: 'g', store, codec });
    await batch(a, [[0, 1]]);
    const stale = await a.begin('events', 0, '1');
    stale.worker.total += 50;
    await batch(b, [[1, 10]]);
    await expect(a.checkpoint(stale, '2')).rejects.toMatchObject({ code: 'HALONG_DETECTION_CHECKPOINT_CONFLICT' });
    expect(store.docs.get('g:events:0')?.doc.state).toEqual({ total: 11 });
  });

  it('forgets a failed batch’s half-applied state: the retry restores the checkpoint', async () => {
    const store = new MemoryCheckpointStore();
    const states = new PartitionStates({ group: 'g', store, codec });
    await batch(states, [[0, 1]]);
    const slot = await states.begin('events', 0, '1');
    slot.worker.total += 1000; // then publishing failed
    states.discard(slot);
    expect(await batch(states, [[1, 2]])).toBe(3);
  });

  it('starts afresh at the checkpoint offset when the checkpoint cannot be restored, and says so', async () => {
    const store = new MemoryCheckpointStore();
    await batch(new PartitionStates({ group: 'g', store, codec }), [[0, 1], [1, 1]]);
    store.docs.get('g:events:0')!.doc.state = 'corrupt';
    const unreadable: string[] = [];
    const states = new PartitionStates({ group: 'g', store, codec, onUnreadable: (id) => unreadable.push(id) });
    expect(await batch(states, [[0, 1], [1, 1], [2, 7]])).toBe(7);
    expect(unreadable).toEqual(['g:events:0']);
    expect(states.counters()).toMatchObject({ unreadable: 1, skippedRecords: 2 });
  });

  it('keeps partitions apart', async () => {
    const store = new MemoryCheckpointStore();
    const states = new PartitionStates({ group: 'g', store, codec });
    await batch(states, [[0, 1]], 0);
    await batch(states, [[0, 2]], 1);
    expect([...store.docs.keys()].sort()).toEqual(['g:events:0', 'g:events:1']);
    expect(states.slots().map((s) => s.worker.total).sort()).toEqual([1, 2]);
  });
});
