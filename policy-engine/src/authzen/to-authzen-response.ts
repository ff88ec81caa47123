// A PDP decision in AuthZEN's words: reason_admin for operators, reason_user safe for the caller,
// and the structured reasons for tools that want more than a sentence.
import type { AuthzenEvaluationResponse } from '@halong/core';
import type { PdpDecision, PdpReason, ReasonKind } from '../pdp';

// Overridden allows and failed allow conditions explain but do not decide an allow.
const DECISIVE: ReadonlySet<ReasonKind> = new Set<ReasonKind>(['policy', 'quarantine', 'default-deny']);
const FALLBACK_USER = { allow: 'Access allowed.', deny: 'Access denied.' };

function decisiveReasons(decision: PdpDecision): PdpReason[] {
  const effect = decision.decision ? 'allow' : 'deny';
  return decision.reasons.filter((r) => DECISIVE.has(r.kind) && r.effect === effect);
}

/**
 * Maps a PDP decision to the AuthZEN evaluation response. `context.reason_admin.en` joins the
 * decisive reasons (for a deny, also the allow conditions that failed closed); `reason_user.en`
 * only repeats texts policies marked as safe to show; `reasons` keeps every structured reason.
 */
export function toAuthzenResponse(decision: PdpDecision, decisionId: string): AuthzenEvaluationResponse {
  const effect = decision.decision ? 'allow' : 'deny';
  const decisive = decisiveReasons(decision);
  const explaining = decision.decision ? decisive : [...decisive, ...decision.reasons.filter((r) => r.kind === 'condition-error')];
  const admin = (explaining.length ? explaining : decision.reasons).map((r) => r.reason_admin).join('; ');
  const userTexts = [...new Set(decisive.flatMap((r) => (r.reason_user === undefined ? [] : [r.reason_user])))];
  const context: NonNullable<AuthzenEvaluationResponse['context']> = {
    id: decisionId,
    reason_admin: { en: admin || `${effect} (no reason recorded)` },
    reason_user: { en: userTexts.join(' ') || FALLBACK_USER[effect] },
    reasons: decision.reasons,
  };
  if (decision.obligations?.length) context['obligations'] = decision.obligations;
  if (decision.policy_version !== undefined) context['policy_version'] = decision.policy_version;
  return { decision: decision.decision, context };
}
