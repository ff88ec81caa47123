// Runs the candidate policies of one request: subject, resource, then the condition (fail closed).
// Hot path: loops only, no closures created per call.
import type { CompiledPolicy } from './compile-policy';
import { matchResource, matchSubject } from './compile-policy';
import type { ConditionInput } from './condition';
import type { DecisionRequest } from './decision-types';
import type { Match } from './explain';
import { errorText } from './explain';
import { byPriority } from './keyed-list';
import type { Misses } from './near-miss';
import type { ResourceFacts, SubjectFacts } from './request-facts';

/** The policies that matched, by effect, and the allow policies that almost did. */
export interface Evaluation {
  denies: Match[];
  allows: Match[];
  misses: Misses;
}

function subjectIndex(p: CompiledPolicy, s: SubjectFacts): number {
  for (let i = 0; i < p.subjects.length; i++) if (matchSubject(p.subjects[i]!, s)) return i;
  return -1;
}

function resourceIndex(p: CompiledPolicy, r: ResourceFacts): number {
  for (let i = 0; i < p.resources.length; i++) if (matchResource(p.resources[i]!, r)) return i;
  return -1;
}

function byMatchPriority(a: Match, b: Match): number {
  return byPriority(a.policy, b.policy);
}

function byMissPriority(a: { policy: CompiledPolicy }, b: { policy: CompiledPolicy }): number {
  return byPriority(a.policy, b.policy);
}

function conditionInput(request: DecisionRequest, s: SubjectFacts, context: Record<string, unknown>, nowMs: number): ConditionInput {
  const input: ConditionInput = {
    subject: { type: request.subject.type, id: request.subject.id, properties: s.properties },
    resource: { type: request.resource.type, id: request.resource.id, properties: request.resource.properties ?? {} },
    action: { name: request.action.name, properties: request.action.properties ?? {} },
    context: Object.assign({}, context),
  };
  input.context['now'] = new Date(nowMs);
  return input;
}

/** Evaluates the candidates; results come out by priority (highest first). */
export function evaluateCandidates(
  candidates: readonly CompiledPolicy[],
  request: DecisionRequest,
  s: SubjectFacts,
  r: ResourceFacts,
  context: Record<string, unknown>,
  nowMs: number,
): Evaluation {
  const out: Evaluation = { denies: [], allows: [], misses: { condition: [], resource: [] } };
  let input: ConditionInput | undefined;
  for (let i = 0; i < candidates.length; i++) {
    const p = candidates[i]!;
    const si = subjectIndex(p, s);
    if (si < 0) continue;
    const ri = resourceIndex(p, r);
    if (ri < 0) {
      if (p.effect === 'allow') out.misses.resource.push(p);
      continue;
    }
    const m: Match = { policy: p, subject: si, resource: ri, condition: 'none' };
    if (p.condition !== null) {
      input ??= conditionInput(request, s, context, nowMs);
      try {
        if (!p.condition.evaluate(input)) {
          if (p.effect === 'allow') out.misses.condition.push({ policy: p });
          continue;
        }
        m.condition = 'true';
      } catch (err) {
        const error = errorText(err);
        if (p.effect === 'allow') {
          out.misses.condition.push({ policy: p, error });
          continue;
        }
        m.condition = 'error';
        m.error = error;
      }
    }
    (p.effect === 'deny' ? out.denies : out.allows).push(m);
  }
  out.denies.sort(byMatchPriority);
  out.allows.sort(byMatchPriority);
  out.misses.condition.sort(byMissPriority);
  return out;
}
