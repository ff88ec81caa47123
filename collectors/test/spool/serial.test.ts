import { CoalescingTask, Mutex } from '../../src/spool/serial';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Mutex', () => {
  it('runs tasks one at a time in call order, also after a failure', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
    };
    const results = await Promise.allSettled([mutex.run(task('a')), mutex.run(task('b', true)), mutex.run(task('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});

describe('CoalescingTask', () => {
  it('folds requests made during a run into one more run', async () => {
    let runs = 0;
    const task = new CoalescingTask(async () => {
      runs += 1;
      await tick();
    });
    const first = task.request();
    const later = [task.request(), task.request(), task.request()];
    await Promise.all([first, ...later]);
    expect(runs).toBe(2);
    await task.request();
    expect(runs).toBe(3);
  });
});
