/** Options of the cache of successful verifications. */
export interface VerificationCacheOptions {
  /** Most tokens kept; the least recently used goes first. Default 10 000. */
  readonly maxEntries?: number;
  /** Longest an entry is trusted without verifying the token again (key removal, JWKS rotation). Default 60 s. */
  readonly maxAgeSeconds?: number;
}

interface Entry<V> {
  readonly value: V;
  readonly expiresAtMs: number;
}

/** A bounded LRU map whose entries expire at a time given per entry, capped by a maximum age. */
export interface ExpiringLru<V> {
  get(key: string, nowMs: number): V | undefined;
  set(key: string, value: V, nowMs: number, expiresAtMs: number): void;
  clear(): void;
  readonly size: number;
}

/** Creates the LRU; `expiresAtMs` passed to `set` is capped at `nowMs + maxAge`. */
export function createExpiringLru<V>(options: VerificationCacheOptions = {}): ExpiringLru<V> {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = (options.maxAgeSeconds ?? 60) * 1000;
  const entries = new Map<string, Entry<V>>();
  return {
    get(key, nowMs) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (entry.expiresAtMs <= nowMs) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, nowMs, expiresAtMs) {
      const expires = Math.min(expiresAtMs, nowMs + maxAgeMs);
      if (maxEntries <= 0 || expires <= nowMs) return;
      entries.delete(key);
      entries.set(key, { value, expiresAtMs: expires });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}
