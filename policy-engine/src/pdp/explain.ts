// Reasons in words: reason_admin (detailed, for admins) and reason_user (safe to show the user).
import type { CompiledPolicy, CompiledResourceMatcher, CompiledSubjectMatcher } from './compile-policy';
import { anyIn } from './compile-policy';
import type { DecisionRequest, Entity, NearMiss, PdpReason, PolicyMatch, QuarantineEntry } from './decision-types';
import type { GlobSet } from './glob';
import type { ResourceFacts, SubjectFacts } from './request-facts';
import { claimOf } from './request-facts';

/** A policy that matched a request: which subject and resource matcher, and how the condition went. */
export interface Match {
  policy: CompiledPolicy;
  subject: number;
  resource: number;
  condition: 'none' | 'true' | 'error';
  error?: string;
}

/** Built-in policy ids that appear in reasons. */
export const BUILTIN = { quarantine: 'halong:quarantine', defaultDeny: 'halong:default-deny' } as const;

const USER_TEXT = {
  deny: 'Access denied by policy.',
  defaultDeny: 'You do not have access to this resource.',
  quarantine: 'Your access is suspended while the security team reviews an alert.',
};

/** Shortens text for reasons. */
export function clip(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The error message of anything thrown, on one line. */
export function errorText(err: unknown): string {
  const e = err as { summary?: string; message?: string };
  return clip(e.summary ?? String(e.message ?? err).split('\n')[0]!, 200);
}

function globPart(name: string, globs: GlobSet, value: string): string {
  return `${name} "${value}" ~ "${globs.which(value) ?? '?'}"`;
}

function explainSubject(m: CompiledSubjectMatcher, f: SubjectFacts): string {
  const parts: string[] = [];
  if (m.kinds) parts.push(`kind ${f.kind}`);
  if (m.ids) parts.push(globPart('id', m.ids, f.id));
  if (m.roles) parts.push(`roles ∋ ${anyIn(f.roles, m.roles)}`);
  if (m.groups) parts.push(`groups ∋ ${anyIn(f.groups, m.groups)}`);
  for (const [name, set] of m.claims ?? []) parts.push(`claim ${name} ∋ ${anyIn(claimOf(f, name), set)}`);
  if (m.sites) parts.push(globPart('site', m.sites, f.site));
  return parts.join(', ');
}

function explainResource(m: CompiledResourceMatcher, f: ResourceFacts): string {
  const parts = [m.types === null ? `type "${f.type}" ~ "*"` : `type ${f.type}`];
  if (m.ids) parts.push(globPart('id', m.ids, f.id));
  if (m.sites) parts.push(globPart('site', m.sites, f.site));
  return parts.join(', ');
}

function describeMatch(m: Match, s: SubjectFacts, r: ResourceFacts, action: string): PolicyMatch {
  const p = m.policy;
  const out: PolicyMatch = {
    subject: `${s.kind} "${s.id}" matched subjects[${m.subject}] (${explainSubject(p.subjects[m.subject]!, s)})`,
    resource: `${r.type} "${r.id}" matched resources[${m.resource}] (${explainResource(p.resources[m.resource]!, r)})`,
    action: `"${action}" matched ${p.actions === '*' ? '*' : `[${[...p.actions].join(', ')}]`}`,
  };
  if (m.condition === 'true') out.condition = `true: ${clip(p.condition!.source)}`;
  if (m.condition === 'error') out.condition = `failed, counted as matching (fail closed): ${m.error}`;
  return out;
}

/** The reason for a policy that matched (`policy`) or an allow a deny overrode (`overridden`). */
export function policyReason(m: Match, kind: 'policy' | 'overridden', s: SubjectFacts, r: ResourceFacts, action: string): PdpReason {
  const p = m.policy;
  const match = describeMatch(m, s, r, action);
  const verb = kind === 'overridden' ? 'would allow, but a deny overrides it' : p.effect === 'allow' ? 'allows' : 'denies';
  const details = [match.subject, match.resource, `action ${match.action}`];
  if (match.condition) details.push(`condition ${match.condition}`);
  const reason: PdpReason = {
    policy_id: p.id,
    effect: p.effect,
    kind,
    reason_admin: `policy "${p.id}" (${p.location}, priority ${p.priority}) ${verb}: ${details.join('; ')}`,
    match,
  };
  const user = p.def.reason_user ?? (p.effect === 'deny' ? USER_TEXT.deny : undefined);
  if (user !== undefined && kind === 'policy') reason.reason_user = user;
  if (m.error !== undefined) reason.error = m.error;
  return reason;
}

/** An allow policy whose condition failed at runtime and therefore did not apply. */
export function conditionErrorReason(p: CompiledPolicy, error: string): PdpReason {
  return {
    policy_id: p.id,
    effect: p.effect,
    kind: 'condition-error',
    reason_admin: `policy "${p.id}" (${p.location}) did not apply: its condition failed (fail closed): ${error}`,
    error,
  };
}

/** The built-in deny for a quarantined subject. */
export function quarantineReason(entity: Entity, q: QuarantineEntry): PdpReason {
  const until = q.until === undefined ? undefined : new Date(q.until).toISOString();
  const reason: PdpReason = {
    policy_id: BUILTIN.quarantine,
    effect: 'deny',
    kind: 'quarantine',
    reason_admin: `${entity.kind} "${entity.id}" is quarantined ${until ? `until ${until}` : 'until lifted'}: ${q.reason}; denied before any policy`,
    reason_user: USER_TEXT.quarantine,
    quarantine: { entity, reason: q.reason },
  };
  if (until) reason.quarantine!.until = until;
  return reason;
}

/** The default deny, with the closest allow policies. */
export function defaultDenyReason(request: DecisionRequest, examined: number, candidates: NearMiss[]): PdpReason {
  const { subject, resource, action } = request;
  let closest = `no allow policy names action "${action.name}" for this subject`;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    closest = `${i === 0 ? 'closest: ' : `${closest}; `}"${c.policy_id}" (${c.detail})`;
  }
  return {
    policy_id: BUILTIN.defaultDeny,
    effect: 'deny',
    kind: 'default-deny',
    reason_admin:
      `no policy allows ${subject.type} "${subject.id}" to ${action.name} ${resource.type} "${resource.id}" ` +
      `(default deny; ${examined} candidate policies examined); ${closest}`,
    reason_user: USER_TEXT.defaultDeny,
    candidates,
  };
}
