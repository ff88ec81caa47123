// Opaque search page tokens: an offset into the catalogue plus a fingerprint of the request, because
// the spec says a request that changes mid-pagination SHOULD be refused (§8.2). Stateless, so any
// instance can serve the next page.
import { createHash } from 'node:crypto';
import { AuthzenError } from './authzen-errors';
import type { AuthzenPageRequest } from './authzen-types';
import { canonicalJson } from './canonical-json';

const TOKEN = /^(\d{1,15})\.([A-Za-z0-9_-]{22})$/;

/** A fingerprint of what a search asks (its kind and body without `page.token`). */
export function searchFingerprint<T extends { page?: AuthzenPageRequest }>(kind: string, request: T): string {
  const body: Record<string, unknown> = { ...request };
  if (request.page !== undefined) {
    const page = { ...request.page };
    delete page.token;
    body['page'] = page;
  }
  return createHash('sha256').update(`${kind}\n${canonicalJson(body)}`).digest('base64url').slice(0, 22);
}

/** The token of the page that starts at `offset`. */
export function encodePageToken(offset: number, fingerprint: string): string {
  return Buffer.from(`${offset}.${fingerprint}`, 'utf8').toString('base64url');
}

/** The offset a token points at; throws unless it was issued for this very search. */
export function decodePageToken(token: string, fingerprint: string): number {
  const match = TOKEN.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw new AuthzenError('HALONG_AUTHZEN_INVALID_PAGE_TOKEN', 'page.token is not a token this PDP issued');
  if (match[2] !== fingerprint) {
    throw new AuthzenError(
      'HALONG_AUTHZEN_INVALID_PAGE_TOKEN',
      'page.token belongs to another search: keep subject, resource, action, context and page.limit unchanged while paging',
    );
  }
  return Number(match[1]);
}
