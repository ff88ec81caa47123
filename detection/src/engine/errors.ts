// Stable error codes of the streaming engine, `HALONG_DETECTION_<NAME>`, and the helpers that
// build the rule-level SigmaProblem values the compiler returns instead of throwing.
import type { SigmaErrorCode, SigmaProblem, SigmaRule } from '../sigma/types';

/** Every code the streaming matcher can report at run time, with what it means. */
export const EngineErrorCodes = {
  HALONG_DETECTION_RULE_FAILED: 'A rule threw while evaluating an event; that event was not matched by it.',
  HALONG_DETECTION_RULE_DISABLED: 'A rule failed too many times and is no longer evaluated.',
  HALONG_DETECTION_INVALID_OPTION: 'An option passed to a matcher factory is invalid.',
} as const;

/** One of {@link EngineErrorCodes}. */
export type EngineErrorCode = keyof typeof EngineErrorCodes;

/** Base of every error thrown or recorded by the streaming engine: a stable code and a human message. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? EngineErrorCodes[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
  }
}

/**
 * Thrown inside compilation and turned into a SigmaProblem at the compileRule boundary: the
 * compiler is deeply recursive, and one throw is simpler than threading a result type through it.
 */
export class RuleCompileError extends Error {
  readonly code: SigmaErrorCode;

  constructor(code: SigmaErrorCode, message: string) {
    super(message);
    this.name = 'RuleCompileError';
    this.code = code;
  }
}

/** The SigmaProblem for one rule. */
export function ruleProblem(rule: SigmaRule, code: SigmaErrorCode, message: string): SigmaProblem {
  const problem: SigmaProblem = { code, message, source: rule.source, severity: 'error' };
  if (rule.id !== undefined) problem.ruleId = rule.id;
  return problem;
}

/** True when a compile result is a problem rather than a compiled rule. */
export function isSigmaProblem(value: unknown): value is SigmaProblem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<SigmaProblem>;
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.severity === 'string' && !('matches' in v);
}
