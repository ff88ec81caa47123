// A deliberately small evaluator of routing conditions (FieldTests on ECS paths), enough to
// check pipelines against normalized events: string literals case-insensitively, numbers
// against numbers or numeric strings, booleans; any element of an array matches.
import type { FieldTest, ValueTest } from '../../../src/sigma/types';

/** Every value at a dotted path; arrays (of values or of objects) fan out. */
export function valuesAt(doc: unknown, path: string): unknown[] {
  let nodes: unknown[] = [doc];
  for (const part of path.split('.')) {
    nodes = nodes
      .flatMap((n) => (Array.isArray(n) ? n : [n]))
      .filter((n): n is Record<string, unknown> => typeof n === 'object' && n !== null)
      .map((n) => n[part])
      .filter((v) => v !== undefined);
  }
  return nodes.flatMap((n) => (Array.isArray(n) ? n : [n]));
}

function valueMatches(test: ValueTest, value: unknown): boolean {
  switch (test.kind) {
    case 'string': {
      if (test.pattern.length !== 1 || test.pattern[0].kind !== 'literal') throw new Error('routing uses single literals only');
      const text = test.pattern[0].text;
      const v = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
      return v !== undefined && (test.cased ? v === text : v.toLowerCase() === text.toLowerCase());
    }
    case 'number':
      return test.op === 'eq' && (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) && Number(value) === test.value;
    case 'boolean':
      return value === test.value;
    default:
      throw new Error(`routing does not use ${test.kind} tests`);
  }
}

/** True when the event satisfies every condition (AND), each by any of its tests (OR). */
export function satisfies(event: unknown, conditions: readonly FieldTest[]): boolean {
  return conditions.every((c) => {
    const values = valuesAt(event, c.field);
    const hit = c.tests.some((t) => values.some((v) => valueMatches(t, v)));
    return c.negate ? !hit : hit;
  });
}
