import type { EngineReadiness, ReadyResponse } from '../../dto';

/** Something a service needs before it can work (an engine, a peer). */
export interface ReadinessCheck {
  name: string;
  /** Resolves with a human detail when ready; throws (or rejects) with the reason when not. */
  check(): Promise<string>;
}

/** Runs every check in parallel, each bounded by `timeoutMs`. */
export async function checkReadiness(checks: readonly ReadinessCheck[], timeoutMs = 3000): Promise<ReadyResponse> {
  const results = await Promise.all(checks.map(async (c) => [c.name, await runOne(c, timeoutMs)] as const));
  const engines = Object.fromEntries(results);
  const ready = results.every(([, r]) => r.status === 'ready');
  return { status: ready ? 'ready' : 'not_ready', engines };
}

async function runOne(c: ReadinessCheck, timeoutMs: number): Promise<EngineReadiness> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const detail = await Promise.race([c.check(), timeout]);
    return { status: 'ready', latencyMs: Math.round(performance.now() - started), detail };
  } catch (err) {
    return { status: 'unavailable', latencyMs: Math.round(performance.now() - started), detail: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
