// CEF values as ECS types. The events index maps source.ip and friends as `ip` and ports as
// `long`: a value that is not one is left out of ECS (it stays in cef.extensions) instead of
// making the whole document fail to index.
import { isIP } from 'node:net';

// IANA protocol numbers devices send instead of names (Check Point, FortiOS: proto=6).
const IANA_TRANSPORTS: Record<string, string> = { '1': 'icmp', '2': 'igmp', '6': 'tcp', '17': 'udp', '47': 'gre', '50': 'esp', '51': 'ah', '58': 'ipv6-icmp', '132': 'sctp' };
// ArcSight's string severities and the top of the 0–10 band each stands for, so a rule
// written as `event.severity >= 7` sees High and Very-High events alike.
const SEVERITY_WORDS: Record<string, number> = { low: 3, medium: 6, high: 8, veryhigh: 10 };

/** The text when it is an IP address the index accepts (no IPv6 zone suffix). */
export function ipOf(text: string | undefined): string | undefined {
  return text !== undefined && !text.includes('%') && isIP(text) !== 0 ? text : undefined;
}

/** A TCP/UDP port (0–65535). */
export function portOf(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** A non-negative whole number (byte counts, sizes) exact in a double. */
export function countOf(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** A MAC address in ECS's form (upper case, hyphens), or the text as sent when it is not one. */
export function macOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return /^[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}$/.test(text) ? text.toUpperCase().replace(/:/g, '-') : text;
}

/** network.transport (lower case, IANA numbers named) and network.iana_number when numeric. */
export function transportOf(text: string): { transport: string; ianaNumber?: string } {
  if (/^\d{1,3}$/.test(text)) return { transport: IANA_TRANSPORTS[text] ?? text, ianaNumber: text };
  return { transport: text.toLowerCase() };
}

/** event.outcome of CEF's outcome (`success`, `failure`, ArcSight's `/Success` …). */
export function outcomeOf(text: string | undefined): 'success' | 'failure' | 'unknown' | undefined {
  if (text === undefined) return undefined;
  const word = text.trim().replace(/^\//, '').toLowerCase();
  if (/^(?:success|succeeded|successful|succeed|ok)$/.test(word)) return 'success';
  if (/^(?:failure|failed|fail|error)$/.test(word)) return 'failure';
  return 'unknown';
}

/** network.direction of deviceDirection (0 inbound, 1 outbound). */
export function directionOf(text: string | undefined): 'inbound' | 'outbound' | undefined {
  return text === '0' ? 'inbound' : text === '1' ? 'outbound' : undefined;
}

/** event.severity of the header's severity: 0–10, or Low/Medium/High/Very-High. */
export function severityOf(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    return n <= 10 ? n : undefined;
  }
  return SEVERITY_WORDS[text.toLowerCase().replace(/[\s_-]/g, '')];
}
