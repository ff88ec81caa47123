import type { JSONWebKeySet } from 'jose';
import type { Clock } from './clock';
import type { SigningKey } from './signing-key';
import { systemClock } from './clock';

/** A signing key kept in the JWKS after rotation until `retireAt` (ms since the Unix epoch). */
export interface RetiredSigningKey {
  readonly key: SigningKey;
  readonly retireAt: number;
}

/** The current signing key plus previous ones still published for tokens they signed. */
export interface SigningKeyRing {
  current(): SigningKey;
  /** Makes `next` current; the old current stays in the JWKS for `retentionSeconds`. */
  rotate(next: SigningKey): void;
  /** Previous keys still published. */
  previous(): readonly RetiredSigningKey[];
  /** Public JWKS: current first, then previous keys not yet retired. Same object until it changes. */
  jwks(): JSONWebKeySet;
}

export interface SigningKeyRingOptions {
  readonly current: SigningKey;
  readonly previous?: readonly RetiredSigningKey[];
  /** How long a rotated-out key stays published: at least the longest token lifetime plus clock tolerance. */
  readonly retentionSeconds: number;
  readonly clock?: Clock;
}

/** Creates a key ring; retired keys drop out of the JWKS once their time has passed. */
export function createSigningKeyRing(options: SigningKeyRingOptions): SigningKeyRing {
  const clock = options.clock ?? systemClock;
  let current = options.current;
  let previous: RetiredSigningKey[] = [...(options.previous ?? [])];
  let published: { ids: string; jwks: JSONWebKeySet } | undefined;

  const live = (): RetiredSigningKey[] => {
    const now = clock();
    previous = previous.filter((p) => p.retireAt > now && p.key.kid !== current.kid);
    return previous;
  };

  return {
    current: () => current,
    rotate(next) {
      if (next.kid === current.kid) return;
      previous = [{ key: current, retireAt: clock() + options.retentionSeconds * 1000 }, ...previous];
      current = next;
    },
    previous: () => [...live()],
    jwks() {
      const keys = [current, ...live().map((p) => p.key)];
      const ids = keys.map((k) => k.kid).join(' ');
      if (published?.ids !== ids) {
        published = { ids, jwks: Object.freeze({ keys: Object.freeze(keys.map((k) => ({ ...k.publicJwk }))) }) as JSONWebKeySet };
      }
      return published.jwks;
    },
  };
}
