// Checks of single route values; each answers a problem sentence, or undefined when the value is fine.

const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
// Unreserved URL characters only: no `:` or `*` (router syntax), no `%` (encoded look-alikes), no `?`/`#`.
const SEGMENT = /^[A-Za-z0-9._~-]+$/;
// The gateway's own routes: a prefix there would shadow them or be shadowed.
const RESERVED = ['/healthz', '/readyz', '/metrics', '/.well-known'];

/** A route name: 1-63 of `a-z 0-9 . _ -`, starting with a letter or digit. */
export function nameProblem(name: string): string | undefined {
  return NAME.test(name) ? undefined : `name must be 1-63 of a-z 0-9 . _ - starting with a letter or digit, got ${JSON.stringify(name)}`;
}

/** A path prefix: `/` then segments of unreserved characters, no trailing slash, not a gateway route. */
export function prefixProblem(prefix: string): string | undefined {
  if (!prefix.startsWith('/')) return `prefix must start with "/", got ${JSON.stringify(prefix)}`;
  if (prefix === '/') return 'prefix must name at least one path segment, not "/"';
  if (prefix.endsWith('/')) return `prefix must not end with "/", got ${JSON.stringify(prefix)}`;
  const segments = prefix.slice(1).split('/');
  if (segments.some((s) => !SEGMENT.test(s) || s === '.' || s === '..')) {
    return `prefix segments must be non-empty, not "." or "..", and use only A-Z a-z 0-9 . _ ~ -, got ${JSON.stringify(prefix)}`;
  }
  const reserved = RESERVED.find((r) => prefix === r || prefix.startsWith(`${r}/`));
  return reserved === undefined ? undefined : `prefix ${JSON.stringify(prefix)} is reserved for the gateway's own ${reserved}`;
}

/** An upstream base URL: http(s), a host, no credentials, no query or fragment. */
export function upstreamProblem(text: string): { url: URL } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `upstream must be an absolute http or https URL, got ${JSON.stringify(text)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: `upstream must use http or https, got ${JSON.stringify(url.protocol.slice(0, -1))}` };
  if (url.hostname === '') return { problem: `upstream must name a host, got ${JSON.stringify(text)}` };
  // Credentials in a URL end up in logs and in every request; the upstream must trust the assertion instead.
  if (url.username !== '' || url.password !== '') return { problem: 'upstream must not carry credentials (user:password@)' };
  if (url.search !== '' || url.hash !== '') return { problem: `upstream must not have a query or fragment, got ${JSON.stringify(text)}` };
  return { url };
}
