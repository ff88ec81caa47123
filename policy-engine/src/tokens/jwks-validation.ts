import type { JSONWebKeySet } from 'jose';
import { TokenConfigError } from './errors';

const PUBLIC_KEY_TYPES = new Set(['EC', 'OKP', 'RSA']);
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Checks that a configured JWKS holds only public signature keys: no symmetric (`oct`) key,
 * no private member. Throws a `TokenConfigError` naming the offending key.
 */
export function assertPublicJwks(jwks: unknown): asserts jwks is JSONWebKeySet {
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray((jwks as { keys?: unknown }).keys)) {
    throw new TokenConfigError('jwks: expected an object with a "keys" array');
  }
  (jwks as { keys: unknown[] }).keys.forEach((key, index) => {
    if (typeof key !== 'object' || key === null) throw new TokenConfigError(`jwks: key ${index} is not an object`);
    const jwk = key as Record<string, unknown>;
    const name = typeof jwk.kid === 'string' ? `key "${jwk.kid}"` : `key ${index}`;
    if (!PUBLIC_KEY_TYPES.has(String(jwk.kty))) {
      throw new TokenConfigError(`jwks: ${name} has kty "${String(jwk.kty)}"; only EC, OKP and RSA public keys are allowed`);
    }
    const secret = PRIVATE_MEMBERS.find((member) => Object.hasOwn(jwk, member));
    if (secret !== undefined) throw new TokenConfigError(`jwks: ${name} has private member "${secret}"; publish public keys only`);
    if (jwk.use !== undefined && jwk.use !== 'sig') throw new TokenConfigError(`jwks: ${name} is not a signature key (use "${String(jwk.use)}")`);
  });
}
