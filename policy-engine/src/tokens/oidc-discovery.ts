import type { FetchLike } from './key-source';
import { TokenConfigError } from './errors';

const MAX_DOCUMENT_BYTES = 256 * 1024;

/** The discovery URL of an OIDC issuer (OpenID Connect Discovery 1.0 §4). */
export function discoveryUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
}

/** Throws a `TokenConfigError` unless the URL is https (or http when explicitly allowed). */
export function assertFetchableUrl(value: string, what: string, allowHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TokenConfigError(`${what}: "${value}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) {
    throw new TokenConfigError(`${what}: "${value}" must use https`);
  }
  if (url.username !== '' || url.password !== '') throw new TokenConfigError(`${what}: "${value}" must not carry credentials`);
  return url;
}

/**
 * Fetches the issuer's discovery document and returns its `jwks_uri`. The document's `issuer`
 * must equal the configured issuer exactly (§4.3), so a document for another issuer is refused.
 */
export async function discoverJwksUri(issuer: string, fetchImpl: FetchLike, timeoutMs: number, allowHttp: boolean): Promise<URL> {
  const url = discoveryUrl(issuer);
  const response = await fetchImpl(url.href, {
    method: 'GET',
    headers: new Headers({ accept: 'application/json' }),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200) throw new Error(`${url.href} answered HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_DOCUMENT_BYTES) throw new Error(`${url.href} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new Error(`${url.href} is not JSON`);
  }
  const { issuer: advertised, jwks_uri: jwksUri } = (document ?? {}) as Record<string, unknown>;
  if (advertised !== issuer) {
    throw new Error(`${url.href} names issuer ${JSON.stringify(advertised)}, not ${JSON.stringify(issuer)}`);
  }
  if (typeof jwksUri !== 'string') throw new Error(`${url.href} has no jwks_uri`);
  return assertFetchableUrl(jwksUri, 'jwks_uri', allowHttp);
}
