import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from './clock';
import type { TokenDenial } from './errors';
import type { RefreshTokenStore } from './refresh-token-store';
import { checkCertificateBinding, isThumbprint } from './cert-binding';
import { systemClock } from './clock';
import { TokenConfigError, TokenDeniedError, deny } from './errors';

const PREFIX = 'hrt_';
const FORMAT = /^hrt_[A-Za-z0-9_-]{43}$/;

/** Default lifetime of one refresh token: 8 hours (a SOC shift). */
export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 8 * 3600;
/** Default absolute lifetime of a family (one sign-in): 24 hours. */
export const DEFAULT_REFRESH_FAMILY_LIFETIME_SECONDS = 24 * 3600;

export interface RefreshTokenServiceOptions {
  readonly store: RefreshTokenStore;
  readonly clock?: Clock;
  readonly ttlSeconds?: number;
  readonly familyLifetimeSeconds?: number;
}

/** A refresh token handed to a client, shown once. Times in ms since the Unix epoch. */
export interface IssuedRefreshToken {
  readonly token: string;
  readonly subject: string;
  readonly familyId: string;
  readonly expiresAt: number;
}

export type RefreshRotation = ({ readonly ok: true } & IssuedRefreshToken) | TokenDenial;

/** Opaque refresh tokens with rotation on use and family revocation on reuse. */
export interface RefreshTokenService {
  /** Starts a new family for a sign-in. */
  issue(subject: string, options?: { certificateThumbprint?: string }): Promise<IssuedRefreshToken>;
  /** Uses a refresh token: it is spent and a new one of the same family is returned. */
  rotate(token: string, options?: { certificateThumbprint?: string }): Promise<RefreshRotation>;
  /** Revokes the token's whole family (sign out); unknown tokens are ignored. */
  revoke(token: string): Promise<void>;
  /** Revokes every refresh token of a subject. */
  revokeSubject(subject: string): Promise<number>;
}

/** SHA-256 (base64url) of a refresh token: what the store keeps. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Creates the refresh token service over a store. Tokens are `hrt_` + 256 random bits (base64url). */
export function createRefreshTokenService(options: RefreshTokenServiceOptions): RefreshTokenService {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const ttlMs = seconds(options.ttlSeconds ?? DEFAULT_REFRESH_TOKEN_TTL_SECONDS, 'ttlSeconds') * 1000;
  const familyMs = seconds(options.familyLifetimeSeconds ?? DEFAULT_REFRESH_FAMILY_LIFETIME_SECONDS, 'familyLifetimeSeconds') * 1000;

  const mint = async (subject: string, familyId: string, familyExpiresAt: number, thumbprint?: string): Promise<IssuedRefreshToken> => {
    const now = clock();
    const token = PREFIX + randomBytes(32).toString('base64url');
    const expiresAt = Math.min(now + ttlMs, familyExpiresAt);
    await store.insert({
      tokenHash: hashRefreshToken(token), subject, familyId, issuedAt: now, expiresAt, familyExpiresAt,
      ...(thumbprint === undefined ? {} : { certificateThumbprint: thumbprint }),
    });
    return { token, subject, familyId, expiresAt };
  };

  const rotate = async (token: string, presented?: string): Promise<{ ok: true } & IssuedRefreshToken> => {
    if (typeof token !== 'string' || !FORMAT.test(token)) throw new TokenDeniedError('HALONG_TOKEN_REFRESH_INVALID', 'not a Halong refresh token');
    const hash = hashRefreshToken(token);
    const record = await store.find(hash);
    const now = clock();
    if (record === undefined) throw new TokenDeniedError('HALONG_TOKEN_REFRESH_INVALID', 'unknown refresh token');
    if (record.revokedAt !== undefined) throw new TokenDeniedError('HALONG_TOKEN_REFRESH_REVOKED', 'the refresh token has been revoked');
    const reused = async (): Promise<never> => {
      await store.revokeFamily(record.familyId, now);
      throw new TokenDeniedError('HALONG_TOKEN_REFRESH_REUSED', 'the refresh token was already used; every token of its sign-in is revoked');
    };
    if (record.usedAt !== undefined) return reused();
    if (record.expiresAt <= now) throw new TokenDeniedError('HALONG_TOKEN_REFRESH_EXPIRED', 'the refresh token has expired');
    checkCertificateBinding(record.certificateThumbprint, presented, false);
    if (!(await store.markUsed(hash, now))) return reused();
    return { ok: true, ...(await mint(record.subject, record.familyId, record.familyExpiresAt, record.certificateThumbprint)) };
  };

  return {
    async issue(subject, { certificateThumbprint } = {}) {
      if (typeof subject !== 'string' || subject.length === 0) throw new TypeError('subject: required');
      if (certificateThumbprint !== undefined && !isThumbprint(certificateThumbprint)) throw new TypeError('certificateThumbprint: not an x5t#S256 thumbprint');
      return mint(subject, randomBytes(16).toString('base64url'), clock() + familyMs, certificateThumbprint);
    },
    async rotate(token, { certificateThumbprint } = {}) {
      try {
        return await rotate(token, certificateThumbprint);
      } catch (error) {
        if (error instanceof TokenDeniedError) return deny(error.code, error.message);
        throw error;
      }
    },
    async revoke(token) {
      if (typeof token !== 'string' || !FORMAT.test(token)) return;
      const record = await store.find(hashRefreshToken(token));
      if (record !== undefined) await store.revokeFamily(record.familyId, clock());
    },
    revokeSubject: (subject) => store.revokeSubject(subject, clock()),
  };
}

function seconds(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new TokenConfigError(`${name}: must be a positive whole number`);
  return value;
}
