import { jwtVerify } from 'jose';
import type { TokenDenial } from './errors';
import type { KeyResolver } from './key-source';
import type { VerifiedToken } from './token-identity';
import type { TokenVerifierOptions } from './verifier-options';
import { checkCertificateBinding, readCertificateBinding } from './cert-binding';
import { decodeProtectedHeader } from './compact-jwt';
import { TokenDeniedError, quoted } from './errors';
import { checkProtectedHeader } from './header-policy';
import { denialFromJoseError } from './jose-errors';
import { createKeyResolver } from './key-resolver';
import { toVerifiedToken } from './token-identity';
import { createExpiringLru } from './verification-cache';
import { resolveVerifierOptions } from './verifier-options';

/** The outcome of a verification: the verified identity, or a deny with a stable code and a reason. */
export type TokenVerification = VerifiedToken | TokenDenial;

/** What the caller knows about the request besides the token. */
export interface VerifyContext {
  /** `x5t#S256` of the client certificate presented on this connection (see `certificateThumbprint`). */
  readonly certificateThumbprint?: string;
}

/** Verifies the JWTs of one issuer. */
export interface TokenVerifier {
  readonly issuer: string;
  /** Never throws for a bad token: every deny comes back as `{ ok: false, code, reason }`. */
  verify(token: string, context?: VerifyContext): Promise<TokenVerification>;
  /** Forgets every cached verification (e.g. after removing a key from the JWKS). */
  clearCache(): void;
}

interface Verified {
  readonly result: VerifiedToken;
  readonly binding: string | undefined;
}

/**
 * Creates a verifier for one issuer. Checks, in order: token shape and size; `alg` against the
 * allow-list (never `none`); no `jku`/`x5u`/`jwk`/`x5c`; `crit` only with understood extensions;
 * `typ`; a `kid` known to the configured JWKS; the signature; `iss`, `aud`, `exp`, `nbf`, `iat`
 * (with clock tolerance) and required claims; claim types. Then, on every call even when the
 * verification is cached: `jti` revocation and certificate binding (RFC 8705).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const o = resolveVerifierOptions(options);
  const resolveKey: KeyResolver = createKeyResolver(o.keys, o.issuer, o.clock);
  const cache = o.cache === false ? undefined : createExpiringLru<Verified>(o.cache);
  const joseOptions = {
    algorithms: [...o.headerPolicy.algorithms],
    issuer: o.issuer,
    audience: [...o.audience],
    clockTolerance: o.toleranceSeconds,
    requiredClaims: [...o.requiredClaims],
    crit: Object.fromEntries([...o.headerPolicy.criticalHeaders].map((name) => [name, true])),
  };

  const verifyFresh = async (token: string, nowMs: number): Promise<Verified> => {
    const header = decodeProtectedHeader(token, o.maxTokenLength);
    checkProtectedHeader(header, o.headerPolicy);
    if (o.requireKid && typeof header.kid !== 'string') {
      throw new TokenDeniedError('HALONG_TOKEN_UNKNOWN_KID', 'the token has no "kid" header; keys are selected by kid');
    }
    let payload;
    try {
      ({ payload } = await jwtVerify(token, resolveKey, { ...joseOptions, currentDate: new Date(nowMs) }));
    } catch (error) {
      throw denialFromJoseError(error, o);
    }
    const result = toVerifiedToken(payload, {
      nowSeconds: Math.floor(nowMs / 1000),
      toleranceSeconds: o.toleranceSeconds,
      maxLifetimeSeconds: o.maxLifetimeSeconds,
      claimNames: o.claimNames,
    });
    return { result, binding: readCertificateBinding(payload) };
  };

  return {
    issuer: o.issuer,
    async verify(token, context = {}) {
      const nowMs = o.clock();
      try {
        let entry = typeof token === 'string' ? cache?.get(token, nowMs) : undefined;
        if (entry === undefined) {
          entry = await verifyFresh(token, nowMs);
          cache?.set(token, entry, nowMs, entry.result.expiresAt * 1000);
        }
        const { result, binding } = entry;
        if (result.jti !== undefined && o.revocations !== undefined) {
          const answer = o.revocations.isRevoked(result.jti);
          if (typeof answer === 'boolean' ? answer : await answer) {
            throw new TokenDeniedError('HALONG_TOKEN_REVOKED', `token ${quoted(result.jti)} has been revoked`);
          }
        }
        checkCertificateBinding(binding, context.certificateThumbprint, o.requireCertificateBinding);
        return result;
      } catch (error) {
        if (error instanceof TokenDeniedError) return error.toDenial();
        throw error;
      }
    },
    clearCache: () => cache?.clear(),
  };
}
