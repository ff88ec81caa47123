// What the admin API needs, as narrow interfaces so routes are tested with fakes.
import type { AuditEntry, Decision } from '@halong/core';
import type { FastifyRequest } from 'fastify';
import type { RiskScores } from '../pdp/risk-scores';
import type { RecordedDecision } from '../pdp/simulate';
import type { WorkloadName } from '../pki/spiffe-id';
import type { ControlView } from '../service/control-state';
import type { PolicyAdministrator } from '../service/policy-administrator';
import type { IssuedRecord } from './enrolment-routes';

/** A filter over logged decisions. */
export interface DecisionQuery {
  subject?: string;
  resourceType?: string;
  resourceId?: string;
  action?: string;
  decision?: boolean;
  since?: string;
  until?: string;
  limit: number;
}

/** An admin change for the audit chain. */
export interface AuditChange {
  actor: string;
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
}

export interface AdminRoutesOptions {
  policies: PolicyAdministrator;
  decisions: {
    search(query: DecisionQuery): Promise<{ total: number; decisions: Decision[] }>;
    /** Decisions since an instant, oldest first, at most `limit` (the simulation's replay set). */
    recent(since: Date, limit: number): Promise<RecordedDecision[]>;
  };
  control: ControlView;
  joinTokens: {
    issue(input: WorkloadName & { ttlSeconds?: number; createdBy: string }): Promise<{ id: string; token: string; expiresAt: Date | string | number }>;
    list(): Promise<unknown[]>;
    revoke(id: string): Promise<boolean>;
  };
  identities: {
    list(filter: { spiffeId?: string; site?: string; kind?: string; limit?: number }): Promise<IssuedRecord[]>;
    get(serial: string): Promise<IssuedRecord | undefined>;
    markRevoked(serial: string, reason: string, at: Date): Promise<void>;
  };
  audit: {
    record(change: AuditChange): Promise<AuditEntry>;
    read(): Promise<AuditEntry[]>;
    verify(entries: readonly AuditEntry[]): unknown;
  };
  risks: RiskScores;
  /** SHA-256 (hex) of the trust bundle, shown with a join token so the enrolling device can pin it. */
  trustBundleSha256: () => string;
  clock: () => Date;
}

/** Who made an admin change: the principal the PEP proved. */
export function actorOf(request: FastifyRequest): string {
  return request.principal?.id ?? 'unknown';
}
