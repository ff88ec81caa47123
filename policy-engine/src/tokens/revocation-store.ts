import type { Clock } from './clock';
import { systemClock } from './clock';

/**
 * Revoked token ids (`jti`). An entry only needs to live until the token it names expires; stores
 * may drop it afterwards. Implementations backed by a remote store should keep a local mirror:
 * `isRevoked` runs on every verification, cached or not.
 */
export interface RevocationStore {
  isRevoked(jti: string): boolean | Promise<boolean>;
  /** Revokes a token id until `expiresAt` (seconds since the Unix epoch, the token's `exp`). */
  revoke(jti: string, expiresAt: number): void | Promise<void>;
}

export interface MemoryRevocationStoreOptions {
  clock?: Clock;
  /** Extra time an entry is kept after its `expiresAt`; cover the verifiers' clock tolerance. Default 300 s. */
  graceSeconds?: number;
}

/** The in-memory store, with `prune()` to drop entries past their expiry and `size`. */
export interface MemoryRevocationStore extends RevocationStore {
  isRevoked(jti: string): boolean;
  revoke(jti: string, expiresAt: number): void;
  /** Drops entries whose expiry plus grace has passed; returns how many were dropped. */
  prune(): number;
  readonly size: number;
}

const PRUNE_EVERY_MS = 60_000;

/** An in-memory revocation list, pruned at most once a minute on `revoke` and on demand. */
export function createMemoryRevocationStore(options: MemoryRevocationStoreOptions = {}): MemoryRevocationStore {
  const clock = options.clock ?? systemClock;
  const graceMs = (options.graceSeconds ?? 300) * 1000;
  const until = new Map<string, number>();
  let lastPrune = clock();

  const prune = (): number => {
    const now = clock();
    lastPrune = now;
    let dropped = 0;
    for (const [jti, keepUntil] of until) {
      if (keepUntil <= now) {
        until.delete(jti);
        dropped += 1;
      }
    }
    return dropped;
  };

  return {
    isRevoked: (jti) => until.has(jti),
    revoke(jti, expiresAt) {
      const keepUntil = expiresAt * 1000 + graceMs;
      until.set(jti, Math.max(keepUntil, until.get(jti) ?? 0));
      if (clock() - lastPrune >= PRUNE_EVERY_MS) prune();
    },
    prune,
    get size() {
      return until.size;
    },
  };
}
