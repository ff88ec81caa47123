// Which headers cross the gateway, in each direction.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { IDENTITY_HEADER } from './identity-claims';

// RFC 9110 §7.6.1: these describe one connection, never the message.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

const NOT_FORWARDED = new Set([
  // The upstream is reached by its own name; the caller's goes in x-forwarded-host.
  'host',
  // The gateway consumed the credential; the upstream gets the signed assertion instead, so a
  // token valid for the gateway is never handed to an application that could replay it.
  'authorization',
  // Only the gateway may speak for the caller: an incoming assertion is a spoofing attempt.
  IDENTITY_HEADER,
  // The gateway is the edge and trusts no proxy in front of it, so these are the caller's own
  // claims; the gateway sets the x-forwarded-* headers from what it observed itself.
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-real-ip',
  // Node already answered 100-continue to the caller; the gateway sends the body without waiting.
  'expect',
]);

/** Names listed in a Connection header are hop-by-hop too (RFC 9110 §7.6.1). */
function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  return new Set((value ?? '').split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== ''));
}

function isHopByHop(name: string, listed: Set<string>): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith('proxy-') || listed.has(name);
}

/** What the gateway observed about the caller, and the assertion it vouches with. */
export interface ForwardedFacts {
  readonly clientIp: string;
  readonly protocol: 'http' | 'https';
  readonly host: string | undefined;
  readonly requestId: string;
  readonly identity: string;
}

/** The headers sent to the upstream: the caller's end-to-end headers, cookies included, plus the gateway's. */
export function upstreamRequestHeaders(incoming: IncomingHttpHeaders, facts: ForwardedFacts): OutgoingHttpHeaders {
  const listed = connectionListed(incoming);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || isHopByHop(name, listed) || NOT_FORWARDED.has(name)) continue;
    out[name] = value;
  }
  out['x-forwarded-for'] = facts.clientIp;
  out['x-forwarded-proto'] = facts.protocol;
  if (facts.host !== undefined) out['x-forwarded-host'] = facts.host;
  out['x-request-id'] = facts.requestId;
  out[IDENTITY_HEADER] = facts.identity;
  return out;
}

/** The upstream's response headers the caller gets: all but the hop-by-hop ones. */
export function downstreamResponseHeaders(upstream: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = connectionListed(upstream);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value !== undefined && !isHopByHop(name, listed)) out[name] = value;
  }
  return out;
}
