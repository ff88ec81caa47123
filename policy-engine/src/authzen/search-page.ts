// One page of a search: walk the catalogue from the token's offset, let the PDP decide each
// candidate, and stop at `limit` allowed results or when the scan budget is spent.
import type { AuthzenPageRequest, AuthzenSearchResponse } from './authzen-types';
import { AUTHZEN_LIMITS } from './authzen-schemas';
import { decodePageToken, encodePageToken, searchFingerprint } from './page-token';

/** How one search runs. */
export interface SearchRun<C, R> {
  kind: 'subject' | 'resource' | 'action';
  request: { page?: AuthzenPageRequest };
  candidates: Iterable<C>;
  allowed: (candidate: C) => boolean;
  toResult: (candidate: C) => R;
  maxScan: number;
  policyVersion: string | undefined;
}

interface Walk<C> {
  results: C[];
  /** Offset of the first candidate not yet returned, when more may be allowed. */
  next?: number;
}

function walk<C>(candidates: Iterable<C>, start: number, limit: number, maxScan: number, allowed: (c: C) => boolean): Walk<C> {
  const results: C[] = [];
  let index = -1;
  let scanned = 0;
  for (const candidate of candidates) {
    index++;
    if (index < start) continue;
    // A page ends with a token only when a candidate is left, so a non-empty next_token never lies.
    if (scanned === maxScan) return { results, next: index };
    scanned++;
    if (!allowed(candidate)) continue;
    if (results.length === limit) return { results, next: index };
    results.push(candidate);
  }
  return { results };
}

/** Runs one page of a search and shapes the AuthZEN response (`page` first, as §8.3 recommends). */
export function searchPage<C, R>(run: SearchRun<C, R>): AuthzenSearchResponse<R> {
  const fingerprint = searchFingerprint(run.kind, run.request);
  const page = run.request.page;
  const start = page?.token ? decodePageToken(page.token, fingerprint) : 0;
  const limit = Math.min(page?.limit ?? AUTHZEN_LIMITS.defaultPageSize, AUTHZEN_LIMITS.maxPageSize);
  const { results, next } = walk(run.candidates, start, limit, run.maxScan, run.allowed);
  const response: AuthzenSearchResponse<R> = {
    page: { next_token: next === undefined ? '' : encodePageToken(next, fingerprint), count: results.length },
    results: results.map(run.toResult),
  };
  if (run.policyVersion !== undefined) response.context = { policy_version: run.policyVersion };
  return response;
}
