/**
 * An admin change, chained by hash: `hash = sha256(prev_hash + canonical(entry without hash))`,
 * so deleting or editing any entry breaks every later link.
 */
export interface AuditEntry {
  seq: number;
  '@timestamp': string;
  actor: string;
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  prev_hash: string;
  hash: string;
}
