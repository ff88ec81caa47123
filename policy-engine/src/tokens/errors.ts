// Stable codes for everything the token modules deny or refuse, `HALONG_TOKEN_<NAME>`.
// Codes never change meaning once published; messages are for humans.

/** Every code the token modules produce, with the HTTP status an API answers with and a default message. */
export const TokenErrorCodes = {
  HALONG_TOKEN_MALFORMED: { status: 401, message: 'The token is not a well-formed JWT.' },
  HALONG_TOKEN_ALG_NOT_ALLOWED: { status: 401, message: 'The token algorithm is not allowed.' },
  HALONG_TOKEN_FORBIDDEN_HEADER: { status: 401, message: 'The token header names a key Halong must not follow.' },
  HALONG_TOKEN_CRIT: { status: 401, message: 'The token has a critical header extension Halong does not understand.' },
  HALONG_TOKEN_TYPE: { status: 401, message: 'The token type (typ) is not the expected one.' },
  HALONG_TOKEN_UNKNOWN_KID: { status: 401, message: 'No configured key matches the token key id.' },
  HALONG_TOKEN_KEYS_UNAVAILABLE: { status: 503, message: 'The issuer keys cannot be fetched.' },
  HALONG_TOKEN_SIGNATURE: { status: 401, message: 'The token signature is invalid.' },
  HALONG_TOKEN_EXPIRED: { status: 401, message: 'The token has expired.' },
  HALONG_TOKEN_NOT_YET_VALID: { status: 401, message: 'The token is not valid yet.' },
  HALONG_TOKEN_ISSUER: { status: 401, message: 'The token issuer is not the expected one.' },
  HALONG_TOKEN_AUDIENCE: { status: 401, message: 'The token is not meant for this audience.' },
  HALONG_TOKEN_MISSING_CLAIM: { status: 401, message: 'The token lacks a required claim.' },
  HALONG_TOKEN_INVALID_CLAIM: { status: 401, message: 'A token claim has an invalid value.' },
  HALONG_TOKEN_REVOKED: { status: 401, message: 'The token has been revoked.' },
  HALONG_TOKEN_CERT_BINDING: { status: 401, message: 'The token is bound to another client certificate.' },
  HALONG_TOKEN_REFRESH_INVALID: { status: 401, message: 'The refresh token is unknown.' },
  HALONG_TOKEN_REFRESH_EXPIRED: { status: 401, message: 'The refresh token has expired.' },
  HALONG_TOKEN_REFRESH_REVOKED: { status: 401, message: 'The refresh token has been revoked.' },
  HALONG_TOKEN_REFRESH_REUSED: { status: 401, message: 'The refresh token was already used; its family is revoked.' },
  HALONG_TOKEN_INVALID_CREDENTIALS: { status: 401, message: 'Invalid username or password.' },
  HALONG_TOKEN_LOCKED_OUT: { status: 429, message: 'Too many failed sign-ins; try again later.' },
  HALONG_TOKEN_ACCOUNT_DISABLED: { status: 403, message: 'The account is disabled.' },
  HALONG_TOKEN_ACCOUNT_EXISTS: { status: 409, message: 'An account with this username exists.' },
  HALONG_TOKEN_PASSWORD_POLICY: { status: 400, message: 'The password does not meet the password policy.' },
  HALONG_TOKEN_CONFIG: { status: 500, message: 'The token configuration is invalid.' },
} as const;

/** A stable token error code, `HALONG_TOKEN_<NAME>`. */
export type TokenErrorCode = keyof typeof TokenErrorCodes;

/** A deny with its stable code and a human reason, for explainable decisions. */
export interface TokenDenial {
  readonly ok: false;
  readonly code: TokenErrorCode;
  readonly reason: string;
}

/** Base class of every error the token modules throw; `code` is stable, `message` is for humans. */
export class TokenError extends Error {
  readonly code: TokenErrorCode;
  readonly status: number;

  constructor(code: TokenErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? TokenErrorCodes[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TokenError';
    this.code = code;
    this.status = TokenErrorCodes[code].status;
  }
}

/** A token, refresh token or credential was denied; `toDenial()` gives the result shape. */
export class TokenDeniedError extends TokenError {
  constructor(code: TokenErrorCode, reason: string, options?: { cause?: unknown }) {
    super(code, reason, options);
    this.name = 'TokenDeniedError';
  }

  /** The deny as a `{ ok: false, code, reason }` result. */
  toDenial(): TokenDenial {
    return deny(this.code, this.message);
  }
}

/** Options given to a token module are invalid (code `HALONG_TOKEN_CONFIG`); thrown at construction. */
export class TokenConfigError extends TokenError {
  constructor(message: string) {
    super('HALONG_TOKEN_CONFIG', message);
    this.name = 'TokenConfigError';
  }
}

/** A new password breaks the password policy (code `HALONG_TOKEN_PASSWORD_POLICY`). */
export class PasswordPolicyError extends TokenError {
  constructor(reason: string) {
    super('HALONG_TOKEN_PASSWORD_POLICY', reason);
    this.name = 'PasswordPolicyError';
  }
}

/** An account with the same username exists already (code `HALONG_TOKEN_ACCOUNT_EXISTS`). */
export class AccountExistsError extends TokenError {
  constructor(username: string) {
    super('HALONG_TOKEN_ACCOUNT_EXISTS', `an account named "${username}" exists already`);
    this.name = 'AccountExistsError';
  }
}

/** Builds a frozen deny result. */
export function deny(code: TokenErrorCode, reason: string): TokenDenial {
  return Object.freeze({ ok: false as const, code, reason });
}

/** A value from a token, JSON-quoted and cut to 80 characters, for reasons that end up in logs. */
export function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
