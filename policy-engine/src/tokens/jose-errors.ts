import type { TokenErrorCode } from './errors';
import { TokenDeniedError, quoted } from './errors';

interface JoseLikeError {
  code?: unknown;
  claim?: unknown;
  reason?: unknown;
  payload?: Record<string, unknown>;
  message?: unknown;
}

/** What the verifier expected, to write reasons a reader can act on. */
export interface Expectations {
  readonly issuer: string;
  readonly audience: readonly string[];
}

/** Turns whatever `jwtVerify` threw into a `TokenDeniedError` with a stable code and a reason. */
export function denialFromJoseError(error: unknown, expected: Expectations): TokenDeniedError {
  if (error instanceof TokenDeniedError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as JoseLikeError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const denied = (code: TokenErrorCode, reason: string) => new TokenDeniedError(code, reason, { cause: error });
  switch (e.code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return denied('HALONG_TOKEN_ALG_NOT_ALLOWED', message);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return denied('HALONG_TOKEN_SIGNATURE', 'the signature does not verify with the issuer key named by the token');
    case 'ERR_JWT_EXPIRED':
      return e.claim === 'iat'
        ? denied('HALONG_TOKEN_EXPIRED', `the token was issued at ${when(e.payload?.iat)}, longer ago than allowed`)
        : denied('HALONG_TOKEN_EXPIRED', `the token expired at ${when(e.payload?.exp)}`);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return claimDenial(e, expected, denied);
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
      return denied('HALONG_TOKEN_KEYS_UNAVAILABLE', `the issuer key is unusable: ${message}`);
    default:
      return denied('HALONG_TOKEN_MALFORMED', `the token cannot be verified: ${message}`);
  }
}

function claimDenial(
  e: JoseLikeError,
  expected: Expectations,
  denied: (code: TokenErrorCode, reason: string) => TokenDeniedError,
): TokenDeniedError {
  const claim = String(e.claim);
  const value = e.payload?.[claim];
  if (e.reason === 'missing') return denied('HALONG_TOKEN_MISSING_CLAIM', `the token has no ${quoted(claim)} claim`);
  if (e.reason === 'invalid') return denied('HALONG_TOKEN_INVALID_CLAIM', `the ${quoted(claim)} claim has an invalid value`);
  switch (claim) {
    case 'iss':
      return denied('HALONG_TOKEN_ISSUER', `issuer ${quoted(value)} is not the expected ${quoted(expected.issuer)}`);
    case 'aud':
      return denied('HALONG_TOKEN_AUDIENCE', `audience ${quoted(value)} does not include ${expected.audience.map((a) => quoted(a)).join(' or ')}`);
    case 'nbf':
      return denied('HALONG_TOKEN_NOT_YET_VALID', `the token is not valid before ${when(value)}`);
    case 'iat':
      return denied('HALONG_TOKEN_NOT_YET_VALID', `the token claims to be issued in the future (${when(value)})`);
    case 'typ':
      return denied('HALONG_TOKEN_TYPE', 'the token type (typ) is not the expected one');
    default:
      return denied('HALONG_TOKEN_INVALID_CLAIM', `the ${quoted(claim)} claim check failed`);
  }
}

/** A NumericDate as ISO 8601 for reasons. */
export function when(seconds: unknown): string {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : String(seconds);
}
