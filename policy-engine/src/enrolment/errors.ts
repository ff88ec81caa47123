// Stable codes of enrolment, `HALONG_ENROL_<NAME>`. Codes never change meaning once published;
// messages are for humans and never hold a token.

/** Every code the enrolment modules produce, with the HTTP status an API answers with and a default message. */
export const EnrolmentErrorCodes = {
  HALONG_ENROL_TOKEN_MALFORMED: { status: 400, message: 'The join token is not a well-formed Halong join token.' },
  HALONG_ENROL_TOKEN_UNKNOWN: { status: 401, message: 'The join token is unknown or has been revoked.' },
  HALONG_ENROL_TOKEN_USED: { status: 401, message: 'The join token has been used already.' },
  HALONG_ENROL_TOKEN_EXPIRED: { status: 401, message: 'The join token has expired.' },
  HALONG_ENROL_INVALID_IDENTITY: { status: 400, message: 'The identity (kind, site or name) is invalid.' },
  HALONG_ENROL_INVALID_TTL: { status: 400, message: 'The join token lifetime is out of range.' },
  HALONG_ENROL_INVALID_REQUEST: { status: 400, message: 'The join token request is invalid.' },
  HALONG_ENROL_STORE_FAILED: { status: 503, message: 'The join token store failed.' },
  HALONG_ENROL_CONFIG: { status: 500, message: 'The enrolment configuration is invalid.' },
} as const;

/** A stable enrolment error code, `HALONG_ENROL_<NAME>`. */
export type EnrolmentErrorCode = keyof typeof EnrolmentErrorCodes;

/** Base class of every error the enrolment modules throw; `code` is stable, `message` is for humans. */
export class EnrolmentError extends Error {
  readonly code: EnrolmentErrorCode;
  readonly status: number;

  constructor(code: EnrolmentErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? EnrolmentErrorCodes[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EnrolmentError';
    this.code = code;
    this.status = EnrolmentErrorCodes[code].status;
  }
}
