/**
 * What travels on the compacted control topic: the state every enforcement point follows.
 * `risk_cleared` dates an admin's lift of a quarantine: alerts from before it raise no risk,
 * even when a restarted policy engine reads them again.
 */
export type ControlKind = 'revocation' | 'quarantine' | 'policy_version' | 'token_revocation' | 'sigma_rule' | 'risk_cleared';

/** One control record; the topic key is `${kind}:${id}`, and a tombstone (null value) lifts it. */
export interface ControlRecord<T = unknown> {
  kind: ControlKind;
  id: string;
  data: T;
  /** When it was set (ISO time) and by whom. */
  at: string;
  by: string;
  /** After this time the record no longer applies (ISO time), e.g. a quarantine TTL or a certificate's expiry. */
  until?: string;
}

/** The topic key of a control record. */
export function controlKey(kind: ControlKind, id: string): string {
  return `${kind}:${id}`;
}
