import type { Clock } from './clock';
import { systemClock } from './clock';

export interface LoginLockoutOptions {
  /** Failures within the window that lock the username; default 5. */
  readonly maxFailures?: number;
  /** Sliding window the failures are counted in; default 900 s. */
  readonly windowSeconds?: number;
  /** How long a locked username stays locked; default 900 s. */
  readonly lockSeconds?: number;
  /** Most usernames tracked (known or not); the least recently touched go first. Default 100 000. */
  readonly maxTracked?: number;
  readonly clock?: Clock;
}

/** Per-username sign-in failure tracking. */
export interface LoginLockout {
  /** Seconds until the username may try again, or 0 if it is not locked. */
  lockedFor(username: string): number;
  recordFailure(username: string): void;
  recordSuccess(username: string): void;
}

interface State {
  failures: number[];
  lockedUntil: number;
}

/**
 * Locks a username after `maxFailures` failures within `windowSeconds`. Unknown usernames are
 * tracked like known ones, so a lockout does not reveal whether an account exists.
 */
export function createLoginLockout(options: LoginLockoutOptions = {}): LoginLockout {
  const clock = options.clock ?? systemClock;
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = (options.windowSeconds ?? 900) * 1000;
  const lockMs = (options.lockSeconds ?? 900) * 1000;
  const maxTracked = options.maxTracked ?? 100_000;
  const states = new Map<string, State>();

  const touch = (key: string): State => {
    const state = states.get(key) ?? { failures: [], lockedUntil: 0 };
    states.delete(key);
    states.set(key, state);
    while (states.size > maxTracked) states.delete(states.keys().next().value as string);
    return state;
  };

  return {
    lockedFor(username) {
      const state = states.get(username);
      const remaining = state === undefined ? 0 : state.lockedUntil - clock();
      return remaining > 0 ? Math.ceil(remaining / 1000) : 0;
    },
    recordFailure(username) {
      const now = clock();
      const state = touch(username);
      state.failures = state.failures.filter((at) => at > now - windowMs);
      state.failures.push(now);
      if (state.failures.length >= maxFailures) {
        state.lockedUntil = now + lockMs;
        state.failures = [];
      }
    },
    recordSuccess(username) {
      states.delete(username);
    },
  };
}
