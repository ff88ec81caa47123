// Public API of the JWT part of the policy engine: verification, issuance, refresh tokens, local accounts.
export type { Clock } from './clock';
export { epochSeconds, systemClock } from './clock';
export type { TokenDenial, TokenErrorCode } from './errors';
export {
  AccountExistsError,
  PasswordPolicyError,
  TokenConfigError,
  TokenDeniedError,
  TokenError,
  TokenErrorCodes,
} from './errors';
export { ASYMMETRIC_ALGORITHMS, DEFAULT_ALGORITHMS, SYMMETRIC_ALGORITHMS } from './algorithms';
export { FORBIDDEN_HEADERS } from './header-policy';
export type { FetchLike, JwksKeySource, OidcKeySource, SecretKeySource, TokenKeySource } from './key-source';
export type { ClaimNames, VerifiedToken } from './token-identity';
export type { TokenVerifierOptions } from './verifier-options';
export {
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_TOKEN_TYPE,
  MAX_CLOCK_TOLERANCE_SECONDS,
} from './verifier-options';
export type { TokenVerification, TokenVerifier, VerifyContext } from './verifier';
export { createTokenVerifier } from './verifier';
export type { VerificationCacheOptions } from './verification-cache';
export type { MemoryRevocationStore, MemoryRevocationStoreOptions, RevocationStore } from './revocation-store';
export { createMemoryRevocationStore } from './revocation-store';
export { certificateThumbprint } from './cert-binding';
export type { ExportedSigningKey, SigningAlgorithm, SigningKey } from './signing-key';
export { exportSigningKey, generateSigningKey, importSigningKey } from './signing-key';
export type { RetiredSigningKey, SigningKeyRing, SigningKeyRingOptions } from './key-ring';
export { createSigningKeyRing } from './key-ring';
export type { AccessTokenRequest, IssuedAccessToken, TokenIssuer, TokenIssuerOptions } from './issuer';
export { DEFAULT_ACCESS_TOKEN_TTL_SECONDS, createTokenIssuer } from './issuer';
export type { RefreshTokenRecord, RefreshTokenStore } from './refresh-token-store';
export { createMemoryRefreshTokenStore } from './refresh-token-store';
export type { IssuedRefreshToken, RefreshRotation, RefreshTokenService, RefreshTokenServiceOptions } from './refresh-tokens';
export {
  DEFAULT_REFRESH_FAMILY_LIFETIME_SECONDS,
  DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
  createRefreshTokenService,
  hashRefreshToken,
} from './refresh-tokens';
export type { ScryptParams } from './password-hash';
export { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, verifyPasswordHash } from './password-hash';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, assertPasswordPolicy, checkPasswordPolicy } from './password-policy';
export type { AccountStore, LocalAccount } from './account-store';
export { createMemoryAccountStore, normalizeUsername } from './account-store';
export type { NewLocalAccount } from './local-accounts';
export { createLocalAccount, verifyPassword } from './local-accounts';
export type { LoginLockout, LoginLockoutOptions } from './login-lockout';
export { createLoginLockout } from './login-lockout';
export type { SessionTokens, SignInResult, SignInService, SignInServiceOptions } from './sign-in';
export { createSignInService } from './sign-in';
