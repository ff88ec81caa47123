import type { JWTPayload } from 'jose';
import { TokenDeniedError } from './errors';
import { when } from './jose-errors';

/** A verified token: its frozen claims and the identity fields decisions use. */
export interface VerifiedToken {
  readonly ok: true;
  readonly claims: Readonly<JWTPayload>;
  readonly subject: string;
  readonly roles: readonly string[];
  readonly groups: readonly string[];
  readonly site: string | undefined;
  readonly jti: string | undefined;
  /** The `exp` claim: seconds since the Unix epoch. */
  readonly expiresAt: number;
}

/** Names of the claims that carry roles, groups and site (they differ between OIDC issuers). */
export interface ClaimNames {
  readonly roles: string;
  readonly groups: string;
  readonly site: string;
}

export interface IdentityRules {
  readonly nowSeconds: number;
  readonly toleranceSeconds: number;
  readonly maxLifetimeSeconds: number | undefined;
  readonly claimNames: ClaimNames;
}

/** Checks what jose leaves to the caller and builds the frozen result; throws a `TokenDeniedError`. */
export function toVerifiedToken(payload: JWTPayload, rules: IdentityRules): VerifiedToken {
  const { sub, iat, exp, jti } = payload as { sub: unknown; iat: number; exp: number; jti: unknown };
  if (typeof sub !== 'string' || sub.length === 0) invalid('"sub" must be a non-empty string');
  if (iat > rules.nowSeconds + rules.toleranceSeconds) {
    throw new TokenDeniedError('HALONG_TOKEN_NOT_YET_VALID', `the token claims to be issued in the future (${when(iat)})`);
  }
  if (exp <= iat) invalid('"exp" is not after "iat"');
  if (rules.maxLifetimeSeconds !== undefined && exp - iat > rules.maxLifetimeSeconds) {
    invalid(`the token lifetime ${exp - iat} s is longer than the allowed ${rules.maxLifetimeSeconds} s`);
  }
  if (jti !== undefined && (typeof jti !== 'string' || jti.length === 0 || jti.length > 256)) invalid('"jti" must be a string of 1 to 256 characters');
  const names = rules.claimNames;
  const site = payload[names.site];
  if (site !== undefined && typeof site !== 'string') invalid(`"${names.site}" must be a string`);
  return Object.freeze({
    ok: true as const,
    claims: deepFreeze(payload),
    subject: sub as string,
    roles: stringList(payload, names.roles),
    groups: stringList(payload, names.groups),
    site: site as string | undefined,
    jti: jti as string | undefined,
    expiresAt: exp,
  });
}

function stringList(payload: JWTPayload, name: string): readonly string[] {
  const value = payload[name];
  if (value === undefined) return Object.freeze([]);
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) invalid(`"${name}" must be an array of strings`);
  return Object.freeze([...(value as string[])]);
}

function invalid(reason: string): never {
  throw new TokenDeniedError('HALONG_TOKEN_INVALID_CLAIM', reason);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
