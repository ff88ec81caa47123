import { GatewayError } from './errors';
import type { GatewayRoute } from './route-types';

/** Where a request goes: the upstream origin and the raw path with query. */
export interface UpstreamTarget {
  readonly url: URL;
  /** Path and query as sent on the request line, not re-encoded. */
  readonly path: string;
}

const badPath = (why: string): GatewayError => new GatewayError('HALONG_GATEWAY_BAD_PATH', `The request path cannot be forwarded: ${why}.`);

/**
 * Refuses `.` and `..` segments, also percent-encoded or behind an encoded slash or backslash:
 * the upstream would resolve them and could leave the route's base path.
 */
function checkSegments(path: string): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw badPath('it holds an invalid percent-encoding');
  }
  if (decoded.split(/[/\\]/).some((s) => s === '.' || s === '..')) throw badPath('it holds a "." or ".." segment');
}

/** The upstream target of a request to `route` whose raw request-target is `rawUrl`. */
export function upstreamTarget(route: GatewayRoute, rawUrl: string): UpstreamTarget {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query = q < 0 ? '' : rawUrl.slice(q);
  // The router may match a path that differs from the raw one (e.g. by percent-decoding); only
  // the exact prefix is cut, so a look-alike never reaches the upstream under another route's name.
  if (path !== route.prefix && !path.startsWith(`${route.prefix}/`)) throw badPath(`it does not start with ${route.prefix}`);
  checkSegments(path);
  const url = new URL(route.upstream);
  const rest = route.stripPrefix ? path.slice(route.prefix.length) : path;
  const base = url.pathname.replace(/\/+$/, '');
  return { url, path: `${base}${rest.startsWith('/') ? rest : `/${rest}`}${query}` };
}
