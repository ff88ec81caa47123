// SOCKADDR records carry the syscall's socket address as the raw struct, in hex: the family
// in host byte order (little-endian on the architectures audited in practice), then for
// inet/inet6 the port and the address in network byte order.

/** An IP endpoint decoded from a `saddr=` value. */
export interface SocketEndpoint {
  ip: string;
  port: number;
}

const AF_INET = 2;
const AF_INET6 = 10;

/** The IP endpoint of a `saddr=` hex value, or undefined for other families and malformed values. */
export function decodeSockaddr(hex: string): SocketEndpoint | undefined {
  if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hex)) return undefined;
  const b = Buffer.from(hex, 'hex');
  if (b.length < 8) return undefined;
  const family = b.readUInt16LE(0);
  const port = b.readUInt16BE(2);
  if (family === AF_INET) return { ip: `${b[4]}.${b[5]}.${b[6]}.${b[7]}`, port };
  if (family === AF_INET6 && b.length >= 24) return { ip: ipv6(b.subarray(8, 24)), port };
  return undefined;
}

function ipv6(bytes: Buffer): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  // RFC 5952: the longest run of two or more zero groups becomes `::`.
  let bestAt = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) [bestAt, bestLength] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestAt < 0) return text.join(':');
  return `${text.slice(0, bestAt).join(':')}::${text.slice(bestAt + bestLength).join(':')}`;
}
