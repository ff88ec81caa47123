// Doubling delays with "equal jitter": collectors cut off by the same broker restart spread
// their reconnects instead of arriving in one burst, and none waits less than half the step.

/** Bounds of a backoff: the first step and the largest. */
export interface BackoffBounds {
  minMs: number;
  maxMs: number;
}

/** The delay before retry `attempt` (0 for the first): between half and all of min·2^attempt, capped at max. */
export function backoffDelay(attempt: number, bounds: BackoffBounds, random: () => number = Math.random): number {
  const step = Math.min(bounds.maxMs, bounds.minMs * 2 ** Math.min(Math.max(attempt, 0), 30));
  return Math.round(step / 2 + (step / 2) * random());
}
