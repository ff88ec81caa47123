/** Stable codes for everything correlation can refuse. */
export type CorrelationErrorCode =
  /** A correlation names a rule or correlation that is not in the loaded collection. */
  | 'HALONG_CORRELATION_REFERENCE'
  /** Correlations reference each other in a loop. */
  | 'HALONG_CORRELATION_CYCLE'
  /** A correlation (or an engine option) cannot be evaluated as written. */
  | 'HALONG_CORRELATION_INVALID'
  /** A checkpoint cannot be restored. */
  | 'HALONG_CORRELATION_SNAPSHOT';

/** A coded correlation error: the code is stable, the message is for humans. */
export class CorrelationError extends Error {
  readonly code: CorrelationErrorCode;

  constructor(code: CorrelationErrorCode, message: string) {
    super(message);
    this.name = 'CorrelationError';
    this.code = code;
  }
}

/** One correlation that was left out when a collection was compiled, and why. */
export interface CorrelationProblem {
  code: CorrelationErrorCode;
  correlationId: string;
  message: string;
}
