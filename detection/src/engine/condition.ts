// The condition tree → closures that short-circuit. `x of` counts with early exit in both
// directions (enough matched, or too few left to reach the count).
import type { ConditionNode } from '../sigma/types';
import { RuleCompileError } from './errors';
import type { FieldSource } from './event-view';
import { andParts, orParts, type CompiledPart } from './field-test';
import { orCnf } from './requirements';

/** Compiles a condition; `search` resolves (and compiles, once) a search identifier. */
export function compileCondition(node: ConditionNode, search: (name: string) => CompiledPart, depth = 0): CompiledPart {
  // The parser bounds nesting too; this guard keeps a hand-built IR from overflowing the stack.
  if (depth > 256) throw new RuleCompileError('HALONG_SIGMA_CONDITION', 'condition is nested too deeply');
  const sub = (n: ConditionNode) => compileCondition(n, search, depth + 1);
  switch (node.kind) {
    case 'and':
      return andParts(node.children.map(sub));
    case 'or':
      return orParts(node.children.map(sub));
    case 'not': {
      const child = sub(node.child);
      const f = child.evaluate;
      return { evaluate: (v) => !f(v), cost: child.cost, cnf: [] };
    }
    case 'ref':
      return search(node.name);
    case 'of':
      return compileOf(node.count, node.names.map(search));
    default:
      throw new RuleCompileError('HALONG_SIGMA_CONDITION', `unknown condition node ${JSON.stringify((node as { kind: unknown }).kind)}`);
  }
}

function compileOf(count: number | 'all', parts: CompiledPart[]): CompiledPart {
  const n = count === 'all' ? parts.length : count;
  if (n <= 0) return { evaluate: () => true, cost: 0, cnf: [] };
  if (n > parts.length) return { evaluate: () => false, cost: 0, cnf: [] };
  if (n === parts.length) return andParts(parts);
  if (n === 1) return orParts(parts);
  const ordered = [...parts].sort((a, b) => a.cost - b.cost);
  const fns = ordered.map((p) => p.evaluate);
  return {
    evaluate: (view: FieldSource) => {
      let hits = 0;
      for (let k = 0; k < fns.length; k += 1) {
        if (fns[k]!(view) && (hits += 1) >= n) return true;
        if (hits + (fns.length - k - 1) < n) return false;
      }
      return false;
    },
    cost: ordered.reduce((c, p) => c + p.cost, 0),
    // At least n ≥ 1 match, so at least one does: a necessary condition, not an exact one.
    cnf: orCnf(ordered.map((p) => p.cnf)),
  };
}
