// Stable codes of the detection runtime, with the HTTP status an API answers each with.

/** Every code the runtime raises, with its status and meaning. */
export const RuntimeErrorCodes = {
  HALONG_DETECTION_NOT_READY: { status: 503, message: 'The rule set is still loading, or failed to load.' },
  HALONG_DETECTION_BAD_REQUEST: { status: 400, message: 'The request is not one the rule API accepts.' },
  HALONG_DETECTION_RULE_NOT_FOUND: { status: 404, message: 'No loaded rule or correlation has this id.' },
  HALONG_DETECTION_PIPELINE: { status: 500, message: 'The field-mapping pipelines could not be loaded.' },
  HALONG_DETECTION_CHECKPOINT: { status: 500, message: 'A worker checkpoint could not be read or written.' },
  HALONG_DETECTION_CHECKPOINT_CONFLICT: { status: 409, message: 'Another worker wrote this partition’s checkpoint meanwhile.' },
  HALONG_DETECTION_ABORTED: { status: 503, message: 'Loading was abandoned because the runtime is closing.' },
  HALONG_DETECTION_HUNT_UNSUPPORTED: { status: 422, message: 'This rule or correlation cannot be run as an OpenSearch query.' },
  HALONG_DETECTION_HUNT_FAILED: { status: 502, message: 'OpenSearch did not answer the hunt.' },
} as const;

/** One of {@link RuntimeErrorCodes}. */
export type RuntimeErrorCode = keyof typeof RuntimeErrorCodes;

/** A coded error of the detection runtime; `statusCode` lets the shared error handler answer it. */
export class DetectionRuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly statusCode: number;

  constructor(code: RuntimeErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? RuntimeErrorCodes[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DetectionRuntimeError';
    this.code = code;
    this.statusCode = RuntimeErrorCodes[code].status;
  }
}
