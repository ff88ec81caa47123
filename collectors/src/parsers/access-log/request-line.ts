// `"$request"`: `METHOD target HTTP/x.y`. Anything else — `-` (Apache's 408s), an empty
// request, a TLS handshake sent to a plain-HTTP port, scanner junk — is not a request line.

/** A request line's parts, the target as sent. */
export interface RequestLine {
  method: string;
  target: string;
  /** `1.1`, `2.0` …; absent for HTTP/0.9's `GET /`. */
  version?: string;
}

// An RFC 9110 token; real methods are short, so length is bounded before the test.
const METHOD = /^[A-Za-z][!#$%&'*+.^_`|~0-9A-Za-z-]*$/;
const VERSION = /^HTTP\/(\d{1,2}(?:\.\d{1,2})?)$/i;

/** The parts of a request line, or undefined when it is not one. */
export function parseRequestLine(request: string): RequestLine | undefined {
  const firstSpace = request.indexOf(' ');
  if (firstSpace <= 0 || firstSpace > 32) return undefined;
  const method = request.slice(0, firstSpace);
  if (!METHOD.test(method)) return undefined;
  const rest = request.slice(firstSpace + 1);
  const lastSpace = rest.lastIndexOf(' ');
  const tail = lastSpace >= 0 ? rest.slice(lastSpace + 1) : '';
  const version = tail.length <= 16 ? VERSION.exec(tail)?.[1] : undefined;
  // Raw clients send targets with unencoded spaces; the target is everything up to the version.
  const target = version !== undefined ? rest.slice(0, lastSpace) : rest;
  if (target.length === 0) return undefined;
  return version !== undefined ? { method, target, version } : { method, target };
}
