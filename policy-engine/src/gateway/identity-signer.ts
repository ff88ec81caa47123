import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { JSONWebKeySet } from 'jose';
import type { Principal } from '@halong/core/node';
import type { Clock, SigningKey, SigningKeyRing } from '../tokens';
import { systemClock } from '../tokens';
import { GatewayError } from './errors';
import type { IdentityAssertionClaims } from './identity-claims';
import { DEFAULT_ASSERTION_TTL_SECONDS, IDENTITY_ASSERTION_TYPE, MAX_ASSERTION_TTL_SECONDS, principalClaims } from './identity-claims';

/** What one assertion is about: the application it goes to and who is calling. */
export interface IdentityAssertionInput {
  /** The route name. */
  readonly audience: string;
  readonly principal: Principal;
  /** `x5t#S256` of the client certificate on the caller's connection, if any. */
  readonly certificateThumbprint?: string;
}

/** Signs `x-halong-identity` assertions and publishes the keys that verify them. */
export interface IdentityAssertionSigner {
  readonly issuer: string;
  sign(input: IdentityAssertionInput): Promise<string>;
  /** Public keys: the current one first, then rotated-out ones still valid. */
  jwks(): JSONWebKeySet;
}

/** Options of `createIdentityAssertionSigner`. */
export interface IdentityAssertionSignerOptions {
  /** The gateway's id (`iss`), e.g. its SPIFFE id. */
  readonly issuer: string;
  /** An ES256 key, or a ring of them for rotation (see `createSigningKeyRing`). */
  readonly keys: SigningKey | SigningKeyRing;
  readonly ttlSeconds?: number;
  readonly clock?: Clock;
}

const isRing = (keys: SigningKey | SigningKeyRing): keys is SigningKeyRing => 'current' in keys;

function es256(key: SigningKey): SigningKey {
  // One algorithm keeps every upstream's verifier simple and its allow-list to a single entry.
  if (key.alg !== 'ES256') throw new GatewayError('HALONG_GATEWAY_INVALID_OPTION', `identity assertions are signed with ES256, not ${key.alg}`);
  return key;
}

/** Creates the signer of identity assertions (compact JWS, ES256, `typ: halong-identity+jwt`). */
export function createIdentityAssertionSigner(options: IdentityAssertionSignerOptions): IdentityAssertionSigner {
  const ttl = options.ttlSeconds ?? DEFAULT_ASSERTION_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_ASSERTION_TTL_SECONDS) {
    throw new GatewayError('HALONG_GATEWAY_INVALID_OPTION', `ttlSeconds must be an integer from 1 to ${MAX_ASSERTION_TTL_SECONDS}, got ${ttl}`);
  }
  if (options.issuer.trim() === '') throw new GatewayError('HALONG_GATEWAY_INVALID_OPTION', 'issuer must be a non-empty string');
  const clock = options.clock ?? systemClock;
  const keys = options.keys;
  const current = (): SigningKey => es256(isRing(keys) ? keys.current() : keys);
  current(); // a wrong key fails at start, not at the first request
  const single: JSONWebKeySet | undefined = isRing(keys) ? undefined : Object.freeze({ keys: Object.freeze([{ ...keys.publicJwk }]) }) as JSONWebKeySet;
  return {
    issuer: options.issuer,
    async sign(input) {
      const key = current();
      const iat = Math.floor(clock() / 1000);
      const claims: IdentityAssertionClaims = {
        iss: options.issuer,
        aud: input.audience,
        ...principalClaims(input.principal),
        iat,
        exp: iat + ttl,
        jti: randomUUID(),
        ...(input.certificateThumbprint === undefined ? {} : { cnf: { 'x5t#S256': input.certificateThumbprint } }),
      };
      return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', typ: IDENTITY_ASSERTION_TYPE, kid: key.kid }).sign(key.privateKey);
    },
    jwks: () => (isRing(keys) ? keys.jwks() : single!),
  };
}
