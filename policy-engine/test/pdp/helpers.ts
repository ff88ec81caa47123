// Small builders shared by the PDP tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecisionRequest } from '../../src/pdp/decision-types';
import { parsePolicies } from '../../src/pdp/parse-policies';
import type { PolicyDefinition } from '../../src/pdp/policy-types';

export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Parses YAML and fails the test on any problem. */
export function load(yaml: string, file = 'test.yaml'): PolicyDefinition[] {
  const { policies, errors } = parsePolicies(yaml, file);
  if (errors.length) throw new Error(`unexpected problems: ${JSON.stringify(errors, null, 2)}`);
  return policies;
}

/** A policy with sensible defaults. */
export function policy(p: Partial<PolicyDefinition> & { id: string }): PolicyDefinition {
  return {
    description: p.id,
    effect: 'allow',
    priority: 0,
    subjects: [{ kind: ['user'] }],
    resources: [{ type: ['alert'] }],
    actions: ['read'],
    ...p,
  };
}

/** A user request; override any part. */
export function userRequest(over: {
  id?: string;
  roles?: string[];
  props?: Record<string, unknown>;
  type?: string;
  resourceId?: string;
  resourceProps?: Record<string, unknown>;
  action?: string;
  context?: Record<string, unknown>;
} = {}): DecisionRequest {
  return {
    subject: { type: 'user', id: over.id ?? 'alice', properties: { roles: over.roles ?? ['analyst'], ...over.props } },
    resource: { type: over.type ?? 'alert', id: over.resourceId ?? 'alerts/1', properties: over.resourceProps ?? {} },
    action: { name: over.action ?? 'read' },
    context: over.context ?? {},
  };
}

/** A fixed instant: 2025-03-03 10:00 in Hanoi (03:00 UTC). */
export const T0 = Date.parse('2025-03-03T03:00:00Z');
export const fixedClock = (): number => T0;
