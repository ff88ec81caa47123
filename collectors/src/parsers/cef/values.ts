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
  if (text === undefined) return undefined;
  if (isIPv4(text)) return text;
  // Every IPv6 form has a colon; without one, isIP could only have said IPv4.
  return text.includes(':') && !text.includes('%') && isIP(text) !== 0 ? text : undefined;
}

/** A TCP/UDP port (0–65535). */
export function portOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = digitsValue(text, 5);
  return port >= 0 && port <= 65535 ? port : undefined;
}

/** A non-negative whole number (byte counts, sizes) exact in a double. */
export function countOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const count = digitsValue(text, 15);
  return count >= 0 ? count : undefined;
}

/** A MAC address in ECS's form (upper case, hyphens), or the text as sent when it is not one. */
export function macOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return /^[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}$/.test(text) ? text.toUpperCase().replace(/:/g, '-') : text;
}

/** network.transport (lower case, IANA numbers named) and network.iana_number when numeric. */
export function transportOf(text: string): { transport: string; ianaNumber?: string } {
  if (digitsValue(text, 3) >= 0) return { transport: IANA_TRANSPORTS[text] ?? text, ianaNumber: text };
  return { transport: text.toLowerCase() };
}

/** event.outcome of CEF's outcome (`success`, `failure`, ArcSight's `/Success` …). */
export function outcomeOf(text: string | undefined): 'success' | 'failure' | 'unknown' | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  switch ((trimmed.charCodeAt(0) === 0x2f ? trimmed.slice(1) : trimmed).toLowerCase()) {
    case 'success':
    case 'succeeded':
    case 'successful':
    case 'succeed':
    case 'ok':
      return 'success';
    case 'failure':
    case 'failed':
    case 'fail':
    case 'error':
      return 'failure';
    default:
      return 'unknown';
  }
}

/** network.direction of deviceDirection (0 inbound, 1 outbound). */
export function directionOf(text: string | undefined): 'inbound' | 'outbound' | undefined {
  return text === '0' ? 'inbound' : text === '1' ? 'outbound' : undefined;
}

/** event.severity of the header's severity: 0–10, or Low/Medium/High/Very-High. */
export function severityOf(text: string): number | undefined {
  const n = digitsValue(text, 2);
  if (n >= 0) return n <= 10 ? n : undefined;
  return SEVERITY_WORDS[text.toLowerCase().replace(/[\s_-]/g, '')];
}

// The value of a run of 1 to `max` ASCII digits that is the whole text (as /^\d{1,max}$/ and
// Number would read it), or -1: a loop over char codes costs less than a regular expression.
function digitsValue(text: string, max: number): number {
  const n = text.length;
  if (n === 0 || n > max) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

// Dotted-quad IPv4 as net.isIP accepts it: four decimal octets 0–255, no leading zeros.
function isIPv4(text: string): boolean {
  const n = text.length;
  if (n < 7 || n > 15) return false;
  let octets = 0;
  let i = 0;
  for (;;) {
    const start = i;
    let value = 0;
    while (i < n && i - start < 4) {
      const d = text.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
      i++;
    }
    const length = i - start;
    if (length === 0 || length > 3 || value > 255 || (length > 1 && text.charCodeAt(start) === 0x30)) return false;
    octets++;
    if (octets === 4) return i === n;
    if (text.charCodeAt(i) !== 0x2e) return false;
    i++;
  }
}
