// The syslog prefix devices put before `CEF:`. Only the sending host is kept: the syslog input
// owns the rest of the header, and a CEF event's time comes from its own rt/end/start.
// The prefix is at most ~2 KB (header.ts), so these patterns run on short text.

const PRI = /^<\d{1,3}>/;
// RFC 5424: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID …
const RFC5424 = /^\d{1,2} +\S+ +(\S+)(?: |$)/;
// RFC 3164 (`Sep 19 08:26:10`, some senders add a year), or a bare ISO 8601 timestamp.
const RFC3164_TIME = /^[A-Z][a-z]{2} +\d{1,2} +(?:\d{4} +)?\d{2}:\d{2}:\d{2}(?:\.\d+)? +/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\S+ +/;
// Some senders write their zone after the time (`Jan 23 12:10:16 UTC egs-001 CEF:…`).
const ZONE_WORD = /^(?:UTC|GMT|Z|[ECMP][SD]T|CES?T|ICT|JST|KST|SGT|HKT|WIB|AE[SD]T|[+-]\d{2}:?\d{2}) +/;
const HOST = /^[A-Za-z0-9][A-Za-z0-9._:%-]{0,253}$/;

/** The host named in a syslog prefix, when the prefix has the simple RFC 3164/5424 form. */
export function prefixHost(prefix: string): string | undefined {
  let rest = prefix.trim().replace(PRI, '');
  const rfc5424 = RFC5424.exec(rest);
  if (rfc5424) return hostOrUndefined(rfc5424[1]!);
  const time = RFC3164_TIME.exec(rest) ?? ISO_TIME.exec(rest);
  if (!time) return undefined;
  rest = rest.slice(time[0].length);
  const zone = ZONE_WORD.exec(rest);
  if (zone) rest = rest.slice(zone[0].length);
  return hostOrUndefined(rest.split(/\s+/, 1)[0] ?? '');
}

// A tag (`sshd:`, `CEF:`) or a nil value is not a host.
function hostOrUndefined(token: string): string | undefined {
  return token !== '-' && !token.endsWith(':') && HOST.test(token) ? token : undefined;
}
