import type { Clock } from '../pki/time';
import type { WorkloadKind, WorkloadName } from '../pki/spiffe-id';
import type { JoinTokenRecord, JoinTokenStore } from './join-token-store';
import { WORKLOAD_KINDS, isValidSegment } from '../pki/spiffe-id';
import { EnrolmentError, EnrolmentErrorCodes } from './errors';
import { hashJoinToken, isJoinTokenId, joinTokenId, joinTokenMatches, mintJoinToken } from './join-token';

/** Lifetime of a join token when the request names none: 24 hours. */
export const DEFAULT_JOIN_TOKEN_TTL_SECONDS = 24 * 3600;
/** Longest lifetime any join token may have: 7 days. */
export const MAX_JOIN_TOKEN_TTL_SECONDS = 7 * 24 * 3600;
const MAX_CREATED_BY_LENGTH = 256;

export interface JoinTokenServiceOptions {
  readonly store: JoinTokenStore;
  /** The real clock when omitted. */
  readonly clock?: Clock;
  /** Default `DEFAULT_JOIN_TOKEN_TTL_SECONDS`; at most `maxTtlSeconds`. */
  readonly defaultTtlSeconds?: number;
  /** Default and upper bound `MAX_JOIN_TOKEN_TTL_SECONDS`. */
  readonly maxTtlSeconds?: number;
}

/** An admin's request for a join token for one identity. */
export interface IssueJoinTokenRequest {
  readonly kind: WorkloadKind;
  readonly site: string;
  readonly name: string;
  readonly ttlSeconds?: number;
  /** Who asked (an account or subject), kept with the token. */
  readonly createdBy: string;
}

/** A new join token: `token` is shown once and stored nowhere. */
export interface IssuedJoinToken {
  readonly id: string;
  readonly token: string;
  readonly expiresAt: Date;
  readonly identity: WorkloadName;
}

/** A redeemed token: the one identity the collector may receive a certificate for. */
export interface RedeemedJoinToken {
  readonly id: string;
  readonly identity: WorkloadName;
}

export type JoinTokenState = 'active' | 'used' | 'expired';

/** A join token as the admin API lists it: never the token, nor its hash. */
export interface JoinTokenSummary {
  readonly id: string;
  readonly identity: WorkloadName;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly usedAt?: Date;
  readonly state: JoinTokenState;
}

/** One-time join tokens: an admin issues one per identity, a collector spends it to enrol. */
export interface JoinTokenService {
  issue(request: IssueJoinTokenRequest): Promise<IssuedJoinToken>;
  /**
   * Spends a token and returns its identity; throws `EnrolmentError` with
   * `HALONG_ENROL_TOKEN_MALFORMED`, `_UNKNOWN`, `_USED` or `_EXPIRED`. A wrong secret for a known
   * id is `_UNKNOWN` and leaves the token usable.
   */
  redeem(token: string): Promise<RedeemedJoinToken>;
  /** Every token, newest first, with its state. */
  list(): Promise<JoinTokenSummary[]>;
  /** Deletes a token, used or not; false if there was none. */
  revoke(id: string): Promise<boolean>;
}

