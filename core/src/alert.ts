/** ATT&CK reference taken from a Sigma rule's tags. */
export interface AttackRef {
  tactics: string[];
  techniques: string[];
}

/** A reference to an indexed event that contributed to an alert. */
export interface MatchedEventRef {
  index: string;
  id: string;
  fields?: Record<string, unknown>;
}

export type AlertStatus = 'open' | 'acknowledged' | 'closed';

/**
 * One alert per (rule, group key, dedup window); `id` is a hash of those three so a replay
 * lands on the same document.
 */
export interface Alert {
  id: string;
  '@timestamp': string;
  rule: { id: string; title: string; level: 'informational' | 'low' | 'medium' | 'high' | 'critical'; attack: AttackRef };
  group_key: string;
  entities: { host?: string[]; user?: string[]; ip?: string[]; spiffe_id?: string[] };
  events: MatchedEventRef[];
  first_seen: string;
  last_seen: string;
  count: number;
  status: AlertStatus;
  status_history: { status: AlertStatus; at: string; by: string; note?: string }[];
}
