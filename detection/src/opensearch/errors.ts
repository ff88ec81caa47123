import type { SigmaErrorCode, SigmaProblem, SourceRef } from '../sigma/types';

/** Stable codes of what can go wrong while running a hunt (the rule itself was fine). */
export type HuntErrorCode =
  /** The rule cannot be turned into a query for these indices (see `problem`). */
  | 'HALONG_HUNT_UNSUPPORTED'
  /** OpenSearch answered, but some shards failed: the results would be incomplete. */
  | 'HALONG_HUNT_SHARD_FAILURE'
  /** OpenSearch refused or failed the request. */
  | 'HALONG_HUNT_SEARCH_FAILED'
  /** A correlation bucket holds more distinct values than can be evaluated exactly. */
  | 'HALONG_HUNT_TOO_MANY_VALUES';

/** A coded error of the OpenSearch backend at run time. */
export class HuntError extends Error {
  readonly code: HuntErrorCode;
  readonly problem?: SigmaProblem;

  constructor(code: HuntErrorCode, message: string, options?: { cause?: unknown; problem?: SigmaProblem }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HuntError';
    this.code = code;
    this.problem = options?.problem;
  }
}

/**
 * Thrown deep inside the query builder when part of a rule cannot be expressed exactly; the
 * entry points turn it into a SigmaProblem, so callers only ever see problems, never this.
 */
export class Unsupported extends Error {
  readonly code: SigmaErrorCode;

  constructor(message: string, code: SigmaErrorCode = 'HALONG_SIGMA_UNSUPPORTED') {
    super(message);
    this.name = 'Unsupported';
    this.code = code;
  }
}

/** The SigmaProblem for an Unsupported thrown while building a query (anything else is rethrown). */
export function toProblem(err: unknown, source: SourceRef, ruleId: string | undefined): SigmaProblem {
  if (!(err instanceof Unsupported)) throw err;
  return { code: err.code, message: `OpenSearch query: ${err.message}`, source, ruleId, severity: 'error' };
}

/** Narrows `ruleToQuery`-style results. */
export function isProblem(value: unknown): value is SigmaProblem {
  return typeof value === 'object' && value !== null && 'code' in value && 'severity' in value && 'message' in value;
}
