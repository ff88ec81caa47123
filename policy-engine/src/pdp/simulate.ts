// Simulation: re-decide recorded requests with a draft policy set and list who would gain or lose access.
// Each request is replayed at its recorded time with its recorded risk; quarantine denies are skipped
// because no policy can change them.
import type { Decision, DecisionReason } from '@halong/core';
import type { DecisionRequest, PdpReason } from './decision-types';
import { PolicyError } from './errors';
import { BUILTIN } from './explain';
import { createPdp } from './pdp';
import type { PolicyDefinition } from './policy-types';

/** A decision as logged to the decisions topic; id and timestamp are optional. */
export type RecordedDecision = Pick<Decision, 'subject' | 'resource' | 'action' | 'context' | 'decision'> & {
  id?: string;
  '@timestamp'?: string;
  reasons?: DecisionReason[];
};

/** One (subject, resource, action) whose access would change, with how often it was asked. */
export interface AccessChange {
  subject: { type: string; id: string };
  resource: { type: string; id: string };
  action: string;
  before: boolean;
  after: boolean;
  count: number;
  first_seen?: string;
  last_seen?: string;
  /** Recorded reasons (reason_admin) of the last such decision. */
  before_reasons: string[];
  /** The draft's reasons for the last such request. */
  after_reasons: PdpReason[];
  /** Up to five recorded decision ids. */
  decision_ids: string[];
}

/** What a draft would change. */
export interface SimulationReport {
  total: number;
  replayed: number;
  unchanged: number;
  skipped: { quarantine: number; invalid: number };
  gained: AccessChange[];
  lost: AccessChange[];
}

function timeOf(r: RecordedDecision, fallback: () => number): number {
  const now = r.context?.['now'];
  const t = typeof now === 'string' ? Date.parse(now) : r['@timestamp'] ? Date.parse(r['@timestamp']) : NaN;
  return Number.isFinite(t) ? t : fallback();
}

function track(map: Map<string, AccessChange>, r: RecordedDecision, after: boolean, reasons: PdpReason[], at: number): void {
  const key = [r.subject.type, r.subject.id, r.resource.type, r.resource.id, r.action.name].join('\u0000');
  let c = map.get(key);
  if (!c) {
    c = {
      subject: { type: r.subject.type, id: r.subject.id },
      resource: { type: r.resource.type, id: r.resource.id },
      action: r.action.name,
      before: r.decision,
      after,
      count: 0,
      before_reasons: [],
      after_reasons: [],
      decision_ids: [],
    };
    map.set(key, c);
  }
  c.count++;
  const iso = new Date(at).toISOString();
  if (c.first_seen === undefined || iso < c.first_seen) c.first_seen = iso;
  if (c.last_seen === undefined || iso >= c.last_seen) {
    c.last_seen = iso;
    c.before_reasons = (r.reasons ?? []).map((x) => x.reason_admin);
    c.after_reasons = reasons;
  }
  if (r.id !== undefined && c.decision_ids.length < 5) c.decision_ids.push(r.id);
}

/**
 * Re-decides recorded decisions (e.g. the last 24 h) with `draft` and reports the requests whose
 * outcome would change: `gained` (deny → allow) and `lost` (allow → deny), most frequent first.
 */
export function simulate(
  draft: readonly PolicyDefinition[],
  recorded: Iterable<RecordedDecision>,
  options: { clock?: () => number } = {},
): SimulationReport {
  const fallback = options.clock ?? Date.now;
  let at = 0;
  const pdp = createPdp(draft, { clock: () => at });
  const report: SimulationReport = { total: 0, replayed: 0, unchanged: 0, skipped: { quarantine: 0, invalid: 0 }, gained: [], lost: [] };
  const gained = new Map<string, AccessChange>();
  const lost = new Map<string, AccessChange>();
  for (const r of recorded) {
    report.total++;
    if (r.reasons?.some((x) => x.policy_id === BUILTIN.quarantine)) {
      report.skipped.quarantine++;
      continue;
    }
    at = timeOf(r, fallback);
    const request = { subject: r.subject, resource: r.resource, action: r.action, context: r.context } as DecisionRequest;
    let after;
    try {
      after = pdp.decide(request);
    } catch (err) {
      if (!(err instanceof PolicyError)) throw err;
      report.skipped.invalid++;
      continue;
    }
    report.replayed++;
    if (after.decision === r.decision) report.unchanged++;
    else track(after.decision ? gained : lost, r, after.decision, after.reasons, at);
  }
  const byCount = (a: AccessChange, b: AccessChange): number => b.count - a.count || (a.subject.id < b.subject.id ? -1 : 1);
  report.gained = [...gained.values()].sort(byCount);
  report.lost = [...lost.values()].sort(byCount);
  return report;
}
