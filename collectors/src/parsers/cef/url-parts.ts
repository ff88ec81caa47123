// url.* parts of a request URL, split by hand: WHATWG URL would resolve `..` segments and
// re-encode characters, erasing exactly what path-traversal and injection rules look for.

/** The ECS url.* parts that can be read from a URL as written. */
export interface UrlParts {
  scheme?: string;
  domain?: string;
  port?: number;
  path?: string;
  query?: string;
  fragment?: string;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]{0,31}):\/\//;

/** The parts of an absolute URL or an absolute path; nothing for other text. */
export function urlParts(original: string): UrlParts {
  const parts: UrlParts = {};
  let rest = original;
  const scheme = SCHEME.exec(rest.slice(0, 40));
  if (scheme) {
    parts.scheme = scheme[1]!.toLowerCase();
    rest = rest.slice(scheme[0].length);
    const end = firstOf(rest, '/?#');
    Object.assign(parts, authorityParts(rest.slice(0, end)));
    rest = rest.slice(end);
  } else if (!rest.startsWith('/')) {
    return parts;
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    parts.fragment = rest.slice(hash + 1) || undefined;
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  parts.path = (question >= 0 ? rest.slice(0, question) : rest) || undefined;
  if (question >= 0) parts.query = rest.slice(question + 1) || undefined;
  return dropUndefined(parts);
}

function authorityParts(authority: string): Pick<UrlParts, 'domain' | 'port'> {
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const bracket = host.startsWith('[') ? host.indexOf(']') : -1;
  const colon = host.lastIndexOf(':');
  const hasPort = colon > bracket && /^\d{1,5}$/.test(host.slice(colon + 1)) && (bracket >= 0 || host.indexOf(':') === colon);
  const name = hasPort ? host.slice(0, colon) : host;
  const port = hasPort ? Number(host.slice(colon + 1)) : undefined;
  return {
    domain: (bracket >= 0 ? name.slice(1, bracket) : name) || undefined,
    port: port !== undefined && port <= 65535 ? port : undefined,
  };
}

function firstOf(text: string, chars: string): number {
  for (let i = 0; i < text.length; i += 1) if (chars.includes(text[i]!)) return i;
  return text.length;
}

function dropUndefined(parts: UrlParts): UrlParts {
  for (const key of Object.keys(parts) as (keyof UrlParts)[]) if (parts[key] === undefined) delete parts[key];
  return parts;
}
