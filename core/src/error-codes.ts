/**
 * Stable error codes, `HALONG_<AREA>_<NAME>`. Codes never change meaning once published;
 * the HTTP status is the one an API answers with.
 */
export const ErrorCodes = {
  HALONG_CONFIG_INVALID: { status: 500, message: 'The configuration is invalid.' },
  HALONG_ENGINE_UNREACHABLE: { status: 503, message: 'A storage or streaming engine cannot be reached.' },
  HALONG_ENGINE_START_FAILED: { status: 500, message: 'An engine failed to start.' },
  HALONG_API_NOT_FOUND: { status: 404, message: 'No such route.' },
  HALONG_API_BAD_REQUEST: { status: 400, message: 'The request is malformed.' },
  HALONG_API_PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  HALONG_API_UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable.' },
  HALONG_API_INTERNAL: { status: 500, message: 'An internal error occurred.' },
  HALONG_AUTH_UNAUTHENTICATED: { status: 401, message: 'A credential is required.' },
  HALONG_AUTH_FORBIDDEN: { status: 403, message: 'Access denied.' },
  HALONG_AUTH_PDP_UNAVAILABLE: { status: 503, message: 'The policy decision point cannot be reached; access is denied.' },
  HALONG_SINK_REJECTED: { status: 400, message: 'OpenSearch rejected the document.' },
  HALONG_SINK_RETRIES_EXHAUSTED: { status: 503, message: 'OpenSearch kept refusing the batch.' },
  HALONG_KAFKA_BUFFER_CLOSED: { status: 503, message: 'The producer is closed.' },
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** A coded error: the code is stable, the message is for humans. */
export class HalongError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; details?: unknown }) {
    super(message ?? ErrorCodes[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HalongError';
    this.code = code;
    this.status = ErrorCodes[code].status;
    this.details = options?.details;
  }
}
