// Stable error codes of the identity-aware gateway, `HALONG_GATEWAY_<NAME>`.
// Codes never change meaning once published; messages are for humans.
import type { ErrorBody } from '@halong/core';

/** Every code the gateway reports, with the HTTP status it answers with and what it means. */
export const GatewayErrorCodes = {
  HALONG_GATEWAY_ROUTES_INVALID: { status: 500, message: 'The gateway route file has errors.' },
  HALONG_GATEWAY_INVALID_OPTION: { status: 500, message: 'An option passed to the gateway is invalid.' },
  HALONG_GATEWAY_BAD_PATH: { status: 400, message: 'The request path cannot be forwarded.' },
  HALONG_GATEWAY_PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is larger than this route accepts.' },
  HALONG_GATEWAY_NO_PRINCIPAL: { status: 500, message: 'The request was allowed without an authenticated principal; it is not forwarded.' },
  HALONG_GATEWAY_UPSTREAM_UNREACHABLE: { status: 502, message: 'The upstream application cannot be reached.' },
  HALONG_GATEWAY_UPSTREAM_TIMEOUT: { status: 504, message: 'The upstream application did not answer in time.' },
  HALONG_GATEWAY_ASSERTION_INVALID: { status: 401, message: 'The identity assertion is invalid.' },
} as const;

/** One of {@link GatewayErrorCodes}. */
export type GatewayErrorCode = keyof typeof GatewayErrorCodes;

/** An error of the gateway: `code` is stable, `status` is the HTTP status it answers with. */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status: number;

  constructor(code: GatewayErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? GatewayErrorCodes[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = GatewayErrorCodes[code].status;
  }
}

/** One problem in a route file, with where it is. Lines and columns start at 1. */
export interface GatewayRouteProblem {
  message: string;
  file: string;
  line: number;
  col: number;
  /** Where in the file, e.g. `[1].upstream`. */
  path?: string;
}

/** A route file with errors: nothing of it is used, and every problem is listed. */
export class GatewayRoutesInvalidError extends GatewayError {
  readonly problems: readonly GatewayRouteProblem[];

  constructor(problems: readonly GatewayRouteProblem[]) {
    const first = problems.slice(0, 3).map(formatRouteProblem).join('; ');
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    super('HALONG_GATEWAY_ROUTES_INVALID', `gateway routes rejected with ${problems.length} problem(s): ${first}${more}`);
    this.name = 'GatewayRoutesInvalidError';
    this.problems = problems;
  }
}

/** `file:line:col: message`, the way editors and CI logs show a problem. */
export function formatRouteProblem(p: GatewayRouteProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** The shared error body (`{error: {code, message, requestId}}`) for a gateway error. */
export function gatewayErrorBody(error: GatewayError, requestId: string): ErrorBody {
  return { error: { code: error.code, message: error.message, requestId } };
}
