/** Stable codes of a workload obtaining and keeping its own Halong identity. */
export const WORKLOAD_ERRORS = {
  HALONG_WORKLOAD_NO_CREDENTIAL: 'There is no usable certificate and no join token to enrol with.',
  HALONG_WORKLOAD_ENROL_REFUSED: 'The policy engine refused the enrolment.',
  HALONG_WORKLOAD_RENEW_REFUSED: 'The policy engine refused the renewal.',
  HALONG_WORKLOAD_BAD_ANSWER: 'The policy engine answered something that is not a certificate.',
} as const;

export type WorkloadErrorCode = keyof typeof WORKLOAD_ERRORS;

/** Why a workload has no identity; `code` is stable, the message says what to fix. */
export class WorkloadIdentityError extends Error {
  override readonly name = 'WorkloadIdentityError';
  constructor(
    readonly code: WorkloadErrorCode,
    message: string = WORKLOAD_ERRORS[code],
  ) {
    super(message);
  }
}
