import { TokenDeniedError } from './errors';

// header.payload.signature, each base64url; the signature may be empty only so that an
// `alg: none` token is reported as a forbidden algorithm rather than as garbage.
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Default upper bound on a token's length in characters (bounds parsing and cache memory). */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

/**
 * Checks the compact JWS shape and decodes the protected header without verifying anything.
 * Throws a `TokenDeniedError` with code `HALONG_TOKEN_MALFORMED` for anything that is not a
 * JWS compact serialization whose header is a JSON object.
 */
export function decodeProtectedHeader(token: unknown, maxLength = DEFAULT_MAX_TOKEN_LENGTH): Record<string, unknown> {
  if (typeof token !== 'string' || token.length === 0) {
    throw new TokenDeniedError('HALONG_TOKEN_MALFORMED', 'no token was presented');
  }
  if (token.length > maxLength) {
    throw new TokenDeniedError('HALONG_TOKEN_MALFORMED', `the token is longer than ${maxLength} characters`);
  }
  if (!COMPACT.test(token)) {
    throw new TokenDeniedError('HALONG_TOKEN_MALFORMED', 'the token is not three base64url parts separated by dots');
  }
  const encoded = token.slice(0, token.indexOf('.'));
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new TokenDeniedError('HALONG_TOKEN_MALFORMED', 'the token header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new TokenDeniedError('HALONG_TOKEN_MALFORMED', 'the token header is not a JSON object');
  }
  return header as Record<string, unknown>;
}
