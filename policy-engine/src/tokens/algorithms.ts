import { TokenConfigError } from './errors';

/** Default allow-list for issuers with public keys. */
export const DEFAULT_ALGORITHMS: readonly string[] = Object.freeze(['ES256', 'EdDSA', 'RS256']);

/** Signature algorithms that may be allowed for a JWKS (public key) source. */
export const ASYMMETRIC_ALGORITHMS: readonly string[] = Object.freeze([
  'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512',
]);

/** HMAC algorithms: only ever allowed with an explicitly configured shared secret. */
export const SYMMETRIC_ALGORITHMS: readonly string[] = Object.freeze(['HS256', 'HS384', 'HS512']);

/**
 * Resolves and checks an issuer's algorithm allow-list against the kind of key configured for it.
 * `none` is never allowed; HS* only with a symmetric secret, and a secret only with HS*, so an
 * attacker cannot make the verifier use public key bytes as an HMAC secret (key confusion).
 */
export function resolveAlgorithms(requested: readonly string[] | undefined, keyKind: 'public' | 'secret'): ReadonlySet<string> {
  const list = requested ?? (keyKind === 'secret' ? ['HS256'] : DEFAULT_ALGORITHMS);
  if (list.length === 0) throw new TokenConfigError('algorithms: the allow-list is empty');
  for (const alg of list) {
    if (typeof alg !== 'string' || alg.toLowerCase() === 'none') {
      throw new TokenConfigError(`algorithms: "${String(alg)}" is never allowed`);
    }
    const symmetric = SYMMETRIC_ALGORITHMS.includes(alg);
    if (keyKind === 'public' && symmetric) {
      throw new TokenConfigError(`algorithms: "${alg}" needs a shared secret configured for this issuer, not a JWKS`);
    }
    if (keyKind === 'secret' && !symmetric) {
      throw new TokenConfigError(`algorithms: "${alg}" cannot be verified with a shared secret`);
    }
    if (!symmetric && !ASYMMETRIC_ALGORITHMS.includes(alg)) {
      throw new TokenConfigError(`algorithms: "${alg}" is not a supported signature algorithm`);
    }
  }
  return new Set(list);
}
