// Reading the `subjects` and `resources` matchers of a policy from yaml nodes.
import { isMap, isScalar } from 'yaml';
import type { ResourceMatcher, SubjectKind, SubjectMatcher } from './policy-types';
import { SUBJECT_KINDS } from './policy-types';
import type { ReadContext } from './yaml-reader';
import { mapEntries, problem, readList, readStringList, typeName } from './yaml-reader';

const SUBJECT_KEYS = ['kind', 'id', 'roles', 'groups', 'claims', 'site'] as const;
const RESOURCE_KEYS = ['type', 'id', 'site'] as const;

function readClaims(ctx: ReadContext, node: unknown, path: string): Record<string, string[]> | undefined {
  if (!isMap(node)) {
    problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `${path} must be a map of claim name to values, got ${typeName(node)}`, node, path);
    return undefined;
  }
  const out: Record<string, string[]> = {};
  let ok = true;
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? pair.key.value : undefined;
    if (typeof name !== 'string' || name === '') {
      problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `${path} keys must be claim names`, pair.key, path);
      ok = false;
      continue;
    }
    const values = readStringList(ctx, pair.value, `${path}.${name}`);
    if (values) out[name] = values;
    else ok = false;
  }
  if (ok && Object.keys(out).length === 0) {
    problem(ctx, 'HALONG_POLICY_EMPTY_LIST', `${path} must name at least one claim`, node, path);
    return undefined;
  }
  return ok ? out : undefined;
}

function readSubject(ctx: ReadContext, node: unknown, path: string): SubjectMatcher | undefined {
  if (!isMap(node)) {
    problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `${path} must be a map, got ${typeName(node)}`, node, path);
    return undefined;
  }
  const before = ctx.problems.length;
  const entries = mapEntries(ctx, node, SUBJECT_KEYS, path);
  if (entries.size === 0 && ctx.problems.length === before) {
    const msg = `${path} matches nothing: give at least one of ${SUBJECT_KEYS.join(', ')} (id: "*" matches every subject)`;
    problem(ctx, 'HALONG_POLICY_EMPTY_LIST', msg, node, path);
  }
  const out: SubjectMatcher = {};
  for (const [key, pair] of entries) {
    const at = `${path}.${key}`;
    if (key === 'claims') {
      const claims = readClaims(ctx, pair.value, at);
      if (claims) out.claims = claims;
      continue;
    }
    const values = readStringList(ctx, pair.value, at);
    if (!values) continue;
    if (key === 'kind') {
      const bad = values.filter((v) => !SUBJECT_KINDS.includes(v as SubjectKind));
      if (bad.length) {
        const msg = `${at}: unknown kind ${bad.map((b) => `"${b}"`).join(', ')}; allowed: ${SUBJECT_KINDS.join(', ')}`;
        problem(ctx, 'HALONG_POLICY_BAD_VALUE', msg, pair.value, at);
      } else out.kind = values as SubjectKind[];
    } else out[key as 'id' | 'roles' | 'groups' | 'site'] = values;
  }
  return ctx.problems.length === before ? out : undefined;
}

function readResource(ctx: ReadContext, node: unknown, path: string): ResourceMatcher | undefined {
  if (!isMap(node)) {
    problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `${path} must be a map, got ${typeName(node)}`, node, path);
    return undefined;
  }
  const before = ctx.problems.length;
  const entries = mapEntries(ctx, node, RESOURCE_KEYS, path);
  const typePair = entries.get('type');
  if (!typePair) problem(ctx, 'HALONG_POLICY_MISSING_KEY', `${path} needs a type (or type: "*")`, node, `${path}.type`);
  const out: ResourceMatcher = { type: [] };
  for (const [key, pair] of entries) {
    const at = `${path}.${key}`;
    const values = readStringList(ctx, pair.value, at);
    if (!values) continue;
    if (key === 'type') {
      const bad = values.filter((v) => v !== '*' && v.includes('*'));
      if (bad.length) problem(ctx, 'HALONG_POLICY_BAD_VALUE', `${at}: a type is a name or "*", not a pattern`, pair.value, at);
      out.type = values;
    } else out[key as 'id' | 'site'] = values;
  }
  return ctx.problems.length === before ? out : undefined;
}

/** Reads `subjects`: a non-empty list of subject matchers. */
export function readSubjects(ctx: ReadContext, node: unknown): SubjectMatcher[] | undefined {
  const items = readList(ctx, node, 'subjects');
  if (!items) return undefined;
  const out = items.map((item, i) => readSubject(ctx, item, `subjects[${i}]`));
  return out.every((m) => m !== undefined) ? (out as SubjectMatcher[]) : undefined;
}

/** Reads `resources`: a non-empty list of resource matchers. */
export function readResources(ctx: ReadContext, node: unknown): ResourceMatcher[] | undefined {
  const items = readList(ctx, node, 'resources');
  if (!items) return undefined;
  const out = items.map((item, i) => readResource(ctx, item, `resources[${i}]`));
  return out.every((m) => m !== undefined) ? (out as ResourceMatcher[]) : undefined;
}
