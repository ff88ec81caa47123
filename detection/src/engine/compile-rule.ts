// A Sigma rule + the pipeline's mapping for its logsource → a CompiledRule: closures built once,
// no IR walked per event. What the stream matcher needs beyond the public CompiledRule (the
// view-based evaluator, the prefilter clause) is kept in a WeakMap keyed by the compiled rule.
import type { LogsourceMapping } from '../mapping/types';
import type { SigmaProblem, SigmaRule } from '../sigma/types';
import { compileCondition } from './condition';
import { RuleCompileError, ruleProblem } from './errors';
import { DirectView, type FieldSource } from './event-view';
import { pathRef, type PathRef } from './field-access';
import type { CompiledPart, RuleContext } from './field-test';
import { compileSearch } from './search';
import { bestClause, clauseScore, MAX_INDEXED_SCORE, secondClause, type Clause } from './requirements';
import type { CompiledRule } from './types';

/** The engine-side view of a compiled rule. */
export interface RulePlan {
  evaluate(view: FieldSource): boolean;
  /** Atoms one of which every matching event satisfies; null = the rule is not indexable. */
  clause: Clause | null;
  /** Another such clause (requirements.ts secondClause), or null. */
  second: Clause | null;
  /** The ECS paths the detection reads, interned. */
  fieldPaths: PathRef[];
  cost: number;
  /** `contains` literals the detection tests, by path (contains-facts.ts). */
  facts: Map<PathRef, Set<string>>;
}

const plans = new WeakMap<CompiledRule, RulePlan>();

/** The plan of a rule compiled by compileRule; undefined for a CompiledRule built elsewhere. */
export function planOf(rule: CompiledRule): RulePlan | undefined {
  return plans.get(rule);
}

/**
 * Compiles a rule's detection for one pipeline. Returns a SigmaProblem (never throws) for what
 * cannot be compiled: an unmapped field or placeholder, a regex RE2 cannot run, a bad CIDR, an
 * unknown search in the condition.
 */
export function compileRule(rule: SigmaRule, mapping: LogsourceMapping): CompiledRule | SigmaProblem {
  try {
    return build(rule, mapping);
  } catch (error) {
    if (error instanceof RuleCompileError) return ruleProblem(rule, error.code, error.message);
    // A compiler bug must cost one rule, not the loading of every rule.
    const reason = error instanceof Error ? error.message : String(error);
    return ruleProblem(rule, 'HALONG_SIGMA_UNSUPPORTED', `internal compiler error: ${reason}`);
  }
}

function build(rule: SigmaRule, mapping: LogsourceMapping): CompiledRule {
  const used = new Set<string>();
  const mapField = (sigmaField: string): PathRef[] => {
    const paths = mapping.field(sigmaField);
    if (paths.length === 0) throw new RuleCompileError('HALONG_SIGMA_MAPPING', `field ${JSON.stringify(sigmaField)} has no ECS path in the pipeline for ${mapping.key}`);
    for (const p of paths) used.add(p);
    return paths.map(pathRef);
  };
  const facts = new Map<PathRef, Set<string>>();
  const ctx: RuleContext = {
    paths: mapField,
    fieldPaths: mapField,
    placeholder: (name) => mapping.placeholder(name),
    keywordPaths: mapping.keywordFields.map(pathRef),
    noteFacts: (path, literals) => {
      let set = facts.get(path);
      if (set === undefined) facts.set(path, (set = new Set()));
      for (const l of literals) set.add(l);
    },
  };
  const searches = new Map<string, CompiledPart>();
  const search = (name: string): CompiledPart => {
    let part = searches.get(name);
    if (part !== undefined) return part;
    if (!Object.prototype.hasOwnProperty.call(rule.detection.searches, name)) {
      throw new RuleCompileError('HALONG_SIGMA_REFERENCE', `the condition references an undefined search ${JSON.stringify(name)}`);
    }
    const s = rule.detection.searches[name]!;
    if (s.kind === 'keywords') for (const p of mapping.keywordFields) used.add(p);
    part = compileSearch(s, ctx);
    searches.set(name, part);
    return part;
  };
  const part = compileCondition(rule.detection.condition, search);
  const best = bestClause(part.cnf);
  const clause = best !== null && best.length > 0 && clauseScore(best) < MAX_INDEXED_SCORE ? best : null;
  const second = clause === null ? null : secondClause(part.cnf, clause);
  const fields = [...used];
  const evaluate = part.evaluate;
  const compiled: CompiledRule = {
    rule,
    logsourceKey: mapping.key,
    fields,
    matches: (event) => evaluate(new DirectView(event)),
  };
  plans.set(compiled, { evaluate, clause, second, fieldPaths: fields.map(pathRef), cost: part.cost, facts });
  return compiled;
}
