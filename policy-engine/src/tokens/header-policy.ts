import { TokenDeniedError, quoted } from './errors';

/**
 * Header parameters that would make the verifier fetch or trust a key named by the token itself
 * (RFC 7515 §4.1.2–4.1.6). Keys come only from configured JWKS, so these are always refused.
 */
export const FORBIDDEN_HEADERS: readonly string[] = Object.freeze(['jku', 'x5u', 'jwk', 'x5c']);

export interface HeaderPolicy {
  readonly algorithms: ReadonlySet<string>;
  /** Normalized accepted `typ` values (see `normalizeTyp`). */
  readonly types: ReadonlySet<string>;
  readonly criticalHeaders: ReadonlySet<string>;
}

/** `typ` compares case-insensitively and without the `application/` prefix (RFC 7515 §4.1.9). */
export function normalizeTyp(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/** Checks alg, forbidden key-reference headers, crit and typ; throws a `TokenDeniedError`. */
export function checkProtectedHeader(header: Record<string, unknown>, policy: HeaderPolicy): void {
  const { alg } = header;
  if (typeof alg !== 'string' || alg.length === 0) {
    throw new TokenDeniedError('HALONG_TOKEN_MALFORMED', 'the token header has no "alg"');
  }
  if (alg.toLowerCase() === 'none') {
    throw new TokenDeniedError('HALONG_TOKEN_ALG_NOT_ALLOWED', 'unsigned tokens ("alg": "none") are never accepted');
  }
  if (!policy.algorithms.has(alg)) {
    throw new TokenDeniedError(
      'HALONG_TOKEN_ALG_NOT_ALLOWED',
      `algorithm ${quoted(alg)} is not allowed for this issuer (allowed: ${[...policy.algorithms].join(', ')})`,
    );
  }
  for (const name of FORBIDDEN_HEADERS) {
    if (Object.hasOwn(header, name)) {
      throw new TokenDeniedError(
        'HALONG_TOKEN_FORBIDDEN_HEADER',
        `the token header carries "${name}"; keys come only from the issuer's configured JWKS`,
      );
    }
  }
  checkCrit(header, policy.criticalHeaders);
  const { typ } = header;
  if (typeof typ !== 'string') {
    throw new TokenDeniedError('HALONG_TOKEN_TYPE', `the token has no "typ" header (expected ${expected(policy)})`);
  }
  if (!policy.types.has(normalizeTyp(typ))) {
    throw new TokenDeniedError('HALONG_TOKEN_TYPE', `token type ${quoted(typ)} is not accepted (expected ${expected(policy)})`);
  }
}

function checkCrit(header: Record<string, unknown>, understood: ReadonlySet<string>): void {
  if (!Object.hasOwn(header, 'crit')) return;
  const { crit } = header;
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((name) => typeof name !== 'string' || name.length === 0)) {
    throw new TokenDeniedError('HALONG_TOKEN_CRIT', '"crit" must be a non-empty array of header names');
  }
  if (new Set(crit).size !== crit.length) {
    throw new TokenDeniedError('HALONG_TOKEN_CRIT', '"crit" lists a header name twice');
  }
  for (const name of crit as string[]) {
    if (!understood.has(name)) {
      throw new TokenDeniedError('HALONG_TOKEN_CRIT', `critical header extension ${quoted(name)} is not understood`);
    }
    if (!Object.hasOwn(header, name)) {
      throw new TokenDeniedError('HALONG_TOKEN_CRIT', `critical header extension ${quoted(name)} is listed but absent`);
    }
  }
}

function expected(policy: HeaderPolicy): string {
  return [...policy.types].map((t) => `"${t}"`).join(' or ');
}
