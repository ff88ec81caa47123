// IP addresses as OpenSearch `ip` fields store them, and IPv4 networks as regexps over the
// dotted-quad text a keyword field holds.
import ipaddr from 'ipaddr.js';
import { Unsupported } from './errors';

const OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A canonical dotted quad (no leading zeros), the only IPv4 form compared as text. */
export function isDottedQuad(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => OCTET.test(p));
}

/** A literal an `ip` field query accepts and that names one address. */
export function isIpLiteral(s: string): boolean {
  return isDottedQuad(s) || (/^[0-9A-Fa-f:.]+$/.test(s) && s.includes(':') && ipaddr.IPv6.isValid(s));
}

/** A CIDR network, validated and normalized to its network address ("10.1.2.3/8" → "10.0.0.0/8"). */
export function parseNetwork(network: string): { cidr: string; v4?: { octets: number[]; bits: number } } {
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(network)) {
    const bits = ipaddr.IPv4.parseCIDR(network)[1];
    const addr = ipaddr.IPv4.networkAddressFromCIDR(network);
    return { cidr: `${addr.toString()}/${bits}`, v4: { octets: addr.octets, bits } };
  }
  if (ipaddr.IPv6.isValidCIDR(network)) {
    const bits = ipaddr.IPv6.parseCIDR(network)[1];
    return { cidr: `${ipaddr.IPv6.networkAddressFromCIDR(network).toString()}/${bits}` };
  }
  throw new Unsupported(`cidr: "${network}" is not an IPv4 or IPv6 network`, 'HALONG_SIGMA_VALUE');
}

/** Regexp alternatives for the decimal numbers lo..hi (0..255), without leading zeros. */
function octetRange(lo: number, hi: number): string {
  if (lo === 0 && hi === 255) return '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
  if (lo === hi) return String(lo);
  const alts: string[] = [];
  for (let n = lo; n <= hi; ) {
    // Numbers sharing all but the last digit: one bracket for the last digit.
    const head = Math.floor(n / 10);
    const last = Math.min(hi, head * 10 + 9);
    const prefix = head === 0 ? '' : String(head);
    alts.push(n === last ? String(n) : `${prefix}[${n % 10}-${last % 10}]`);
    n = last + 1;
  }
  return alts.length === 1 ? alts[0]! : `(${alts.join('|')})`;
}

/** A Lucene regexp matching exactly the dotted quads inside an IPv4 network. */
export function ipv4NetworkRegexp(octets: number[], bits: number): string {
  return octets
    .map((o, i) => {
      const fixed = Math.max(0, Math.min(8, bits - i * 8));
      const size = 2 ** (8 - fixed);
      return octetRange(o, o + size - 1);
    })
    .join('\\.');
}

/**
 * The network whose canonical addresses are exactly the strings starting with `prefix`, when
 * there is one: "192.168." → 192.168.0.0/16. Undefined for prefixes like "10.1" (10.1, 10.10-19 …).
 */
export function prefixNetwork(prefix: string): string | undefined {
  if (!/^(\d{1,3}\.){1,3}$/.test(prefix)) return undefined;
  const octets = prefix.slice(0, -1).split('.');
  if (!octets.every((o) => OCTET.test(o))) return undefined;
  return `${[...octets, '0', '0', '0'].slice(0, 4).join('.')}/${octets.length * 8}`;
}
