import { createLocalJWKSet } from 'jose';
import type { JSONWebKeySet } from 'jose';
import type { KeyResolver } from './key-source';
import { assertPublicJwks } from './jwks-validation';

/**
 * A key resolver over a local JWKS. With a function, the JWKS is re-read on each (uncached)
 * verification and rebuilt only when the function returns a different object.
 */
export function localKeyResolver(jwks: JSONWebKeySet | (() => JSONWebKeySet)): KeyResolver {
  if (typeof jwks !== 'function') {
    assertPublicJwks(jwks);
    return createLocalJWKSet(jwks);
  }
  let current: JSONWebKeySet | undefined;
  let resolver: KeyResolver | undefined;
  return (header, token) => {
    const next = jwks();
    if (next !== current || resolver === undefined) {
      assertPublicJwks(next);
      resolver = createLocalJWKSet(next);
      current = next;
    }
    return resolver(header, token);
  };
}
