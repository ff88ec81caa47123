// Stable error codes of the AuthZEN API, `HALONG_AUTHZEN_<NAME>`, with the HTTP status each answers.

/** Every code the AuthZEN layer can raise, with its HTTP status and meaning. */
export const AuthzenErrorCodes = {
  HALONG_AUTHZEN_INVALID_REQUEST: { status: 400, message: 'The AuthZEN request is malformed.' },
  HALONG_AUTHZEN_INVALID_PAGE_TOKEN: { status: 400, message: 'The page token is malformed or belongs to another search.' },
  HALONG_AUTHZEN_SEARCH_UNAVAILABLE: { status: 501, message: 'This PDP has no catalogue to search.' },
} as const;

/** One of {@link AuthzenErrorCodes}. */
export type AuthzenErrorCode = keyof typeof AuthzenErrorCodes;

/**
 * A coded AuthZEN error. `statusCode` and `code` are what fastify and the AuthZEN routes read
 * to answer with the shared error shape.
 */
export class AuthzenError extends Error {
  readonly code: AuthzenErrorCode;
  readonly statusCode: number;

  constructor(code: AuthzenErrorCode, message?: string) {
    super(message ?? AuthzenErrorCodes[code].message);
    this.name = 'AuthzenError';
    this.code = code;
    this.statusCode = AuthzenErrorCodes[code].status;
  }
}
