import type { Clock } from './clock';
import type { HeaderPolicy } from './header-policy';
import type { TokenKeySource } from './key-source';
import type { RevocationStore } from './revocation-store';
import type { ClaimNames } from './token-identity';
import type { VerificationCacheOptions } from './verification-cache';
import { resolveAlgorithms } from './algorithms';
import { systemClock } from './clock';
import { DEFAULT_MAX_TOKEN_LENGTH } from './compact-jwt';
import { TokenConfigError } from './errors';
import { FORBIDDEN_HEADERS, normalizeTyp } from './header-policy';

/** Default `typ`: an OAuth 2.0 access token in JWT format (RFC 9068). */
export const DEFAULT_TOKEN_TYPE = 'at+jwt';
/** Default clock tolerance for exp, nbf and iat. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
/** Largest clock tolerance a verifier accepts. */
export const MAX_CLOCK_TOLERANCE_SECONDS = 300;

/** Options of `createTokenVerifier`; one verifier checks the tokens of one issuer. */
export interface TokenVerifierOptions {
  /** Expected `iss`, exact match; for `keys.kind: 'oidc'` also the discovery base URL. */
  readonly issuer: string;
  /** Accepted audiences; the token's `aud` must contain one of them. */
  readonly audience: string | readonly string[];
  /** Where the issuer's keys come from. */
  readonly keys: TokenKeySource;
  /** Allowed `alg` values; default ES256, EdDSA, RS256 (HS256 for a secret). */
  readonly algorithms?: readonly string[];
  /** Accepted `typ` header values; default `at+jwt`. */
  readonly typ?: string | readonly string[];
  /** Tolerance for exp, nbf and iat in seconds, 0–300; default 30. */
  readonly clockToleranceSeconds?: number;
  readonly clock?: Clock;
  /** `crit` extensions this deployment understands; default none, so any `crit` is denied. */
  readonly criticalHeaders?: readonly string[];
  /** Claims required besides exp, iat, sub (and jti unless `requireJti` is false). */
  readonly requiredClaims?: readonly string[];
  /** Require `jti` so every token can be revoked; default true. */
  readonly requireJti?: boolean;
  /** Longest accepted `exp - iat`; default unbounded. */
  readonly maxLifetimeSeconds?: number;
  /** Revoked `jti`s, checked on every call (cache hits too). */
  readonly revocations?: RevocationStore;
  /** Deny tokens without `cnf['x5t#S256']`; default false (bound tokens are always enforced). */
  readonly requireCertificateBinding?: boolean;
  /** Claim names of roles, groups and site; default `roles`, `groups`, `site`. */
  readonly claimNames?: Partial<ClaimNames>;
  /** Cache of successful verifications, or false to verify every time. */
  readonly cache?: VerificationCacheOptions | false;
  /** Longest token accepted, in characters; default 8192. */
  readonly maxTokenLength?: number;
}

export interface ResolvedVerifierOptions {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly keys: TokenKeySource;
  readonly clock: Clock;
  readonly headerPolicy: HeaderPolicy;
  readonly toleranceSeconds: number;
  readonly requiredClaims: readonly string[];
  readonly maxLifetimeSeconds: number | undefined;
  readonly revocations: RevocationStore | undefined;
  readonly requireCertificateBinding: boolean;
  readonly claimNames: ClaimNames;
  readonly cache: VerificationCacheOptions | false;
  readonly maxTokenLength: number;
  /** JWKS sources select keys by kid, so a kid is required. */
  readonly requireKid: boolean;
}

/** Checks and completes verifier options; throws a `TokenConfigError` naming the bad one. */
export function resolveVerifierOptions(options: TokenVerifierOptions): ResolvedVerifierOptions {
  if (typeof options?.issuer !== 'string' || options.issuer.length === 0) throw new TokenConfigError('issuer: required');
  const audience = typeof options.audience === 'string' ? [options.audience] : [...(options.audience ?? [])];
  if (audience.length === 0 || audience.some((a) => typeof a !== 'string' || a.length === 0)) {
    throw new TokenConfigError('audience: at least one non-empty audience is required');
  }
  const keyKind = options.keys?.kind === 'secret' ? 'secret' : 'public';
  const types = typeof options.typ === 'string' ? [options.typ] : [...(options.typ ?? [DEFAULT_TOKEN_TYPE])];
  if (types.length === 0 || types.some((t) => typeof t !== 'string' || t.length === 0)) throw new TokenConfigError('typ: at least one type is required');
  const toleranceSeconds = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (!Number.isInteger(toleranceSeconds) || toleranceSeconds < 0 || toleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS) {
    throw new TokenConfigError(`clockToleranceSeconds: must be a whole number from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS}`);
  }
  const critical = [...(options.criticalHeaders ?? [])];
  for (const name of critical) {
    if (typeof name !== 'string' || name.length === 0 || name === 'b64' || FORBIDDEN_HEADERS.includes(name)) {
      throw new TokenConfigError(`criticalHeaders: "${String(name)}" cannot be declared understood`);
    }
  }
  const { maxLifetimeSeconds } = options;
  if (maxLifetimeSeconds !== undefined && !(Number.isInteger(maxLifetimeSeconds) && maxLifetimeSeconds > 0)) {
    throw new TokenConfigError('maxLifetimeSeconds: must be a positive whole number');
  }
  const required = ['exp', 'iat', 'sub', ...(options.requireJti === false ? [] : ['jti']), ...(options.requiredClaims ?? [])];
  return {
    issuer: options.issuer,
    audience,
    keys: options.keys,
    clock: options.clock ?? systemClock,
    headerPolicy: {
      algorithms: resolveAlgorithms(options.algorithms, keyKind),
      types: new Set(types.map(normalizeTyp)),
      criticalHeaders: new Set(critical),
    },
    toleranceSeconds,
    requiredClaims: [...new Set(required)],
    maxLifetimeSeconds,
    revocations: options.revocations,
    requireCertificateBinding: options.requireCertificateBinding === true,
    claimNames: { roles: 'roles', groups: 'groups', site: 'site', ...options.claimNames },
    cache: options.cache ?? {},
    maxTokenLength: options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH,
    requireKid: keyKind === 'public',
  };
}
