import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { JSONWebKeySet } from 'jose';
import type { Clock } from './clock';
import type { RetiredSigningKey, SigningKeyRing } from './key-ring';
import type { SigningKey } from './signing-key';
import { isThumbprint } from './cert-binding';
import { epochSeconds, systemClock } from './clock';
import { TokenConfigError } from './errors';
import { createSigningKeyRing } from './key-ring';
import { MAX_CLOCK_TOLERANCE_SECONDS } from './verifier-options';

/** Default access token lifetime: 10 minutes. */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 600;
const MAX_ACCESS_TOKEN_TTL_SECONDS = 3600;

export interface TokenIssuerOptions {
  /** `iss` of every token, e.g. `https://halong.example.gov.vn`. */
  readonly issuer: string;
  /** `aud` of every token. */
  readonly audience: string | readonly string[];
  readonly signingKey: SigningKey;
  /** Keys rotated out earlier that still sign live tokens (e.g. after a restart). */
  readonly previousKeys?: readonly RetiredSigningKey[];
  /** Access token lifetime, 60–3600 s; default 600. */
  readonly accessTokenTtlSeconds?: number;
  /** `client_id` claim (RFC 9068); default `halong-console`. */
  readonly clientId?: string;
  readonly clock?: Clock;
}

/** Who the token is for. */
export interface AccessTokenRequest {
  readonly subject: string;
  readonly roles?: readonly string[];
  readonly groups?: readonly string[];
  readonly site?: string;
  /** Binds the token to this client certificate (`cnf['x5t#S256']`, RFC 8705). */
  readonly certificateThumbprint?: string;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly jti: string;
  /** Seconds since the Unix epoch. */
  readonly expiresAt: number;
}

/** Issues Halong's access tokens and publishes the public keys to verify them. */
export interface TokenIssuer {
  readonly issuer: string;
  issueAccessToken(request: AccessTokenRequest): Promise<IssuedAccessToken>;
  /** Public JWKS for `/.well-known/jwks.json`: current and not yet retired previous keys. */
  jwks(): JSONWebKeySet;
  /** Signs with `next` from now on; the previous key stays published until its tokens expired. */
  rotate(next: SigningKey): void;
  readonly keyRing: SigningKeyRing;
}

/**
 * Creates the issuer of short-lived access tokens: header `{alg, kid, typ: 'at+jwt'}`, claims
 * iss, aud, sub, client_id, iat, exp, jti (128 random bits), roles, groups, site and optional
 * `cnf['x5t#S256']`.
 */
export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  const clock = options.clock ?? systemClock;
  const ttl = options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > MAX_ACCESS_TOKEN_TTL_SECONDS) {
    throw new TokenConfigError(`accessTokenTtlSeconds: must be a whole number from 60 to ${MAX_ACCESS_TOKEN_TTL_SECONDS}`);
  }
  if (typeof options.issuer !== 'string' || options.issuer.length === 0) throw new TokenConfigError('issuer: required');
  const audience = typeof options.audience === 'string' ? options.audience : [...options.audience];
  if (audience.length === 0) throw new TokenConfigError('audience: required');
  const clientId = options.clientId ?? 'halong-console';
  const keyRing = createSigningKeyRing({
    current: options.signingKey,
    previous: options.previousKeys,
    retentionSeconds: ttl + MAX_CLOCK_TOLERANCE_SECONDS,
    clock,
  });

  return {
    issuer: options.issuer,
    keyRing,
    jwks: () => keyRing.jwks(),
    rotate: (next) => keyRing.rotate(next),
    async issueAccessToken(request) {
      checkRequest(request);
      const key = keyRing.current();
      const iat = epochSeconds(clock);
      const jti = randomBytes(16).toString('base64url');
      const claims: Record<string, unknown> = {
        client_id: clientId,
        roles: [...(request.roles ?? [])],
        groups: [...(request.groups ?? [])],
      };
      if (request.site !== undefined) claims.site = request.site;
      if (request.certificateThumbprint !== undefined) claims.cnf = { 'x5t#S256': request.certificateThumbprint };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
        .setIssuer(options.issuer)
        .setAudience(audience)
        .setSubject(request.subject)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttl)
        .setJti(jti)
        .sign(key.privateKey);
      return { token, jti, expiresAt: iat + ttl };
    },
  };
}

function checkRequest(request: AccessTokenRequest): void {
  if (typeof request.subject !== 'string' || request.subject.length === 0) throw new TypeError('subject: required');
  for (const name of ['roles', 'groups'] as const) {
    const list = request[name];
    if (list !== undefined && (!Array.isArray(list) || list.some((v) => typeof v !== 'string'))) {
      throw new TypeError(`${name}: must be an array of strings`);
    }
  }
  if (request.site !== undefined && typeof request.site !== 'string') throw new TypeError('site: must be a string');
  if (request.certificateThumbprint !== undefined && !isThumbprint(request.certificateThumbprint)) {
    throw new TypeError('certificateThumbprint: must be an x5t#S256 thumbprint (43 base64url characters)');
  }
}
