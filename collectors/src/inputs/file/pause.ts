// Waits that end early when the tail closes, so close() never waits out a poll interval.

/** Sleeps shared by the followers of one tail, all woken by {@link Pause.stop}. */
export class Pause {
  private readonly sleepers = new Set<() => void>();
  private halted = false;

  /** Whether the tail is closing. */
  get stopped(): boolean {
    return this.halted;
  }

  /** Resolves after `ms`, or at once when stopped. */
  sleep(ms: number): Promise<void> {
    if (this.halted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** Ends every sleep, now and later. */
  stop(): void {
    this.halted = true;
    for (const wake of [...this.sleepers]) wake();
  }
}