/** Creates the join token service over a store. Tokens are `hjt_<id>.<secret>`, stored as SHA-256. */
export function createJoinTokenService(options: JoinTokenServiceOptions): JoinTokenService {
  const { store } = options;
  const clock = options.clock ?? (() => new Date());
  const maxTtl = ttlOption(options.maxTtlSeconds ?? MAX_JOIN_TOKEN_TTL_SECONDS, MAX_JOIN_TOKEN_TTL_SECONDS, 'maxTtlSeconds');
  const defaultTtl = ttlOption(options.defaultTtlSeconds ?? Math.min(DEFAULT_JOIN_TOKEN_TTL_SECONDS, maxTtl), maxTtl, 'defaultTtlSeconds');
  // The id alone is no credential: naming it lets an admin match the failure to a listed token.
  const denied = (code: 'HALONG_ENROL_TOKEN_UNKNOWN' | 'HALONG_ENROL_TOKEN_USED' | 'HALONG_ENROL_TOKEN_EXPIRED', id: string) =>
    new EnrolmentError(code, `${EnrolmentErrorCodes[code].message} Token id ${id}.`);

  return {
    async issue(request) {
      const identity = checkIdentity(request);
      const createdBy = request?.createdBy;
      if (typeof createdBy !== 'string' || createdBy.length === 0 || createdBy.length > MAX_CREATED_BY_LENGTH) {
        throw new EnrolmentError('HALONG_ENROL_INVALID_REQUEST', `createdBy: needs a string of 1-${MAX_CREATED_BY_LENGTH} characters`);
      }
      const ttl = request.ttlSeconds ?? defaultTtl;
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > maxTtl) {
        throw new EnrolmentError('HALONG_ENROL_INVALID_TTL', `ttlSeconds: needs a whole number of seconds from 1 to ${maxTtl}`);
      }
      const { id, token } = mintJoinToken();
      const createdAt = clock();
      const expiresAt = new Date(createdAt.getTime() + ttl * 1000);
      await store.put({ id, tokenHash: hashJoinToken(token), identity, createdBy, createdAt, expiresAt });
      return { id, token, expiresAt, identity: { ...identity } };
    },

    async redeem(token) {
      const id = joinTokenId(token);
      if (id === undefined) {
        throw new EnrolmentError('HALONG_ENROL_TOKEN_MALFORMED', `not a Halong join token: expected hjt_<22 characters>.<43 characters>`);
      }
      const record = await store.get(id);
      // A wrong secret reads like an unknown id, and must not spend the token.
      if (record === undefined || !joinTokenMatches(token, record.tokenHash)) throw denied('HALONG_ENROL_TOKEN_UNKNOWN', id);
      if (record.usedAt !== undefined) throw denied('HALONG_ENROL_TOKEN_USED', id);
      const now = clock();
      if (now.getTime() >= record.expiresAt.getTime()) throw denied('HALONG_ENROL_TOKEN_EXPIRED', id);
      const taken = await store.take(id, now);
      if (taken === undefined) {
        // Lost the race to a concurrent redeem, or revoked in between.
        throw denied((await store.get(id)) === undefined ? 'HALONG_ENROL_TOKEN_UNKNOWN' : 'HALONG_ENROL_TOKEN_USED', id);
      }
      return { id, identity: { ...taken.identity } };
    },

    async list() {
      const now = clock().getTime();
      return (await store.list()).sort(newestFirst).map((r) => summary(r, now));
    },

    revoke: async (id) => isJoinTokenId(id) && store.delete(id),
  };
}

function checkIdentity(request: IssueJoinTokenRequest): WorkloadName {
  if (typeof request !== 'object' || request === null) throw new EnrolmentError('HALONG_ENROL_INVALID_REQUEST', 'the request is not an object');
  const { kind, site, name } = request;
  if (!(WORKLOAD_KINDS as readonly unknown[]).includes(kind)) {
    throw new EnrolmentError('HALONG_ENROL_INVALID_IDENTITY', `kind: one of ${WORKLOAD_KINDS.join(', ')}`);
  }
  for (const [part, value] of [['site', site], ['name', name]] as const) {
    // typeof first: the SPIFFE pattern would accept undefined as the string "undefined".
    if (typeof value !== 'string' || !isValidSegment(value)) {
      throw new EnrolmentError('HALONG_ENROL_INVALID_IDENTITY', `${part}: 1-63 lowercase letters, digits, "-", "_" or "."`);
    }
  }
  return { kind, site, name };
}

function ttlOption(value: number, max: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new EnrolmentError('HALONG_ENROL_CONFIG', `${name}: needs a whole number of seconds from 1 to ${max}`);
  }
  return value;
}

function summary(record: JoinTokenRecord, now: number): JoinTokenSummary {
  const state: JoinTokenState = record.usedAt !== undefined ? 'used' : now >= record.expiresAt.getTime() ? 'expired' : 'active';
  return {
    id: record.id,
    identity: { ...record.identity },
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    ...(record.usedAt === undefined ? {} : { usedAt: record.usedAt }),
    state,
  };
}

function newestFirst(a: JoinTokenRecord, b: JoinTokenRecord): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
