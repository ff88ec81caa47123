// Two small concurrency helpers: a FIFO mutex, and a task that coalesces requests made while
// it runs into one more run (group commit for the cursor).

export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}

export class CoalescingTask {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly task: () => Promise<void>) {}

  // A request made while a run is in progress may have changed what the run must do, so it
  // waits for a fresh run; all such requests share that one run.
  request(): Promise<void> {
    if (this.running === undefined) return this.start();
    if (this.queued === undefined) {
      this.queued = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.start();
        });
    }
    return this.queued;
  }

  idle(): Promise<void> {
    return (this.queued ?? this.running ?? Promise.resolve()).catch(() => undefined);
  }

  private start(): Promise<void> {
    const run = this.task().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
