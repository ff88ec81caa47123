import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload } from 'jose';
import type { Principal } from '@halong/core/node';
import type { Clock } from '../tokens';
import { systemClock } from '../tokens';
import { GatewayError } from './errors';
import type { IdentityAssertionClaims } from './identity-claims';
import { IDENTITY_ASSERTION_TYPE, MAX_ASSERTION_TTL_SECONDS } from './identity-claims';

/** What an upstream checks an assertion against. */
export interface VerifyIdentityAssertionOptions {
  /** The route name the upstream is published under. */
  readonly audience: string;
  /** The gateway's id. */
  readonly issuer: string;
  readonly clock?: Clock;
  /** Clock skew allowed between gateway and upstream (default 5 s, at most 60 s). */
  readonly clockToleranceSeconds?: number;
}

/** A verified assertion: who the gateway says is calling. */
export interface VerifiedIdentity {
  readonly subject: string;
  readonly kind: Principal['type'];
  readonly roles: readonly string[];
  readonly groups: readonly string[];
  readonly site?: string;
  readonly spiffeId?: string;
  /** `cnf.x5t#S256`: the client certificate the caller presented to the gateway. */
  readonly certificateThumbprint?: string;
  readonly claims: Readonly<IdentityAssertionClaims>;
}

const KINDS: readonly string[] = ['user', 'collector', 'device', 'service'];
const keySets = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

function keySet(jwks: JSONWebKeySet): ReturnType<typeof createLocalJWKSet> {
  let set = keySets.get(jwks);
  if (set === undefined) keySets.set(jwks, (set = createLocalJWKSet(jwks)));
  return set;
}

function refuse(reason: string, cause?: unknown): never {
  throw new GatewayError('HALONG_GATEWAY_ASSERTION_INVALID', `identity assertion refused: ${reason}`, { cause });
}

function stringList(payload: JWTPayload, name: string): string[] {
  const value = payload[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) refuse(`"${name}" must be an array of strings`);
  return value as string[];
}

function optionalString(payload: JWTPayload, name: string): string | undefined {
  const value = payload[name];
  if (value !== undefined && typeof value !== 'string') refuse(`"${name}" must be a string`);
  return value as string | undefined;
}

function thumbprintOf(payload: JWTPayload): string | undefined {
  const cnf = payload['cnf'];
  if (cnf === undefined) return undefined;
  const value = typeof cnf === 'object' && cnf !== null ? (cnf as Record<string, unknown>)['x5t#S256'] : undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(value)) refuse('"cnf" must hold an x5t#S256 thumbprint');
  return value;
}

/**
 * Verifies an `x-halong-identity` assertion with the gateway's JWKS (`GET
 * /.well-known/halong-gateway-jwks.json`, cache it): ES256 only, `typ: halong-identity+jwt`, issuer,
 * audience, `iat`/`exp` (lifetime at most 300 s), `jti`. Throws `GatewayError`
 * `HALONG_GATEWAY_ASSERTION_INVALID` with the reason.
 */
export async function verifyIdentityAssertion(token: string, jwks: JSONWebKeySet, options: VerifyIdentityAssertionOptions): Promise<VerifiedIdentity> {
  const tolerance = options.clockToleranceSeconds ?? 5;
  if (!(tolerance >= 0 && tolerance <= 60)) throw new GatewayError('HALONG_GATEWAY_INVALID_OPTION', `clockToleranceSeconds must be from 0 to 60, got ${tolerance}`);
  const now = (options.clock ?? systemClock)();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet(jwks), {
      algorithms: ['ES256'],
      typ: IDENTITY_ASSERTION_TYPE,
      issuer: options.issuer,
      audience: options.audience,
      currentDate: new Date(now),
      clockTolerance: tolerance,
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
    }));
  } catch (error) {
    refuse((error as Error).message, error);
  }
  const { sub, iat, exp, jti, kind } = payload as { sub: string; iat: number; exp: number; jti: unknown; kind: unknown };
  if (iat > Math.floor(now / 1000) + tolerance) refuse('"iat" is in the future');
  if (exp - iat > MAX_ASSERTION_TTL_SECONDS) refuse(`its lifetime ${exp - iat} s is longer than ${MAX_ASSERTION_TTL_SECONDS} s`);
  if (typeof jti !== 'string' || jti === '') refuse('"jti" must be a non-empty string');
  if (typeof kind !== 'string' || !KINDS.includes(kind)) refuse(`"kind" must be one of ${KINDS.join(', ')}`);
  const site = optionalString(payload, 'site');
  const spiffeId = optionalString(payload, 'spiffe_id');
  const certificateThumbprint = thumbprintOf(payload);
  return Object.freeze({
    subject: sub,
    kind: kind as Principal['type'],
    roles: Object.freeze(stringList(payload, 'roles')),
    groups: Object.freeze(stringList(payload, 'groups')),
    ...(site === undefined ? {} : { site }),
    ...(spiffeId === undefined ? {} : { spiffeId }),
    ...(certificateThumbprint === undefined ? {} : { certificateThumbprint }),
    claims: Object.freeze(payload as unknown as IdentityAssertionClaims),
  });
}
