// The broker as the options name it (`mqtts://host:8883`), as mqtt.js wants it (protocol,
// host without IPv6 brackets, port) and as events name it (`host:port`, in the source id).

/** Where the broker is. */
export interface BrokerAddress {
  protocol: 'mqtt' | 'mqtts';
  /** For the socket: an IPv6 address without brackets. */
  host: string;
  port: number;
  /** `host:port`, lower case, IPv6 in brackets. */
  label: string;
}

/** The broker of an `mqtts://` or `mqtt://` URL (default ports 8883 and 1883); throws a RangeError for anything else. */
export function brokerAddress(url: string): BrokerAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new RangeError(`MQTT broker URL ${JSON.stringify(url)} cannot be read`, { cause });
  }
  if ((parsed.protocol !== 'mqtt:' && parsed.protocol !== 'mqtts:') || parsed.hostname === '') {
    throw new RangeError(`MQTT broker URL ${JSON.stringify(url)} is not mqtts://host[:port] or mqtt://host[:port]`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // Not echoed: the URL holds a password.
    throw new RangeError('The MQTT broker URL carries credentials, which are not supported: the collector authenticates with a client certificate');
  }
  const protocol = parsed.protocol === 'mqtts:' ? 'mqtts' : 'mqtt';
  const port = parsed.port === '' ? (protocol === 'mqtts' ? 8883 : 1883) : Number(parsed.port);
  // Non-special URL schemes keep the host's case; DNS does not care, the source id should not.
  const hostname = parsed.hostname.toLowerCase();
  return { protocol, host: hostname.replace(/^\[(.*)\]$/, '$1'), port, label: `${hostname}:${port}` };
}
