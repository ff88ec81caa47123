// Risk and quarantine for one request, from the provider; folded into the evaluation context.
// A caller may send `risk`, `resource_risk` or `resource_quarantined` in the context (a replay does):
// they can only raise what the provider says, never lower it.
import type { DecisionRequest, Entity, EntityStateProvider, QuarantineEntry } from './decision-types';
import { resourceEntities, subjectEntities } from './entities';

/** The evaluation context as logged (now as ISO text) and the subject's active quarantine, if any. */
export interface EntityState {
  context: Record<string, unknown>;
  quarantined?: { entity: Entity; entry: QuarantineEntry };
}

let lastMs = NaN;
let lastIso = '';

function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function active(q: QuarantineEntry | undefined, nowMs: number): q is QuarantineEntry {
  return q !== undefined && (q.until === undefined || q.until > nowMs);
}

/** Looks up the subject's and resource's entities once. */
export function resolveEntityState(request: DecisionRequest, nowMs: number, provider: EntityStateProvider | undefined): EntityState {
  const given = request.context ?? {};
  let risk = num(given['risk']);
  let resourceRisk = num(given['resource_risk']);
  let resourceQuarantined = given['resource_quarantined'] === true;
  let quarantined: EntityState['quarantined'];
  if (provider) {
    for (const entity of subjectEntities(request)) {
      const entry = provider.quarantine(entity);
      if (!quarantined && active(entry, nowMs)) quarantined = { entity, entry };
      risk = Math.max(risk, num(provider.riskOf(entity)));
    }
    for (const entity of resourceEntities(request)) {
      if (active(provider.quarantine(entity), nowMs)) resourceQuarantined = true;
      resourceRisk = Math.max(resourceRisk, num(provider.riskOf(entity)));
    }
  }
  // Object.assign, not spread: V8 is very slow to spread an object and then overwrite its keys.
  const context: Record<string, unknown> = Object.assign({}, given);
  context['now'] = isoTime(nowMs);
  context['risk'] = risk;
  context['resource_risk'] = resourceRisk;
  context['resource_quarantined'] = resourceQuarantined;
  return quarantined ? { context, quarantined } : { context };
}
