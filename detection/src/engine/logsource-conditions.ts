// A logsource's routing conditions (FieldTests on ECS paths, AND) compiled with the same
// machinery as rules, and the problem reported when a pipeline's conditions cannot be compiled.
import type { FieldTest, SigmaProblem } from '../sigma/types';
import { RuleCompileError, ruleProblem } from './errors';
import { pathRef } from './field-access';
import { andParts, compileFieldTest, type CompiledPart, type RuleContext } from './field-test';
import type { CompiledRule } from './types';

/** Conditions name ECS paths directly, and a pipeline's conditions have no placeholders to expand. */
const ECS_CONTEXT: RuleContext = {
  paths: (field) => [pathRef(field)],
  fieldPaths: (field) => [pathRef(field)],
  placeholder: () => undefined,
  keywordPaths: [],
};

/** Compiles logsource conditions; an empty list matches every event. Throws RuleCompileError. */
export function compileConditions(conditions: readonly FieldTest[]): CompiledPart {
  if (conditions.length === 0) return { evaluate: () => true, cost: 0, cnf: [] };
  return andParts(conditions.map((c) => compileFieldTest(c, ECS_CONTEXT)));
}

/** compileConditions, or the problem to report against a rule that uses them. */
export function compileConditionsFor(rule: CompiledRule, conditions: readonly FieldTest[]): CompiledPart | SigmaProblem {
  try {
    return compileConditions(conditions);
  } catch (error) {
    if (!(error instanceof RuleCompileError)) throw error;
    return ruleProblem(rule.rule, 'HALONG_SIGMA_MAPPING', `logsource ${rule.logsourceKey}: conditions cannot be compiled: ${error.message}`);
  }
}
