// The live zero-trust state every enforcement point follows, read straight from the compacted
// control topic: revoked certificates and identities, revoked token ids, quarantines. Reading the
// channel on every request (a Map lookup) is what makes a revocation apply on the next request.
import type { ControlKind, ControlRecord } from '@halong/core';
import type { Denylist } from '../pki/denylist';
import { normalizeSerialNumber } from '../pki/serial-number';
import type { RevocationEntry, RevocationReason } from '../pki/revocation-store';
import type { RevocationStore as TokenRevocationStore } from '../tokens/revocation-store';
import type { Entity, QuarantineEntry } from '../pdp/decision-types';
import { entityKey } from '../pdp/entities';

/** The part of `ControlChannel` (core/node) the policy engine uses; a fake in unit tests. */
export interface ControlView {
  get<T = unknown>(kind: ControlKind, id: string, now?: Date): ControlRecord<T> | undefined;
  list<T = unknown>(kind: ControlKind, now?: Date): ControlRecord<T>[];
  set<T>(record: ControlRecord<T>): Promise<void>;
  remove(kind: ControlKind, id: string): Promise<void>;
  onChange(listener: (kind: ControlKind, id: string, record: ControlRecord | undefined) => void): void;
}

/** What a revocation record carries. */
export interface RevocationData {
  type: 'serial' | 'spiffe-id';
  value: string;
  reason: RevocationReason;
  revokedAt: string;
}

/** What a quarantine record carries. */
export interface QuarantineData {
  entity: Entity;
  reason: string;
}

/** What a `risk_cleared` record carries (its id is the entity's key, its `at` the lift). */
export interface RiskClearedData {
  entity: Entity;
}

/** The control-topic id of a certificate or identity revocation. */
export function revocationId(type: RevocationData['type'], value: string): string {
  return type === 'serial' ? `serial:${normalizeSerialNumber(value)}` : `spiffe:${value}`;
}

/** A denylist over the control topic, for `verifyClientCertificate`. */
export function controlDenylist(control: ControlView, clock: () => Date): Denylist {
  return {
    serials: { has: (serial) => control.get('revocation', `serial:${serial}`, clock()) !== undefined },
    spiffeIds: { has: (id) => control.get('revocation', `spiffe:${id}`, clock()) !== undefined },
  };
}

/** Serial revocations in force, as CRL entries. */
export function controlCrlEntries(control: ControlView, now: Date): RevocationEntry[] {
  const out: RevocationEntry[] = [];
  for (const r of control.list<RevocationData>('revocation', now)) {
    if (r.data.type !== 'serial' || !r.until) continue;
    out.push({ type: 'serial', value: r.data.value, reason: r.data.reason, revokedAt: new Date(r.data.revokedAt), expiresAt: new Date(r.until) });
  }
  return out;
}

/** Token `jti` revocations over the control topic: a revoked token is refused by every process. */
export function controlTokenRevocations(control: ControlView, clock: () => Date, actor = 'halong'): TokenRevocationStore {
  return {
    isRevoked: (jti) => control.get('token_revocation', jti, clock()) !== undefined,
    revoke: (jti, expiresAt) =>
      control.set({ kind: 'token_revocation', id: jti, data: { jti }, at: clock().toISOString(), by: actor, until: new Date(expiresAt * 1000).toISOString() }),
  };
}

/** The quarantine in force for an entity, in the PDP's terms. */
export function controlQuarantine(control: ControlView, clock: () => Date): (entity: Entity) => QuarantineEntry | undefined {
  return (entity) => {
    const r = control.get<QuarantineData>('quarantine', entityKey(entity), clock());
    if (!r) return undefined;
    return r.until ? { reason: r.data.reason, until: Date.parse(r.until) } : { reason: r.data.reason };
  };
}
