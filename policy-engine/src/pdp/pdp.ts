// The policy decision point: quarantine first, then indexed candidates, deny overrides,
// default deny, fail closed; every decision explains itself.
import type { CompiledPolicy } from './compile-policy';
import { compilePolicy } from './compile-policy';
import type { DecisionRequest, EntityStateProvider, PdpDecision, PdpReason } from './decision-types';
import { resolveEntityState } from './entity-state';
import type { PolicyProblem } from './errors';
import { PolicySetInvalidError } from './errors';
import type { Evaluation } from './evaluate-candidates';
import { evaluateCandidates } from './evaluate-candidates';
import type { Match } from './explain';
import { conditionErrorReason, defaultDenyReason, policyReason, quarantineReason } from './explain';
import { nearMisses } from './near-miss';
import { buildIndex } from './policy-index';
import type { Obligation, PolicyDefinition } from './policy-types';
import type { ResourceFacts, SubjectFacts } from './request-facts';
import { checkRequest, resourceFacts, subjectFacts } from './request-facts';

/** How a PDP is built. */
export interface PdpOptions {
  /** The policy set version stamped on every decision. */
  version?: string;
  /** Epoch milliseconds; conditions see it as `context.now`. Defaults to Date.now. */
  clock?: () => number;
  /** Risk scores and quarantine state (policy information point). */
  provider?: EntityStateProvider;
  /** How many closest policies a default deny lists; 3 unless told. */
  nearMisses?: number;
}

/** A compiled policy set that decides requests. */
export interface Pdp {
  readonly version: string | undefined;
  readonly size: number;
  /** Decides one request; throws PolicyRequestInvalidError when it is malformed. */
  decide(request: DecisionRequest): PdpDecision;
}

function checkUnique(policies: readonly PolicyDefinition[]): void {
  const seen = new Set<string>();
  const problems: PolicyProblem[] = [];
  for (const p of policies) {
    if (seen.has(p.id)) {
      const { file = '<code>', line = 1 } = p.source ?? {};
      problems.push({ code: 'HALONG_POLICY_DUPLICATE_ID', message: `duplicate policy id "${p.id}"`, file, line, col: 1, policyId: p.id });
    }
    seen.add(p.id);
  }
  if (problems.length) throw new PolicySetInvalidError(problems);
}

function collectObligations(allows: readonly Match[]): Obligation[] {
  const out: Obligation[] = [];
  for (const m of allows) {
    for (const o of m.policy.def.obligations ?? []) {
      let seen = false;
      for (const x of out) if (x.id === o.id) seen = true;
      if (!seen) out.push(o);
    }
  }
  return out;
}

function reasonsOf(ev: Evaluation, s: SubjectFacts, r: ResourceFacts, action: string): PdpReason[] {
  const reasons: PdpReason[] = [];
  const decisive = ev.denies.length ? ev.denies : ev.allows;
  for (const m of decisive) reasons.push(policyReason(m, 'policy', s, r, action));
  if (ev.denies.length) for (const m of ev.allows) reasons.push(policyReason(m, 'overridden', s, r, action));
  return reasons;
}

function errorReasons(ev: Evaluation): PdpReason[] {
  const out: PdpReason[] = [];
  for (const x of ev.misses.condition) if (x.error !== undefined) out.push(conditionErrorReason(x.policy, x.error));
  return out;
}

/** Compiles the policies once and returns a PDP; throws PolicySetInvalidError on duplicate ids or bad conditions. */
export function createPdp(policies: readonly PolicyDefinition[], options: PdpOptions = {}): Pdp {
  checkUnique(policies);
  const compiled: CompiledPolicy[] = policies.map((p, i) => compilePolicy(p, i));
  const index = buildIndex(compiled);
  const clock = options.clock ?? Date.now;
  const { version, provider } = options;
  const limit = options.nearMisses ?? 3;

  function decision(request: DecisionRequest, context: Record<string, unknown>, allowed: boolean, reasons: PdpReason[], obligations: Obligation[]): PdpDecision {
    const { subject, resource, action } = request;
    const d: PdpDecision = { subject, resource, action, context, decision: allowed, reasons, obligations };
    if (version !== undefined) d.policy_version = version;
    return d;
  }

  function decide(request: DecisionRequest): PdpDecision {
    checkRequest(request);
    const nowMs = clock();
    const state = resolveEntityState(request, nowMs, provider);
    if (state.quarantined) {
      return decision(request, state.context, false, [quarantineReason(state.quarantined.entity, state.quarantined.entry)], []);
    }
    const s = subjectFacts(request.subject);
    const r = resourceFacts(request.resource);
    const action = request.action.name;
    const keys = index.subjectKeys(s);
    const candidates = index.candidates(r.type, action, keys, r.site);
    const ev = evaluateCandidates(candidates, request, s, r, state.context, nowMs);
    const errors = errorReasons(ev);
    if (ev.denies.length || ev.allows.length) {
      const allowed = ev.denies.length === 0;
      return decision(request, state.context, allowed, [...reasonsOf(ev, s, r, action), ...errors], allowed ? collectObligations(ev.allows) : []);
    }
    const closest = nearMisses(index, keys, s, r, action, ev.misses, limit);
    return decision(request, state.context, false, [defaultDenyReason(request, candidates.length, closest), ...errors], []);
  }

  return { version, size: compiled.length, decide };
}
