// Plain syslog (UDP, TCP without TLS) carries no credential: the sender's address is all there
// is. Admins list address ranges per site; a sender in a range is observed as that site's
// device, one outside every range is refused or accepted with a tag, as configured. The most
// specific range wins, so a ward's /28 inside its commune's /24 gets the ward.
import ipaddr from 'ipaddr.js';

/** One configured range. */
export interface SourceRange {
  /** CIDR, IPv4 or IPv6 (`10.20.1.0/24`, `2001:db8::/48`); a bare address is a /32 or /128. */
  cidr: string;
  /** Site id for labels.site. */
  site: string;
  /** Observer name for the devices of this range (default: the site). */
  observer?: string;
  /** Observer id (default: the name); an edge forwarder gives its SPIFFE id. */
  observerId?: string;
}

/** What the allow-list says about a sender. */
export type SourceVerdict = { known: true; site: string; observer: string; observerId: string; cidr: string } | { known: false };

/** Matches sender addresses against configured ranges. */
export class SourceAllowList {
  private readonly ranges: { net: [ipaddr.IPv4 | ipaddr.IPv6, number]; range: SourceRange }[];

  /** Throws a RangeError naming the entry when a CIDR cannot be read. */
  constructor(ranges: readonly SourceRange[]) {
    this.ranges = ranges
      .map((range) => {
        try {
          const net = range.cidr.includes('/') ? ipaddr.parseCIDR(range.cidr) : ([ipaddr.parse(range.cidr), ipaddr.parse(range.cidr).kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number]);
          return { net, range };
        } catch (cause) {
          throw new RangeError(`syslog source range ${JSON.stringify(range.cidr)} (site ${range.site}) is not a CIDR`, { cause });
        }
      })
      .sort((a, b) => b.net[1] - a.net[1]);
  }

  /** The most specific range holding `address` (IPv4-mapped IPv6 counts as IPv4). */
  lookup(address: string | undefined): SourceVerdict {
    if (!address) return { known: false };
    let ip: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      ip = ipaddr.process(address);
    } catch {
      return { known: false };
    }
    for (const { net, range } of this.ranges) {
      if (net[0].kind() === ip.kind() && ip.match(net as never)) return { known: true, site: range.site, observer: range.observer ?? range.site, observerId: range.observerId ?? range.observer ?? range.site, cidr: range.cidr };
    }
    return { known: false };
  }
}
