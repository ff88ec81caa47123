// Domain errors (PkiError, PolicyError, TokenError, join-token errors) carry stable codes but no
// HTTP status; this is the one place that decides which status each answers with.
import { EnrolmentError } from '../enrolment/errors';
import { PkiError } from '../pki/errors';
import { PolicyError, PolicySetInvalidError, PolicyVersionNotFoundError } from '../pdp/errors';
import { TokenError } from '../tokens/errors';

/** An error the shared error handler answers with `status`, `code`, `message` (and `details`). */
export function httpError(status: number, code: string, message: string, details?: unknown): Error {
  return Object.assign(new Error(message), { statusCode: status, code, ...(details === undefined ? {} : { details }) });
}

// Certificate checks during renewal: the presented certificate is the credential, so its failure is a 401.
const CREDENTIAL_CODES = new Set([
  'HALONG_PKI_NO_CERTIFICATE',
  'HALONG_PKI_CERT_MALFORMED',
  'HALONG_PKI_FOREIGN_CA',
  'HALONG_PKI_CERT_EXPIRED',
  'HALONG_PKI_CERT_NOT_YET_VALID',
  'HALONG_PKI_CERT_REVOKED',
  'HALONG_PKI_NO_URI_SAN',
  'HALONG_PKI_MULTIPLE_URI_SANS',
  'HALONG_PKI_WRONG_TRUST_DOMAIN',
  'HALONG_PKI_MALFORMED_SPIFFE_ID',
  'HALONG_PKI_CA_AS_LEAF',
]);

/** Maps a known domain error to an HTTP error; anything else is rethrown as is (a 500). */
export function toHttpError(err: unknown): Error {
  if (err instanceof PolicySetInvalidError) return httpError(422, err.code, err.message, { problems: err.problems });
  if (err instanceof PolicyVersionNotFoundError) return httpError(404, err.code, err.message);
  if (err instanceof PolicyError) return httpError(400, err.code, err.message);
  if (err instanceof PkiError) return httpError(CREDENTIAL_CODES.has(err.code) ? 401 : 400, err.code, err.message);
  if (err instanceof TokenError) return httpError(err.status, err.code, err.message);
  if (err instanceof EnrolmentError && err.status < 500) return httpError(err.status, err.code, err.message);
  return err instanceof Error ? err : new Error(String(err));
}

/** Runs a handler body, turning domain errors into HTTP errors. */
export async function mapErrors<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toHttpError(err);
  }
}
