// Stable error codes of the policy language and the PDP, `HALONG_POLICY_<NAME>`.
// Codes never change meaning once published; messages are for humans.

/** Every code the policy language, the PDP and its stores can report, with what it means. */
export const PolicyErrorCodes = {
  HALONG_POLICY_YAML_SYNTAX: 'The file is not valid YAML or JSON.',
  HALONG_POLICY_UNKNOWN_KEY: 'A key that the policy language does not know.',
  HALONG_POLICY_MISSING_KEY: 'A required key is missing.',
  HALONG_POLICY_WRONG_TYPE: 'A value has the wrong type.',
  HALONG_POLICY_BAD_VALUE: 'A value is not one of the allowed values.',
  HALONG_POLICY_BAD_EFFECT: 'The effect is neither allow nor deny.',
  HALONG_POLICY_EMPTY_LIST: 'A list that must not be empty is empty.',
  HALONG_POLICY_DUPLICATE_ID: 'Two policies have the same id.',
  HALONG_POLICY_CEL_SYNTAX: 'The condition is not valid CEL.',
  HALONG_POLICY_CEL_TYPE: 'The condition does not type-check or does not return a bool.',
  HALONG_POLICY_CONDITION_TOO_LONG: 'The condition is longer than the allowed maximum.',
  HALONG_POLICY_SET_INVALID: 'A policy set version has errors and was rejected as a whole.',
  HALONG_POLICY_INVALID_IP: 'A value is not an IPv4 or IPv6 address.',
  HALONG_POLICY_INVALID_CIDR: 'A value is not an IPv4 or IPv6 CIDR block.',
  HALONG_POLICY_INVALID_TIME_ZONE: 'A value is not an IANA time zone.',
  HALONG_POLICY_INVALID_REQUEST: 'A decision request is malformed.',
  HALONG_POLICY_INVALID_OPTION: 'An option passed to a PDP factory is invalid.',
  HALONG_POLICY_VERSION_NOT_FOUND: 'No policy set version has that number.',
} as const;

/** One of {@link PolicyErrorCodes}. */
export type PolicyErrorCode = keyof typeof PolicyErrorCodes;

/** One problem found in a policy file, with where it is. Lines and columns start at 1. */
export interface PolicyProblem {
  code: PolicyErrorCode;
  message: string;
  file: string;
  line: number;
  col: number;
  /** The id of the policy the problem belongs to, when it is known. */
  policyId?: string;
  /** Where in the policy, e.g. `subjects[0].roles`. */
  path?: string;
}

/** Base of every error thrown by the PDP modules: a stable code and a human message. */
export class PolicyError extends Error {
  readonly code: PolicyErrorCode;

  constructor(code: PolicyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PolicyError';
    this.code = code;
  }
}

/** A policy set version with errors: publishing it is refused, and every problem is listed. */
export class PolicySetInvalidError extends PolicyError {
  readonly problems: readonly PolicyProblem[];

  constructor(problems: readonly PolicyProblem[]) {
    const first = problems.slice(0, 3).map(formatProblem).join('; ');
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    super('HALONG_POLICY_SET_INVALID', `policy set rejected with ${problems.length} problem(s): ${first}${more}`);
    this.name = 'PolicySetInvalidError';
    this.problems = problems;
  }
}

/** A decision request that is not shaped like an AuthZEN evaluation request. */
export class PolicyRequestInvalidError extends PolicyError {
  constructor(message: string) {
    super('HALONG_POLICY_INVALID_REQUEST', message);
    this.name = 'PolicyRequestInvalidError';
  }
}

/** An IP address or CIDR block that cannot be parsed. */
export class PolicyAddressError extends PolicyError {
  constructor(code: 'HALONG_POLICY_INVALID_IP' | 'HALONG_POLICY_INVALID_CIDR', value: string) {
    super(code, `${code === 'HALONG_POLICY_INVALID_IP' ? 'not an IP address' : 'not a CIDR block'}: ${JSON.stringify(value)}`);
    this.name = 'PolicyAddressError';
  }
}

/** A time zone name that Intl does not know. */
export class PolicyTimeZoneError extends PolicyError {
  constructor(zone: string) {
    super('HALONG_POLICY_INVALID_TIME_ZONE', `not an IANA time zone: ${JSON.stringify(zone)}`);
    this.name = 'PolicyTimeZoneError';
  }
}

/** An invalid factory option, e.g. a non-positive half-life. */
export class PolicyOptionError extends PolicyError {
  constructor(message: string) {
    super('HALONG_POLICY_INVALID_OPTION', message);
    this.name = 'PolicyOptionError';
  }
}

/** A rollback or lookup named a version that the store does not have. */
export class PolicyVersionNotFoundError extends PolicyError {
  constructor(version: number) {
    super('HALONG_POLICY_VERSION_NOT_FOUND', `no policy set version ${version}`);
    this.name = 'PolicyVersionNotFoundError';
  }
}

/** `file:line:col: message [CODE]`, the way editors and CI logs show a problem. */
export function formatProblem(p: PolicyProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message} [${p.code}]`;
}
