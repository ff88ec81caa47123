import { createRemoteJWKSet, customFetch } from 'jose';
import type { RemoteJWKSetOptions } from 'jose';
import type { Clock } from './clock';
import type { KeyResolver, OidcKeySource } from './key-source';
import { assertFetchableUrl, discoverJwksUri } from './oidc-discovery';

const DEFAULTS = { cooldownMs: 30_000, cacheMaxAgeMs: 600_000, timeoutMs: 5_000 };
const MAX_DISCOVERY_RETRY_MS = 5_000;

/**
 * A key resolver for a remote OIDC issuer. Discovery runs on the first verification (and again
 * after a failed attempt, at most every 5 s); the JWKS is cached and refetched by jose on an unknown kid once the
 * cooldown has passed. Fetch failures reject; the verifier turns them into a deny.
 */
export function oidcKeyResolver(issuer: string, source: OidcKeySource, clock: Clock): KeyResolver {
  const allowHttp = source.allowHttp === true;
  assertFetchableUrl(issuer, 'issuer', allowHttp);
  const fetchImpl = source.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = source.timeoutMs ?? DEFAULTS.timeoutMs;
  const retryMs = Math.min(source.cooldownMs ?? DEFAULTS.cooldownMs, MAX_DISCOVERY_RETRY_MS);
  let remote: Promise<KeyResolver> | undefined;
  let failedAt: number | undefined;

  const load = async (): Promise<KeyResolver> => {
    const jwksUri = await discoverJwksUri(issuer, fetchImpl, timeoutMs, allowHttp);
    const options: RemoteJWKSetOptions = {
      cooldownDuration: source.cooldownMs ?? DEFAULTS.cooldownMs,
      cacheMaxAge: source.cacheMaxAgeMs ?? DEFAULTS.cacheMaxAgeMs,
      timeoutDuration: timeoutMs,
      [customFetch]: fetchImpl,
    };
    return createRemoteJWKSet(jwksUri, options);
  };

  return async (header, token) => {
    if (remote === undefined || (failedAt !== undefined && failedAt + retryMs <= clock())) {
      failedAt = undefined;
      remote = load().catch((error: unknown) => {
        failedAt = clock();
        throw error;
      });
    }
    const resolve = await remote;
    return resolve(header, token);
  };
}
