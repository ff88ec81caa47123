// A small IPv4/IPv6 address and CIDR matcher (no I/O). IPv4-mapped IPv6 addresses
// (::ffff:10.0.0.1) are treated as the IPv4 address they carry.
import { PolicyAddressError } from './errors';

/** A parsed address: 4 bytes for IPv4, 16 for IPv6. */
export interface IpAddress {
  version: 4 | 6;
  bytes: Uint8Array;
}

/** A parsed CIDR block. */
export interface CidrBlock extends IpAddress {
  prefix: number;
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    bytes[i] = Number(p);
  }
  return bytes;
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  for (const g of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    groups.push(parseInt(g, 16));
  }
  return groups;
}

function parseIpv6(text: string): Uint8Array | undefined {
  let head = text;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.includes('.', lastColon)) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    // Keep a `::` that ends right before the IPv4 part; drop a single separating colon.
    head = text[lastColon - 1] === ':' ? text.slice(0, lastColon + 1) : text.slice(0, lastColon);
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const left = parseGroups(halves[0]!);
  const right = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!left || !right) return undefined;
  const explicit = left.length + right.length + tail.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  const groups = [...left, ...new Array<number>(8 - explicit).fill(0), ...right, ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

function isV4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}

/** Parses an IPv4 or IPv6 address, or returns undefined. */
export function parseIp(text: string): IpAddress | undefined {
  if (typeof text !== 'string' || text.length > 45) return undefined;
  if (!text.includes(':')) {
    const v4 = parseIpv4(text);
    return v4 && { version: 4, bytes: v4 };
  }
  const v6 = parseIpv6(text);
  if (!v6) return undefined;
  return isV4Mapped(v6) ? { version: 4, bytes: v6.slice(12) } : { version: 6, bytes: v6 };
}

/** Parses `address/prefix` (a bare address is a single-host block), or returns undefined. */
export function parseCidr(text: string): CidrBlock | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return undefined;
  const bits = ip.bytes.length * 8;
  if (slash < 0) return { ...ip, prefix: bits };
  const p = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(p)) return undefined;
  let prefix = Number(p);
  // A mapped IPv6 block such as ::ffff:10.0.0.0/104 is the IPv4 block 10.0.0.0/8.
  if (ip.version === 4 && text.includes(':')) prefix -= 96;
  return prefix >= 0 && prefix <= bits ? { ...ip, prefix } : undefined;
}

/** True when the address lies in the block; different IP versions never match. */
export function addressInBlock(ip: IpAddress, block: CidrBlock): boolean {
  if (ip.version !== block.version) return false;
  const whole = block.prefix >> 3;
  for (let i = 0; i < whole; i++) if (ip.bytes[i] !== block.bytes[i]) return false;
  const rest = block.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (ip.bytes[whole]! & mask) === (block.bytes[whole]! & mask);
}

const blockCache = new Map<string, CidrBlock>();

/** Parses a CIDR through a bounded cache (conditions usually repeat the same literals). */
export function cidrBlock(text: string): CidrBlock {
  let block = blockCache.get(text);
  if (block) return block;
  block = parseCidr(text);
  if (!block) throw new PolicyAddressError('HALONG_POLICY_INVALID_CIDR', text);
  if (blockCache.size >= 1024) blockCache.clear();
  blockCache.set(text, block);
  return block;
}

/** True when `ip` is in `cidr`; throws a coded error when either cannot be parsed. */
export function ipInCidr(ip: string, cidr: string | readonly string[]): boolean {
  const addr = parseIp(ip);
  if (!addr) throw new PolicyAddressError('HALONG_POLICY_INVALID_IP', String(ip));
  const list = typeof cidr === 'string' ? [cidr] : cidr;
  return list.some((c) => addressInBlock(addr, cidrBlock(c)));
}

/** The canonical text of an address (RFC 5952 for IPv6), or the input when it is not one. */
export function normalizeIp(text: string): string {
  const ip = parseIp(text);
  if (!ip) return text;
  if (ip.version === 4) return ip.bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (ip.bytes[2 * i]! << 8) | ip.bytes[2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
