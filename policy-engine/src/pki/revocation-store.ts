import type { CertificateInput } from './certificate-input';
import { toX509, validity } from './certificate-input';
import type { Denylist } from './denylist';
import { PkiError } from './errors';
import { normalizeSerialNumber } from './serial-number';
import { parseSpiffeId } from './spiffe-id';

/** Why something was revoked; the names of the RFC 5280 CRL reason codes Halong uses. */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
] as const;

/** A revocation reason (RFC 5280 §5.3.1 name). */
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** One revocation: a certificate serial or a whole SPIFFE ID. */
export interface RevocationEntry {
  readonly type: 'serial' | 'spiffe-id';
  /** Canonical serial number, or the SPIFFE ID. */
  readonly value: string;
  readonly revokedAt: Date;
  readonly reason: RevocationReason;
  /**
   * When the entry may be forgotten: the certificate's notAfter for a serial; for an identity, at
   * least the longest lifetime of a certificate issued before `revokedAt`.
   */
  readonly expiresAt: Date;
}

/** When and why, for `revokeSerial` and `revokeSpiffeId`. */
export interface RevocationDetails {
  readonly reason: RevocationReason;
  readonly revokedAt: Date;
  readonly expiresAt: Date;
}

/**
 * The in-memory revocation list every enforcement point checks (it is a `Denylist`). Entries are
 * plain data so they can travel on the compacted control topic and be `apply`-ed elsewhere;
 * `prune` drops entries whose certificates can no longer be valid anyway.
 */
export class RevocationStore implements Denylist {
  readonly #serials = new Map<string, RevocationEntry>();
  readonly #spiffeIds = new Map<string, RevocationEntry>();

  /** Revoked serial numbers (canonical form). */
  get serials(): ReadonlyMap<string, RevocationEntry> {
    return this.#serials;
  }

  /** Revoked SPIFFE IDs. */
  get spiffeIds(): ReadonlyMap<string, RevocationEntry> {
    return this.#spiffeIds;
  }

  /** Revokes one certificate by serial number. */
  revokeSerial(serial: string, details: RevocationDetails): RevocationEntry {
    return this.apply({ type: 'serial', value: normalizeSerialNumber(serial), ...details });
  }

  /** Revokes every certificate of an identity; throws `HALONG_PKI_MALFORMED_SPIFFE_ID` for a bad ID. */
  revokeSpiffeId(spiffeId: string, details: RevocationDetails): RevocationEntry {
    parseSpiffeId(spiffeId);
    return this.apply({ type: 'spiffe-id', value: spiffeId, ...details });
  }

  /** Revokes a certificate by its serial, kept until the certificate's own notAfter. */
  revokeCertificate(certificate: CertificateInput, details: Omit<RevocationDetails, 'expiresAt'>): RevocationEntry {
    const cert = toX509(certificate);
    if (cert === undefined) throw new PkiError('HALONG_PKI_NO_CERTIFICATE');
    return this.revokeSerial(cert.serialNumber, { ...details, expiresAt: validity(cert).notAfter });
  }

  /**
   * Adds an entry (e.g. one received from another process). Idempotent: applying the same entry
   * twice, or in any order, gives the same state; overlapping entries keep the earliest revocation
   * and the latest expiry.
   */
  apply(entry: RevocationEntry): RevocationEntry {
    const map = entry.type === 'serial' ? this.#serials : this.#spiffeIds;
    const value = entry.type === 'serial' ? normalizeSerialNumber(entry.value) : entry.value;
    const existing = map.get(value);
    const merged: RevocationEntry = existing === undefined
      ? { ...entry, value }
      : {
          ...(entry.revokedAt < existing.revokedAt ? entry : existing),
          value,
          expiresAt: entry.expiresAt > existing.expiresAt ? entry.expiresAt : existing.expiresAt,
        };
    map.set(value, merged);
    return merged;
  }

  /**
   * Re-admits an identity (its next enrolment is valid again). Serial revocations cannot be
   * lifted: a certificate revoked for a reason stays revoked until it expires.
   */
  liftSpiffeId(spiffeId: string): boolean {
    return this.#spiffeIds.delete(spiffeId);
  }

  /** Removes entries whose `expiresAt` is at or before `now`; returns how many were removed. */
  prune(now: Date): number {
    let removed = 0;
    for (const map of [this.#serials, this.#spiffeIds]) {
      for (const [key, entry] of map) {
        if (entry.expiresAt <= now) {
          map.delete(key);
          removed += 1;
        }
      }
    }
    return removed;
  }

  /** All entries, serials first. */
  entries(): RevocationEntry[] {
    return [...this.#serials.values(), ...this.#spiffeIds.values()];
  }

  /** Serial entries still relevant at `now`: what a CRL lists (a CRL cannot name identities). */
  crlEntries(now: Date): RevocationEntry[] {
    return [...this.#serials.values()].filter((entry) => entry.expiresAt > now);
  }
}
