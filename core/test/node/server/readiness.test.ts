import type { ReadinessCheck } from '@halong/core/node';
import { checkReadiness } from '@halong/core/node';

const never = (): Promise<string> => new Promise<string>(() => undefined);

describe('checkReadiness', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.clearAllTimers();
    jest.useRealTimers();
  });

  it('is ready with no checks', async () => {
    await expect(checkReadiness([])).resolves.toEqual({ status: 'ready', engines: {} });
  });

  it('is ready when every check resolves, with each detail', async () => {
    const result = await checkReadiness([
      { name: 'opensearch', check: async () => 'cluster halong is green' },
      { name: 'kafka', check: async () => 'cluster x with 1 broker(s)' },
    ]);
    expect(result).toEqual({
      status: 'ready',
      engines: {
        opensearch: { status: 'ready', latencyMs: expect.any(Number), detail: 'cluster halong is green' },
        kafka: { status: 'ready', latencyMs: expect.any(Number), detail: 'cluster x with 1 broker(s)' },
      },
    });
    // No timeout timer is left behind.
    expect(jest.getTimerCount()).toBe(0);
  });

  it('is not ready when one check rejects, and reports its reason', async () => {
    const result = await checkReadiness([
      { name: 'opensearch', check: async () => 'green' },
      { name: 'kafka', check: async () => Promise.reject(new Error('There is no leader for this topic-partition')) },
    ]);
    expect(result.status).toBe('not_ready');
    expect(result.engines.opensearch!.status).toBe('ready');
    expect(result.engines.kafka).toEqual({ status: 'unavailable', latencyMs: expect.any(Number), detail: 'There is no leader for this topic-partition' });
  });

  it('treats a check that throws synchronously as unavailable', async () => {
    const check: ReadinessCheck = {
      name: 'peer',
      check: () => {
        throw new Error('not configured');
      },
    };
    await expect(checkReadiness([check])).resolves.toEqual({
      status: 'not_ready',
      engines: { peer: { status: 'unavailable', latencyMs: expect.any(Number), detail: 'not configured' } },
    });
  });

  it('reports a check that never answers as unavailable after the timeout, and not before', async () => {
    let settled = false;
    const pending = checkReadiness([{ name: 'kafka', check: never }], 1000).then((r) => {
      settled = true;
      return r;
    });
    await jest.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    const result = await pending;
    expect(result).toEqual({
      status: 'not_ready',
      engines: { kafka: { status: 'unavailable', latencyMs: expect.any(Number), detail: 'no answer within 1000 ms' } },
    });
    expect(result.engines.kafka!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('uses a 3 second timeout by default', async () => {
    let settled = false;
    const pending = checkReadiness([{ name: 'opensearch', check: never }]).then((r) => {
      settled = true;
      return r;
    });
    await jest.advanceTimersByTimeAsync(2999);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect((await pending).engines.opensearch!.detail).toBe('no answer within 3000 ms');
  });

  it('runs the checks in parallel: a slow check does not delay the others past the timeout', async () => {
    const slow = (ms: number, detail: string) => () => new Promise<string>((resolve) => setTimeout(() => resolve(detail), ms));
    let settled = false;
    const pending = checkReadiness(
      [
        { name: 'a', check: slow(400, 'a ok') },
        { name: 'b', check: slow(400, 'b ok') },
        { name: 'c', check: never },
      ],
      500,
    ).then((r) => {
      settled = true;
      return r;
    });
    await jest.advanceTimersByTimeAsync(500);
    expect(settled).toBe(true);
    const result = await pending;
    expect(result.status).toBe('not_ready');
    expect(result.engines.a).toMatchObject({ status: 'ready', detail: 'a ok' });
    expect(result.engines.b).toMatchObject({ status: 'ready', detail: 'b ok' });
    expect(result.engines.c).toMatchObject({ status: 'unavailable', detail: 'no answer within 500 ms' });
  });

  it('measures the latency of each check', async () => {
    const pending = checkReadiness([{ name: 'slow', check: () => new Promise((resolve) => setTimeout(() => resolve('ok'), 250)) }], 1000);
    await jest.advanceTimersByTimeAsync(250);
    expect((await pending).engines.slow!.latencyMs).toBe(250);
  });
});
