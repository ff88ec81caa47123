/** Who asked: a workload (certificate) or a person (JWT). */
export interface DecisionSubject {
  type: 'user' | 'collector' | 'device' | 'service';
  id: string;
  properties?: Record<string, unknown>;
}

/** Why a decision came out as it did, in the shape AuthZEN names. */
export interface DecisionReason {
  policy_id: string;
  effect: 'allow' | 'deny';
  reason_admin: string;
  reason_user?: string;
}

/** One allow/deny decision, as logged to the decisions topic. */
export interface Decision {
  id: string;
  '@timestamp': string;
  subject: DecisionSubject;
  resource: { type: string; id: string; properties?: Record<string, unknown> };
  action: { name: string };
  context?: Record<string, unknown>;
  decision: boolean;
  reasons: DecisionReason[];
  obligations?: { id: string; [key: string]: unknown }[];
  policy_version?: string;
}
