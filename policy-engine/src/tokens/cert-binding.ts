import { timingSafeEqual } from 'node:crypto';
import { TokenDeniedError } from './errors';

const THUMBPRINT = /^[A-Za-z0-9_-]{43}$/;

// The thumbprint itself is defined once, in core, for the PEP, the CA and token binding.
export { certificateThumbprint } from '@halong/core/node';

/** True if the value has the shape of an `x5t#S256` thumbprint (43 base64url characters). */
export function isThumbprint(value: unknown): value is string {
  return typeof value === 'string' && THUMBPRINT.test(value);
}

/**
 * Reads the certificate binding of a verified token: its `cnf['x5t#S256']`, or undefined when the
 * token has no `cnf`. A `cnf` Halong cannot enforce (another confirmation method, a malformed
 * thumbprint) is a deny: a sender-constrained token must never be accepted as a bearer token.
 */
export function readCertificateBinding(claims: Record<string, unknown>): string | undefined {
  if (!Object.hasOwn(claims, 'cnf')) return undefined;
  const { cnf } = claims;
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) {
    throw new TokenDeniedError('HALONG_TOKEN_CERT_BINDING', 'the "cnf" claim is not an object');
  }
  const thumbprint = (cnf as Record<string, unknown>)['x5t#S256'];
  if (thumbprint === undefined) {
    const methods = Object.keys(cnf).join(', ') || 'none';
    throw new TokenDeniedError('HALONG_TOKEN_CERT_BINDING', `the token is bound by an unsupported confirmation method (${methods})`);
  }
  if (!isThumbprint(thumbprint)) {
    throw new TokenDeniedError('HALONG_TOKEN_CERT_BINDING', 'the "cnf.x5t#S256" claim is not a SHA-256 thumbprint');
  }
  return thumbprint;
}

/**
 * Enforces RFC 8705 certificate binding on each use of a token: a bound token needs the
 * presented client certificate's thumbprint and it must match; with `required`, unbound tokens
 * are denied too.
 */
export function checkCertificateBinding(bound: string | undefined, presented: string | undefined, required: boolean): void {
  if (bound === undefined) {
    if (required) {
      throw new TokenDeniedError('HALONG_TOKEN_CERT_BINDING', 'the token is not bound to a client certificate (no "cnf" claim)');
    }
    return;
  }
  if (presented === undefined) {
    throw new TokenDeniedError('HALONG_TOKEN_CERT_BINDING', 'the token is bound to a client certificate but none was presented');
  }
  const a = Buffer.from(bound);
  const b = Buffer.from(presented);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new TokenDeniedError('HALONG_TOKEN_CERT_BINDING', 'the presented client certificate is not the one the token is bound to');
  }
}
