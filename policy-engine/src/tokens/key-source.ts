import type { CryptoKey, FlattenedJWSInput, JSONWebKeySet, JWSHeaderParameters } from 'jose';

/** A `fetch` the remote key source uses; the global `fetch` fits. Inject one to observe or redirect requests. */
export type FetchLike = (
  url: string,
  init: { method: 'GET'; headers: Headers; redirect: 'manual'; signal: AbortSignal },
) => Promise<Response>;

/** Public keys from a JWKS object, or from a function returning the current one (e.g. a rotating key ring). */
export interface JwksKeySource {
  readonly kind: 'jwks';
  readonly jwks: JSONWebKeySet | (() => JSONWebKeySet);
}

/**
 * Public keys of a remote OIDC issuer: `<issuer>/.well-known/openid-configuration` → `jwks_uri`,
 * fetched with jose's `createRemoteJWKSet` (cached, refetched on an unknown kid after a cooldown).
 */
export interface OidcKeySource {
  readonly kind: 'oidc';
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchLike;
  /** Minimum time between two JWKS fetches caused by unknown kids; default 30 000 ms. */
  readonly cooldownMs?: number;
  /** Maximum age of the cached JWKS; default 600 000 ms. */
  readonly cacheMaxAgeMs?: number;
  /** Timeout of each HTTP request; default 5 000 ms. */
  readonly timeoutMs?: number;
  /** Allow plain `http:` issuer and JWKS URLs. Only for tests and loopback development. */
  readonly allowHttp?: boolean;
}

/** A shared HMAC secret, the only way HS* algorithms are ever accepted (at least 32 bytes). */
export interface SecretKeySource {
  readonly kind: 'secret';
  readonly secret: Uint8Array;
}

/** Where a verifier takes an issuer's keys from; never from the token itself. */
export type TokenKeySource = JwksKeySource | OidcKeySource | SecretKeySource;

export type KeyResolver = (header: JWSHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey | Uint8Array>;
