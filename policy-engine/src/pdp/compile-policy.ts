// A policy definition compiled for matching: sets, precompiled globs and the compiled condition.
// Matchers are plain objects with the same shape, checked by one function each (monomorphic and fast).
import type { CompiledCondition } from './condition';
import { compileCondition, isConditionProblem } from './condition';
import { PolicySetInvalidError } from './errors';
import type { GlobSet } from './glob';
import { compileGlobs, isGlob } from './glob';
import type { PolicyDefinition, ResourceMatcher, SubjectMatcher } from './policy-types';
import type { ResourceFacts, SubjectFacts } from './request-facts';
import { claimOf } from './request-facts';

/** A compiled subject matcher; `null` fields are not checked. */
export interface CompiledSubjectMatcher {
  kinds: ReadonlySet<string> | null;
  ids: GlobSet | null;
  roles: ReadonlySet<string> | null;
  groups: ReadonlySet<string> | null;
  claims: readonly [string, ReadonlySet<string>][] | null;
  sites: GlobSet | null;
}

/** A compiled resource matcher; `types` null means any type. */
export interface CompiledResourceMatcher {
  types: ReadonlySet<string> | null;
  ids: GlobSet | null;
  sites: GlobSet | null;
}

/** A policy ready for decisions. */
export interface CompiledPolicy {
  def: PolicyDefinition;
  id: string;
  effect: 'allow' | 'deny';
  priority: number;
  /** Position in the policy set, the tie-breaker after priority. */
  order: number;
  subjects: CompiledSubjectMatcher[];
  resources: CompiledResourceMatcher[];
  actions: '*' | ReadonlySet<string>;
  condition: CompiledCondition | null;
  /** Index keys: a request can only match if it has one of them (see subjectKeys). */
  subjectKeys: string[];
  /** `file:line`, or the id when the policy was built in code. */
  location: string;
  /** The subjects and resources as short JSON, for near-miss reasons. */
  subjectText: string;
  resourceText: string;
  /** Per-decision de-duplication mark, owned by the index. */
  mark: number;
}

/** The first value found in the set, or undefined. */
export function anyIn(values: readonly string[], set: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < values.length; i++) if (set.has(values[i]!)) return values[i];
  return undefined;
}

/** True when every present field of the matcher matches. */
export function matchSubject(m: CompiledSubjectMatcher, f: SubjectFacts): boolean {
  if (m.kinds !== null && !m.kinds.has(f.kind)) return false;
  if (m.roles !== null && anyIn(f.roles, m.roles) === undefined) return false;
  if (m.groups !== null && anyIn(f.groups, m.groups) === undefined) return false;
  if (m.ids !== null && !m.ids.matches(f.id)) return false;
  if (m.sites !== null && !m.sites.matches(f.site)) return false;
  if (m.claims !== null) {
    for (const [name, set] of m.claims) if (anyIn(claimOf(f, name), set) === undefined) return false;
  }
  return true;
}

/** True when the resource's type is one the matcher names. */
export function matchResourceType(m: CompiledResourceMatcher, f: ResourceFacts): boolean {
  return m.types === null || m.types.has(f.type);
}

/** True when type, id and site all match. */
export function matchResource(m: CompiledResourceMatcher, f: ResourceFacts): boolean {
  return (
    (m.types === null || m.types.has(f.type)) && (m.ids === null || m.ids.matches(f.id)) && (m.sites === null || m.sites.matches(f.site))
  );
}

/** True when any subject matcher of the policy matches. */
export function anySubject(p: CompiledPolicy, f: SubjectFacts): boolean {
  for (let i = 0; i < p.subjects.length; i++) if (matchSubject(p.subjects[i]!, f)) return true;
  return false;
}

/** True when any resource matcher of the policy matches (`typeOnly`: only its type). */
export function anyResource(p: CompiledPolicy, f: ResourceFacts, typeOnly = false): boolean {
  for (let i = 0; i < p.resources.length; i++) {
    const m = p.resources[i]!;
    if (typeOnly ? matchResourceType(m, f) : matchResource(m, f)) return true;
  }
  return false;
}

const set = (list: readonly string[] | undefined): Set<string> | null => (list ? new Set(list) : null);
const globs = (list: readonly string[] | undefined): GlobSet | null => (list ? compileGlobs(list) : null);

function compileSubject(m: SubjectMatcher): CompiledSubjectMatcher {
  const claims = m.claims ? Object.entries(m.claims).map(([k, v]) => [k, new Set(v)] as [string, Set<string>]) : null;
  return { kinds: set(m.kind), ids: globs(m.id), roles: set(m.roles), groups: set(m.groups), claims, sites: globs(m.site) };
}

/** The literal `spiffe:<trust-domain>/<kind>[/<site>]` prefix of a SPIFFE id pattern, if it has one. */
export function spiffeKey(pattern: string): string | undefined {
  const m = /^spiffe:\/\/([^/*?]+)\/([^/*?]+)\/(?:([^/*?]+)\/)?/.exec(pattern);
  if (!m) return undefined;
  return m[3] === undefined ? `spiffe:${m[1]}/${m[2]}` : `spiffe:${m[1]}/${m[2]}/${m[3]}`;
}

// The index keys of a matcher, most selective first: ids, roles, groups, a claim, kinds, else `*`.
function baseKeys(m: SubjectMatcher): string[] {
  if (m.id && !m.id.some(isGlob)) return m.id.map((id) => `id:${id}`);
  if (m.id && m.id.every((id) => spiffeKey(id) !== undefined)) return m.id.map((id) => spiffeKey(id)!);
  if (m.roles) return m.roles.map((r) => `role:${r}`);
  if (m.groups) return m.groups.map((g) => `group:${g}`);
  const claim = Object.entries(m.claims ?? {})[0];
  if (claim) return claim[1].map((v) => `claim:${claim[0]}=${v}`);
  if (m.kind) return m.kind.map((k) => `kind:${k}`);
  return ['*'];
}

// Keys of a matcher; exact sites narrow them further (`role:analyst@qn-01`).
function keysOf(m: SubjectMatcher): string[] {
  const base = baseKeys(m);
  if (!m.site || m.site.some(isGlob)) return base;
  return base.flatMap((k) => m.site!.map((site) => `${k}@${site}`));
}

function shortJson(list: readonly unknown[]): string {
  const text = list.map((x) => JSON.stringify(x)).join(' or ');
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** Compiles one definition; throws a coded error when its condition does not compile. */
export function compilePolicy(def: PolicyDefinition, order: number): CompiledPolicy {
  let condition: CompiledCondition | null = null;
  if (def.condition !== undefined) {
    const c = compileCondition(def.condition);
    if (isConditionProblem(c)) {
      const { file = '<code>', line = 1 } = def.source ?? {};
      throw new PolicySetInvalidError([{ code: c.code, message: `condition: ${c.message}`, file, line, col: 1, policyId: def.id }]);
    }
    condition = c;
  }
  return {
    def,
    id: def.id,
    effect: def.effect,
    priority: def.priority ?? 0,
    order,
    subjects: def.subjects.map(compileSubject),
    resources: def.resources.map((r: ResourceMatcher) => ({
      types: r.type.includes('*') ? null : new Set(r.type),
      ids: globs(r.id),
      sites: globs(r.site),
    })),
    actions: def.actions.includes('*') ? '*' : new Set(def.actions),
    condition,
    subjectKeys: [...new Set(def.subjects.flatMap(keysOf))],
    location: def.source ? `${def.source.file}:${def.source.line}` : def.id,
    subjectText: shortJson(def.subjects),
    resourceText: shortJson(def.resources),
    mark: 0,
  };
}
