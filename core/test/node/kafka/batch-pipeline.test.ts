import { BatchPipeline } from '../../../src/node/kafka/batch-pipeline';

// A promise the test settles by hand.
function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('BatchPipeline', () => {
  // Sleeps are recorded and settled by the test: no real time passes.
  function setup(maxInFlight = 2, perPartition?: number) {
    const sleeps: { ms: number; wake: () => void }[] = [];
    const retries: number[] = [];
    const commitErrors: unknown[] = [];
    const pipeline = new BatchPipeline({
      maxInFlight,
      ...(perPartition !== undefined ? { perPartition } : {}),
      retryMs: 100,
      maxRetryMs: 250,
      onRetry: (_err, attempt) => retries.push(attempt),
      onCommitError: (err) => commitErrors.push(err),
      sleep: (ms) => new Promise<void>((wake) => sleeps.push({ ms, wake })),
    });
    const commits: string[] = [];
    const batch = (partitionKey: string, name: string, work: () => Promise<void>) => ({
      partitionKey,
      work,
      commit: async () => {
        commits.push(name);
      },
    });
    return { pipeline, sleeps, retries, commitErrors, commits, batch };
  }

  it('admits batches at once up to the limit, and the next one only when one is handled', async () => {
    const { pipeline, batch } = setup(2);
    const a = deferred();
    const b = deferred();
    await pipeline.submit(batch('t|0', 'a', () => a.promise));
    await pipeline.submit(batch('t|1', 'b', () => b.promise));
    expect(pipeline.active).toBe(2);
    let admitted = false;
    const keepAlive = jest.fn(async () => {});
    const third = pipeline.submit(batch('t|2', 'c', async () => {}), keepAlive).then(() => (admitted = true));
    await flush();
    expect(admitted).toBe(false);
    b.resolve();
    await third;
    expect(admitted).toBe(true);
    a.resolve();
    await pipeline.drain();
    expect(pipeline.active).toBe(0);
  });

  it('keeps the group alive while a batch waits for room', async () => {
    const { pipeline, batch, sleeps } = setup(1);
    const a = deferred();
    await pipeline.submit(batch('t|0', 'a', () => a.promise));
    const keepAlive = jest.fn(async () => {});
    const waiting = pipeline.submit(batch('t|0', 'b', async () => {}), keepAlive, 3_000);
    await flush();
    expect(sleeps.map((s) => s.ms)).toEqual([3_000]);
    sleeps[0]!.wake();
    await flush();
    expect(keepAlive).toHaveBeenCalledTimes(1);
    a.resolve();
    await waiting;
    await pipeline.drain();
  });

  it('with perPartition, handles several batches of one partition at once and still commits them in order', async () => {
    const { pipeline, batch, commits } = setup(4, 2);
    const a = deferred();
    const b = deferred();
    await pipeline.submit(batch('t|0', 'a', () => a.promise));
    await pipeline.submit(batch('t|0', 'b', () => b.promise));
    expect(pipeline.active).toBe(2);
    // A third of the same partition waits although the pipeline has room.
    let admitted = false;
    const third = pipeline.submit(batch('t|0', 'c', async () => {})).then(() => (admitted = true));
    await flush();
    expect(admitted).toBe(false);
    // b finishes first: it is not committed before a.
    b.resolve();
    await third;
    await flush();
    expect(commits).toEqual([]);
    a.resolve();
    await pipeline.drain();
    expect(commits).toEqual(['a', 'b', 'c']);
  });

  it('refuses a perPartition that is not a positive integer', () => {
    expect(() => setup(2, 0)).toThrow(RangeError);
  });

  it('handles the batches of one partition one at a time while other partitions go on', async () => {
    const { pipeline, batch, commits } = setup(3);
    const first = deferred();
    await pipeline.submit(batch('t|0', 'p0-first', () => first.promise));
    let secondAdmitted = false;
    const second = pipeline.submit(batch('t|0', 'p0-second', async () => {})).then(() => (secondAdmitted = true));
    await pipeline.submit(batch('t|1', 'p1-only', async () => {}));
    await flush();
    expect(secondAdmitted).toBe(false);
    expect(commits).toEqual(['p1-only']);
    first.resolve();
    await second;
    await pipeline.drain();
    expect(commits).toEqual(['p1-only', 'p0-first', 'p0-second']);
  });

  it('commits a partition in order even when an earlier commit is slow', async () => {
    const { pipeline } = setup(3);
    const order: string[] = [];
    const slowCommit = deferred();
    await pipeline.submit({ partitionKey: 't|0', work: async () => {}, commit: () => slowCommit.promise.then(() => void order.push('first')) });
    await flush();
    await pipeline.submit({ partitionKey: 't|0', work: async () => {}, commit: async () => void order.push('second') });
    await flush();
    expect(order).toEqual([]);
    slowCommit.resolve();
    await pipeline.drain();
    expect(order).toEqual(['first', 'second']);
  });

  it('handles a failed batch again, waiting longer each time up to the bound, then commits it', async () => {
    const { pipeline, batch, commits, retries, sleeps } = setup(2);
    let failures = 3;
    await pipeline.submit(
      batch('t|0', 'a', async () => {
        if (failures-- > 0) throw new Error('OpenSearch is down');
      }),
    );
    for (let i = 0; i < 3; i++) {
      await flush();
      sleeps[i]!.wake();
    }
    await pipeline.drain();
    expect(retries).toEqual([1, 2, 3]);
    expect(sleeps.map((s) => s.ms)).toEqual([100, 200, 250]);
    expect(commits).toEqual(['a']);
  });

  it('at stop, commits nothing from an unhandled batch on, and does not wait out a retry', async () => {
    const { pipeline, batch, commits } = setup(3);
    await pipeline.submit(batch('t|0', 'done', async () => {}));
    await flush();
    await pipeline.submit(
      batch('t|0', 'failing', async () => {
        throw new Error('down');
      }),
    );
    // Waits for the failing batch of its partition: never admitted.
    const after = pipeline.submit(batch('t|0', 'after', async () => {}));
    await pipeline.submit(batch('t|1', 'other', async () => {}));
    await flush();
    // The retry's sleep is never woken by the test: stop must not wait for it.
    await pipeline.stop();
    await after;
    await pipeline.drain();
    expect(commits.sort()).toEqual(['done', 'other']);
    // Nothing is admitted after stop.
    await pipeline.submit(batch('t|2', 'late', async () => {}));
    await pipeline.drain();
    expect(commits).not.toContain('late');
  });

  it('reports a failed commit and goes on committing later batches', async () => {
    const { pipeline, commitErrors } = setup(2);
    const committed: string[] = [];
    await pipeline.submit({ partitionKey: 't|0', work: async () => {}, commit: async () => Promise.reject(new Error('rebalance in progress')) });
    await pipeline.submit({ partitionKey: 't|0', work: async () => {}, commit: async () => void committed.push('second') });
    await pipeline.drain();
    expect(commitErrors).toHaveLength(1);
    expect(committed).toEqual(['second']);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new BatchPipeline({ maxInFlight: 0, retryMs: 1, maxRetryMs: 1, onRetry: () => {}, onCommitError: () => {} })).toThrow(RangeError);
  });
});
