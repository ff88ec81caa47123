// The claims of an identity assertion and how a principal becomes them.
import type { Principal } from '@halong/core/node';

/** Request header carrying the assertion to the upstream. */
export const IDENTITY_HEADER = 'x-halong-identity';
/** JOSE `typ` of an assertion, so it can never be confused with an access token. */
export const IDENTITY_ASSERTION_TYPE = 'halong-identity+jwt';
/** Lifetime of an assertion: long enough for one request, too short to be worth stealing. */
export const DEFAULT_ASSERTION_TTL_SECONDS = 60;
/** Longest assertion lifetime a signer or verifier accepts. */
export const MAX_ASSERTION_TTL_SECONDS = 300;
/** Where the gateway publishes the public keys of its assertions. */
export const GATEWAY_JWKS_PATH = '/.well-known/halong-gateway-jwks.json';

/** The payload of an `x-halong-identity` assertion. */
export interface IdentityAssertionClaims {
  /** The gateway that vouches for the caller. */
  iss: string;
  /** The route name: an assertion for one application is refused by every other. */
  aud: string;
  /** The principal id (a SPIFFE id for workloads, the user id for people). */
  sub: string;
  kind: Principal['type'];
  roles?: string[];
  groups?: string[];
  site?: string;
  spiffe_id?: string;
  iat: number;
  exp: number;
  jti: string;
  /** RFC 8705 confirmation: the client certificate the caller presented to the gateway. */
  cnf?: { 'x5t#S256': string };
}

const SPIFFE = /^spiffe:\/\/[^/]+\/[^/]+\/([^/]+)\/[^/]+$/;

function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string' && value !== '') return [value];
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((v): v is string => typeof v === 'string' && v !== '');
  return list.length > 0 ? list : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The identity claims of a principal: only the properties upstreams decide on, never the whole bag. */
export function principalClaims(principal: Principal): Pick<IdentityAssertionClaims, 'sub' | 'kind' | 'roles' | 'groups' | 'site' | 'spiffe_id'> {
  const p = principal.properties;
  const spiffeId = text(p['spiffe_id']) ?? (SPIFFE.test(principal.id) ? principal.id : undefined);
  const site = text(p['site']) ?? (spiffeId === undefined ? undefined : SPIFFE.exec(spiffeId)?.[1]);
  const roles = strings(p['roles']);
  const groups = strings(p['groups']);
  return {
    sub: principal.id,
    kind: principal.type,
    ...(roles === undefined ? {} : { roles }),
    ...(groups === undefined ? {} : { groups }),
    ...(site === undefined ? {} : { site }),
    ...(spiffeId === undefined ? {} : { spiffe_id: spiffeId }),
  };
}
