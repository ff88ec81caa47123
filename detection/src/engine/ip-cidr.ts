// `cidr` modifier. The network is parsed once with ipaddr.js; event values are parsed by hand
// (IPv4 to a 32-bit integer, IPv6 to eight groups), strictly: anything else is not an address.
// IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`, as Windows logs them) are compared as IPv4.
import ipaddr from 'ipaddr.js';
import { RuleCompileError } from './errors';

/** Longer strings are not addresses: do not hand them to a parser. */
const MAX_ADDRESS_LENGTH = 64;

/** A predicate on one field value: true when it is an IP address inside the network. */
export function compileCidr(network: string): (value: unknown) => boolean {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    range = ipaddr.parseCIDR(network.trim());
  } catch {
    throw new RuleCompileError('HALONG_SIGMA_VALUE', `not a CIDR network: ${JSON.stringify(network)}`);
  }
  const [base, bits] = range;
  if (base.kind() === 'ipv4') {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const net = (ipv4ToInt(base.toString()) & mask) >>> 0;
    return (value) => {
      if (typeof value !== 'string' || value.length > MAX_ADDRESS_LENGTH) return false;
      let n = ipv4ToInt(value);
      if (n < 0 && value.indexOf(':') >= 0) n = mappedIpv4(parseIpv6(value));
      return n >= 0 && ((n & mask) >>> 0) === net;
    };
  }
  const netGroups = groupsOf(base.toByteArray());
  return (value) => {
    if (typeof value !== 'string' || value.length > MAX_ADDRESS_LENGTH || value.indexOf(':') < 0) return false;
    const groups = parseIpv6(value);
    return groups !== undefined && samePrefix(groups, netGroups, bits);
  };
}

function groupsOf(bytes: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < 16; i += 2) out.push((bytes[i]! << 8) | bytes[i + 1]!);
  return out;
}

function samePrefix(a: number[], b: number[], bits: number): boolean {
  for (let i = 0; i < 8 && bits > 0; i += 1, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((a[i]! & mask) !== (b[i]! & mask)) return false;
  }
  return true;
}

/** The IPv4 address of an IPv4-mapped IPv6 address (::ffff:a.b.c.d), or -1. */
function mappedIpv4(groups: number[] | undefined): number {
  if (groups === undefined || groups[5] !== 0xffff) return -1;
  for (let i = 0; i < 5; i += 1) if (groups[i] !== 0) return -1;
  return groups[6]! * 65536 + groups[7]!;
}

/**
 * Strict IPv6 text (RFC 4291: hex groups, one `::`, optional trailing dotted quad, optional
 * `%zone`) to eight 16-bit groups. Written here because ipaddr.js takes 5–13 µs per parse.
 */
export function parseIpv6(text: string): number[] | undefined {
  const zone = text.indexOf('%');
  const s = zone >= 0 ? text.slice(0, zone) : text;
  const gap = s.indexOf('::');
  if (gap >= 0 && s.indexOf('::', gap + 1) >= 0) return undefined;
  const head = gap >= 0 ? groupsFrom(s.slice(0, gap)) : groupsFrom(s);
  const tail = gap >= 0 ? groupsFrom(s.slice(gap + 2)) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (gap >= 0 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** Colon-separated hex groups, the last one possibly a dotted quad (two groups). */
function groupsFrom(s: string): number[] | undefined {
  if (s === '') return [];
  const parts = s.split(':');
  const out: number[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const p = parts[i]!;
    if (i === parts.length - 1 && p.indexOf('.') >= 0) {
      const v4 = ipv4ToInt(p);
      if (v4 < 0) return undefined;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
      out.push(parseInt(p, 16));
    }
  }
  return out;
}

/** Strict dotted quad to unsigned int, or -1. */
function ipv4ToInt(s: string): number {
  let n = 0;
  let octet = -1;
  let dots = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i += 1) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (octet < 0 || dots === 3) return -1;
      n = n * 256 + octet;
      octet = -1;
      digits = 0;
      dots += 1;
    } else if (c >= 48 && c <= 57) {
      // A leading zero would be octal to some parsers: refuse rather than guess.
      if (digits > 0 && octet === 0) return -1;
      octet = (octet < 0 ? 0 : octet * 10) + (c - 48);
      digits += 1;
      if (octet > 255) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || octet < 0) return -1;
  return n * 256 + octet;
}
