// The allow policies that came closest to allowing a request that was denied by default.
// Only runs on the default-deny path, and scans further only while it has found too few.
import type { CompiledPolicy } from './compile-policy';
import { anyResource, anySubject } from './compile-policy';
import type { NearMiss } from './decision-types';
import { clip } from './explain';
import type { PolicyIndex } from './policy-index';
import { byPriority } from './keyed-list';
import type { ResourceFacts, SubjectFacts } from './request-facts';

/** What the decision loop already learnt about allow policies that did not apply. */
export interface Misses {
  /** Subject, resource and action matched; the condition was false or failed (`error`). */
  condition: { policy: CompiledPolicy; error?: string }[];
  /** Subject and action matched; the resource id or site did not. */
  resource: CompiledPolicy[];
}

interface Ranked {
  rank: 1 | 2 | 3 | 4;
  policy: CompiledPolicy;
  error?: string;
}

// Bounds on the extra scans, so a default deny costs at most a few hundred matcher checks.
const MAX_OTHER_TYPES = 64;
const MAX_OTHER_SUBJECTS = 32;

// No closures are created per decision: tsx (keepNames) makes each one cost a defineProperty.
function byRank(a: Ranked, b: Ranked): number {
  return b.rank - a.rank || byPriority(a.policy, b.policy);
}

function describe(x: Ranked, r: ResourceFacts): NearMiss {
  const p = x.policy;
  switch (x.rank) {
    case 4: {
      const detail = x.error === undefined ? `condition was false: ${clip(p.condition!.source, 80)}` : `condition failed: ${x.error}`;
      return { policy_id: p.id, matched: ['subject', 'resource', 'action'], missed: ['condition'], detail };
    }
    case 3:
      return { policy_id: p.id, matched: ['subject', 'action'], missed: ['resource'], detail: `resource ${r.type} "${r.id}" is not in ${p.resourceText}` };
    case 2:
      return { policy_id: p.id, matched: ['subject', 'action'], missed: ['resource.type'], detail: `resource type "${r.type}" is not in ${p.resourceText}` };
    default:
      return { policy_id: p.id, matched: ['resource', 'action'], missed: ['subject'], detail: `subject is not ${p.subjectText}` };
  }
}

/**
 * Ranks near misses: a failed condition first, then a wrong resource id or site, then a wrong
 * resource type (same subject and action), then a wrong subject (same resource and action).
 */
export function nearMisses(
  index: PolicyIndex,
  keys: readonly string[],
  s: SubjectFacts,
  r: ResourceFacts,
  action: string,
  misses: Misses,
  limit: number,
): NearMiss[] {
  if (limit <= 0) return [];
  const out: Ranked[] = [];
  for (const m of misses.condition) out.push(m.error === undefined ? { rank: 4, policy: m.policy } : { rank: 4, policy: m.policy, error: m.error });
  for (const p of misses.resource) out.push({ rank: 3, policy: p });
  if (out.length < limit) {
    const others = index.forAction(action, keys, r.site);
    for (let i = 0; i < others.length && i < MAX_OTHER_TYPES; i++) {
      const p = others[i]!;
      if (p.effect === 'allow' && !anyResource(p, r, true) && anySubject(p, s)) out.push({ rank: 2, policy: p });
    }
  }
  if (out.length < limit) {
    const others = index.bucket(r.type, action, r.site);
    for (let i = 0; i < others.length && i < MAX_OTHER_SUBJECTS; i++) {
      const p = others[i]!;
      if (p.effect === 'allow' && anyResource(p, r) && !anySubject(p, s)) out.push({ rank: 1, policy: p });
    }
  }
  out.sort(byRank);
  const result: NearMiss[] = [];
  for (let i = 0; i < out.length && i < limit; i++) result.push(describe(out[i]!, r));
  return result;
}
