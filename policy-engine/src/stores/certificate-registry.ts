import type { RevocationReason } from '../pki/revocation-store';
import type { WorkloadKind } from '../pki/spiffe-id';
import { REVOCATION_REASONS } from '../pki/revocation-store';
import { normalizeSerialNumber } from '../pki/serial-number';
import { WORKLOAD_KINDS, parseSpiffeId } from '../pki/spiffe-id';

/** How a certificate came to be issued. */
export const ENROLMENT_KINDS = ['join-token', 'renewal', 'self'] as const;

/**
 * `join-token` (first enrolment), `renewal` (with the current certificate), `self` (a Halong
 * process's own certificate, issued from the CA it holds: the collector inside `halong start`).
 */
export type EnrolmentKind = (typeof ENROLMENT_KINDS)[number];

/** A certificate the Halong CA issued, as the registry keeps it. */
export interface IssuedCertificateEntry {
  /** Canonical serial number (see `normalizeSerialNumber`). */
  readonly serial: string;
  /** The SPIFFE ID; kind, site and name are its parts, kept apart for filtering. */
  readonly spiffeId: string;
  readonly kind: WorkloadKind;
  readonly site: string;
  readonly name: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly issuedAt: Date;
  readonly enrolledWith: EnrolmentKind;
  /** The join token that enrolled it; required when `enrolledWith` is `join-token`. */
  readonly joinTokenId?: string;
  readonly revokedAt?: Date;
  readonly revocationReason?: RevocationReason;
}

/** What the CA records at issuance: revocation is only ever added by `markRevoked`. */
export type NewIssuedCertificate = Omit<IssuedCertificateEntry, 'revokedAt' | 'revocationReason'>;

/** Filters of `list`; all given filters must match. */
export interface CertificateQuery {
  readonly spiffeId?: string;
  readonly site?: string;
  readonly kind?: WorkloadKind;
  /** 1 to `MAX_CERTIFICATE_LIST_LIMIT`; default `DEFAULT_CERTIFICATE_LIST_LIMIT`. */
  readonly limit?: number;
}

/** Every certificate the CA issued: the audit trail of enrolments and the admin API's view. */
export interface IssuedCertificateRegistry {
  /** Records a newly issued certificate; throws if the serial is recorded already. */
  record(entry: NewIssuedCertificate): Promise<void>;
  get(serial: string): Promise<IssuedCertificateEntry | undefined>;
  /** Newest first (by `issuedAt`, then serial); at most `limit` entries. */
  list(query?: CertificateQuery): Promise<IssuedCertificateEntry[]>;
  /** Marks a certificate revoked; false if it is unknown or revoked already (the first revocation stays). */
  markRevoked(serial: string, reason: RevocationReason, at: Date): Promise<boolean>;
}

/** Entries `list` returns when no limit is given. */
export const DEFAULT_CERTIFICATE_LIST_LIMIT = 100;
/** Most entries one `list` call returns. */
export const MAX_CERTIFICATE_LIST_LIMIT = 1000;

/** Checks an entry and returns it with a canonical serial and copied dates; throws `TypeError` or `PkiError`. */
export function checkNewCertificate(entry: NewIssuedCertificate): NewIssuedCertificate {
  const serial = normalizeSerialNumber(entry.serial);
  if (!(WORKLOAD_KINDS as readonly string[]).includes(entry.kind)) throw new TypeError(`kind: one of ${WORKLOAD_KINDS.join(', ')}`);
  const identity = parseSpiffeId(entry.spiffeId);
  if (identity.kind !== entry.kind || identity.site !== entry.site || identity.name !== entry.name) {
    throw new TypeError('spiffeId: its kind, site and name must be the entry\'s kind, site and name');
  }
  for (const field of ['notBefore', 'notAfter', 'issuedAt'] as const) checkDate(entry[field], field);
  if (entry.notAfter.getTime() <= entry.notBefore.getTime()) throw new TypeError('notAfter: must be after notBefore');
  if (!(ENROLMENT_KINDS as readonly string[]).includes(entry.enrolledWith)) throw new TypeError(`enrolledWith: one of ${ENROLMENT_KINDS.join(', ')}`);
  if (entry.enrolledWith === 'join-token' && !entry.joinTokenId) throw new TypeError('joinTokenId: required for a join-token enrolment');
  return {
    serial,
    spiffeId: entry.spiffeId,
    kind: entry.kind,
    site: entry.site,
    name: entry.name,
    notBefore: new Date(entry.notBefore),
    notAfter: new Date(entry.notAfter),
    issuedAt: new Date(entry.issuedAt),
    enrolledWith: entry.enrolledWith,
    ...(entry.joinTokenId === undefined ? {} : { joinTokenId: entry.joinTokenId }),
  };
}

/** Checks a revocation's reason and time. */
export function checkRevocation(reason: RevocationReason, at: Date): void {
  if (!(REVOCATION_REASONS as readonly string[]).includes(reason)) throw new TypeError(`reason: one of ${REVOCATION_REASONS.join(', ')}`);
  checkDate(at, 'at');
}

/** The limit of a query, checked. */
export function listLimit(query: CertificateQuery): number {
  const limit = query.limit ?? DEFAULT_CERTIFICATE_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CERTIFICATE_LIST_LIMIT) {
    throw new RangeError(`limit: a whole number from 1 to ${MAX_CERTIFICATE_LIST_LIMIT}`);
  }
  return limit;
}

function checkDate(value: unknown, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`${name}: must be a valid Date`);
}
