// What decide() takes and gives: AuthZEN-shaped requests, explainable decisions, entity state.
import type { Decision, DecisionReason } from '@halong/core';
import type { SubjectKind } from './policy-types';

/** An AuthZEN evaluation request: who wants to do what to which resource, in which context. */
export interface DecisionRequest {
  subject: { type: SubjectKind; id: string; properties?: Record<string, unknown> };
  resource: { type: string; id: string; properties?: Record<string, unknown> };
  action: { name: string; properties?: Record<string, unknown> };
  /** Network zone, client `ip`, device posture, …; `now` and risk are added by the PDP. */
  context?: Record<string, unknown>;
}

/** Why a reason is in the list. */
export type ReasonKind =
  /** A policy matched and decided (or, for a deny, would decide). */
  | 'policy'
  /** An allow policy matched but a deny overrode it. */
  | 'overridden'
  /** An allow policy's condition failed at runtime, so it did not apply (fail closed). */
  | 'condition-error'
  /** The subject is quarantined: denied before any policy. */
  | 'quarantine'
  /** Nothing allowed the request. */
  | 'default-deny';

/** Which part of each matcher matched, in words. */
export interface PolicyMatch {
  subject: string;
  resource: string;
  action: string;
  condition?: string;
}

/** An allow policy that almost matched a request that was denied by default. */
export interface NearMiss {
  policy_id: string;
  /** Parts that matched: `subject`, `resource`, `action`. */
  matched: string[];
  /** Parts that did not: `subject`, `resource.type`, `resource`, `condition`. */
  missed: string[];
  detail: string;
}

/** A subject or resource that can carry risk or be quarantined. */
export interface Entity {
  kind: 'user' | 'spiffe' | 'host' | 'ip' | 'collector' | 'device' | 'service';
  id: string;
}

/** An active quarantine: why, and until when (epoch ms; absent = until lifted). */
export interface QuarantineEntry {
  reason: string;
  until?: number;
}

/** Where the PDP gets risk scores and quarantine state (policy information point). */
export interface EntityStateProvider {
  riskOf(entity: Entity): number;
  quarantine(entity: Entity): QuarantineEntry | undefined;
}

/** A reason as AuthZEN names it, plus what kind of reason it is and its structured details. */
export interface PdpReason extends DecisionReason {
  kind: ReasonKind;
  match?: PolicyMatch;
  /** The condition error, for `condition-error` and fail-closed denies. */
  error?: string;
  /** Closest allow policies, for `default-deny`. */
  candidates?: NearMiss[];
  quarantine?: { entity: Entity; reason: string; until?: string };
}

/** A decision as `@halong/core` logs it, without the id and timestamp the caller adds. */
export type PdpDecision = Omit<Decision, 'id' | '@timestamp' | 'reasons'> & { reasons: PdpReason[] };
