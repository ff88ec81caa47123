// Reading and validating one policy from a yaml node; every problem is reported, none thrown.
import { isMap, isScalar } from 'yaml';
import type { Scalar } from 'yaml';
import { compileCondition, isConditionProblem } from './condition';
import type { Obligation, PolicyDefinition } from './policy-types';
import { readResources, readSubjects } from './read-matchers';
import type { ReadContext } from './yaml-reader';
import { mapEntries, offsetOf, problem, problemAt, readList, readString, readStringList, scalarSourceOffset, typeName } from './yaml-reader';

const POLICY_KEYS = [
  'id',
  'description',
  'effect',
  'priority',
  'subjects',
  'resources',
  'actions',
  'condition',
  'obligations',
  'reason_user',
] as const;
const REQUIRED = ['id', 'description', 'effect', 'subjects', 'resources', 'actions'] as const;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;

function readId(ctx: ReadContext, node: unknown): string | undefined {
  const id = readString(ctx, node, 'id');
  if (id === undefined) return undefined;
  if (!ID_PATTERN.test(id) || id.startsWith('halong:')) {
    const msg = `id "${id}" must be 1-128 letters, digits or . _ : / - and must not start with "halong:"`;
    problem(ctx, 'HALONG_POLICY_BAD_VALUE', msg, node, 'id');
    return undefined;
  }
  return id;
}

function readEffect(ctx: ReadContext, node: unknown): 'allow' | 'deny' | undefined {
  const v = isScalar(node) ? node.value : undefined;
  if (v === 'allow' || v === 'deny') return v;
  problem(ctx, 'HALONG_POLICY_BAD_EFFECT', `effect must be allow or deny, got ${JSON.stringify(v ?? typeName(node))}`, node, 'effect');
  return undefined;
}

function readPriority(ctx: ReadContext, node: unknown): number | undefined {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 1_000_000) return v;
  problem(ctx, 'HALONG_POLICY_WRONG_TYPE', 'priority must be an integer between -1000000 and 1000000', node, 'priority');
  return undefined;
}

function readActions(ctx: ReadContext, node: unknown): string[] | undefined {
  if (!readList(ctx, node, 'actions')) return undefined;
  const actions = readStringList(ctx, node, 'actions');
  const bad = actions?.find((a) => a !== '*' && a.includes('*'));
  if (bad !== undefined) {
    problem(ctx, 'HALONG_POLICY_BAD_VALUE', `actions: "${bad}" is not an action name or "*"`, node, 'actions');
    return undefined;
  }
  return actions;
}

function readCondition(ctx: ReadContext, node: unknown): string | undefined {
  const source = readString(ctx, node, 'condition');
  if (source === undefined) return undefined;
  const compiled = compileCondition(source);
  if (!isConditionProblem(compiled)) return source;
  const offset = scalarSourceOffset(ctx.text, node as Scalar, compiled.offset);
  problemAt(ctx, compiled.code, `condition: ${compiled.message}`, offset, 'condition');
  return undefined;
}

function readObligations(ctx: ReadContext, node: unknown): Obligation[] | undefined {
  const items = readList(ctx, node, 'obligations');
  if (!items) return undefined;
  const out: Obligation[] = [];
  items.forEach((item, i) => {
    const id = isMap(item) ? item.get('id') : undefined;
    if (typeof id !== 'string' || id === '') {
      problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `obligations[${i}] must be a map with a string id`, item, `obligations[${i}]`);
    } else out.push((item as { toJSON(): Obligation }).toJSON());
  });
  return out.length === items.length ? out : undefined;
}

/** Reads one policy; returns it only when it has no problem (problems go to ctx). */
export function readPolicy(ctx: ReadContext, node: unknown, path: string): PolicyDefinition | undefined {
  if (!isMap(node)) {
    problem(ctx, 'HALONG_POLICY_WRONG_TYPE', `${path} must be a policy (a map), got ${typeName(node)}`, node, path);
    return undefined;
  }
  const idNode = node.get('id', true);
  ctx.policyId = isScalar(idNode) && typeof idNode.value === 'string' ? idNode.value : undefined;
  const before = ctx.problems.length;
  const entries = mapEntries(ctx, node, POLICY_KEYS, '');
  for (const key of REQUIRED) {
    if (!entries.has(key)) problem(ctx, 'HALONG_POLICY_MISSING_KEY', `policy is missing "${key}"`, node, key);
  }
  const value = (key: string): unknown => entries.get(key)?.value;
  const has = (key: string): boolean => entries.has(key);
  const policy = {
    id: has('id') ? readId(ctx, value('id')) : undefined,
    description: has('description') ? readString(ctx, value('description'), 'description') : undefined,
    effect: has('effect') ? readEffect(ctx, value('effect')) : undefined,
    priority: has('priority') ? readPriority(ctx, value('priority')) : 0,
    subjects: has('subjects') ? readSubjects(ctx, value('subjects')) : undefined,
    resources: has('resources') ? readResources(ctx, value('resources')) : undefined,
    actions: has('actions') ? readActions(ctx, value('actions')) : undefined,
  };
  const out = { ...policy } as PolicyDefinition;
  if (has('condition')) out.condition = readCondition(ctx, value('condition'));
  if (has('obligations')) {
    out.obligations = readObligations(ctx, value('obligations'));
    if (policy.effect === 'deny') {
      const msg = 'obligations are only returned with an allow; a deny policy cannot carry them';
      problem(ctx, 'HALONG_POLICY_BAD_VALUE', msg, entries.get('obligations')?.key, 'obligations');
    }
  }
  if (has('reason_user')) out.reason_user = readString(ctx, value('reason_user'), 'reason_user');
  out.source = { file: ctx.file, line: ctx.lines.linePos(offsetOf(node)).line };
  return ctx.problems.length === before ? out : undefined;
}
