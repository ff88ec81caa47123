// Syslog listeners: UDP, TCP (RFC 6587 framing, either kind per message) and TLS (RFC 5425)
// with mutual TLS. Plain senders are known by address only (the allow-list maps ranges to sites);
// TLS senders by the SPIFFE id in their Halong certificate. Backpressure is per transport: a TCP
// or TLS connection stops being read while its events are being shipped and while the shipper
// is saturated; UDP cannot push back, so it sheds and counts.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { EcsEvent } from '@halong/core';
import type { EnvelopeContext } from '../../parse/envelope';
import type { SourceContext } from '../../parse/types';
import { SyslogFramer } from '../../parsers/syslog';
import { decodeUtf8 } from '../../parsers/syslog/utf8';
import { ShipperError } from '../../pipeline/errors';
import type { Shipper } from '../../pipeline/shipper';
import type { EventMaker, ReceivedMessage } from '../../pipeline/to-event';
import { toEvent } from '../../pipeline/to-event';
import type { SourceAllowList } from './source-allowlist';

/** Tag of an event from a sender outside every configured range (when such senders are accepted). */
export const UNKNOWN_SOURCE_TAG = '_halong_unknown_source';

/** Options of {@link startSyslogInputs}. */
export interface SyslogInputsOptions {
  host: string;
  udpPort?: number;
  tcpPort?: number;
  /** TLS listener: Halong's CA verifies clients; a client without a valid certificate fails the handshake. */
  tls?: { port: number; key: string | Buffer; cert: string | Buffer; ca: string | Buffer };
  allowList: SourceAllowList;
  /** What happens to plain senders outside every range. */
  unknownSources: 'refuse' | 'tag';
  shipper: Pick<Shipper, 'ship' | 'busy'>;
  maker: EventMaker;
  /** This collector, the observer of senders the allow-list does not name. */
  self: EnvelopeContext['observer'];
  timeZone: string;
  maxMessageBytes: number;
  maxOriginalBytes: number;
  /** Wait before offering events again to a saturated shipper. */
  busyRetryMs?: number;
  clock?: () => number;
  onError?: (err: unknown) => void;
}

/** Counters of the listeners. */
export interface SyslogCounters {
  messages: number;
  refusedConnections: number;
  refusedDatagrams: number;
  unknownSources: number;
  udpShed: number;
  truncated: number;
  connections: number;
}

/** Running listeners. */
export interface SyslogInputs {
  /** Bound ports (0 in the options picks a free one). */
  ports: { udp?: number; tcp?: number; tls?: number };
  stats(): SyslogCounters;
  close(): Promise<void>;
}

// Who sent a connection's or datagram's messages: what their envelopes share.
type Sender = { ctx: Pick<EnvelopeContext, 'observer' | 'site' | 'sourceId' | 'maxOriginalBytes'>; unknown: boolean };

const SPIFFE = /^URI:(spiffe:\/\/[^/]+\/(collector|device|service)\/([^/]+)\/([^/,\s]+))/;

/** Starts the configured listeners. */
export async function startSyslogInputs(o: SyslogInputsOptions): Promise<SyslogInputs> {
  const clock = o.clock ?? Date.now;
  const counters: SyslogCounters = { messages: 0, refusedConnections: 0, refusedDatagrams: 0, unknownSources: 0, udpShed: 0, truncated: 0, connections: 0 };
  let sequence = 0;
  const sockets = new Set<Socket>();
  const closers: (() => Promise<void>)[] = [];
  const ports: SyslogInputs['ports'] = {};

  /** The envelope of a plain sender, or undefined when it is refused. */
  const plainSender = (transport: 'udp' | 'tcp', address: string | undefined): Sender | undefined => {
    const verdict = o.allowList.lookup(address);
    if (!verdict.known) {
      if (o.unknownSources === 'refuse') return undefined;
      counters.unknownSources += 1;
      return { ctx: { observer: o.self, sourceId: `${transport}:${address ?? 'unknown'}`, maxOriginalBytes: o.maxOriginalBytes }, unknown: true };
    }
    return { ctx: { observer: { id: verdict.observerId, name: verdict.observer, type: 'syslog' }, site: verdict.site, sourceId: `${transport}:${address ?? 'unknown'}`, maxOriginalBytes: o.maxOriginalBytes }, unknown: false };
  };

  // The messages of one read were received together: they share its receive time and source
  // context, and each gets an envelope context of one fixed shape (spreading the sender's per
  // message cost more than the envelope's own fields).
  const eventsOf = (messages: readonly ReceivedMessage[], address: string | undefined, sender: Sender): EcsEvent[] => {
    const receivedAt = clock();
    const source: SourceContext = address ? { timeZone: o.timeZone, receivedAt, address } : { timeZone: o.timeZone, receivedAt };
    const { observer, site, sourceId, maxOriginalBytes } = sender.ctx;
    const events: EcsEvent[] = new Array<EcsEvent>(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      counters.messages += 1;
      if (m.truncated) counters.truncated += 1;
      const event = toEvent(m, source, { observer, site, sourceId, maxOriginalBytes, receivedAt, sequence: sequence++ }, o.maker);
      if (sender.unknown) event.tags = [...(event.tags ?? []), UNKNOWN_SOURCE_TAG];
      events[i] = event;
    }
    return events;
  };

  // Offers events until the shipper takes them: a saturated shipper makes the connection wait.
  const shipPatiently = async (events: EcsEvent[]): Promise<void> => {
    for (;;) {
      try {
        await o.shipper.ship(events);
        return;
      } catch (err) {
        if (!(err instanceof ShipperError) || err.code !== 'HALONG_SHIPPER_BUSY') throw err;
        await new Promise((r) => setTimeout(r, o.busyRetryMs ?? 50));
      }
    }
  };

  const serveStream = (socket: Socket, sender: Sender): void => {
    counters.connections += 1;
    sockets.add(socket);
    const framer = new SyslogFramer({ maxMessageBytes: o.maxMessageBytes });
    const address = socket.remoteAddress;
    // Chunks are handled one at a time, in order: reading stops while a chunk's events ship.
    let chain = Promise.resolve();
    const handle = (messages: ReceivedMessage[]) => {
      if (messages.length === 0) return;
      socket.pause();
      chain = chain
        .then(() => shipPatiently(eventsOf(messages, address, sender)))
        .then(
          () => {
            if (!socket.destroyed) socket.resume();
          },
          (err: unknown) => {
            o.onError?.(err);
            socket.destroy();
          },
        );
    };
    socket.on('data', (chunk: Buffer) => handle(framer.push(chunk)));
    socket.on('end', () => handle(framer.end()));
    socket.on('error', (err) => o.onError?.(err));
    socket.on('close', () => sockets.delete(socket));
  };

  if (o.tcpPort !== undefined) {
    const server = createTcpServer((socket) => {
      const sender = plainSender('tcp', socket.remoteAddress);
      if (!sender) {
        counters.refusedConnections += 1;
        socket.destroy();
        return;
      }
      serveStream(socket, sender);
    });
    ports.tcp = await listen(server, o.tcpPort, o.host);
    closers.push(() => closeServer(server));
  }

  if (o.tls) {
    const server = createTlsServer({ key: o.tls.key, cert: o.tls.cert, ca: o.tls.ca, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' }, (socket: TLSSocket) => {
      const san = socket.getPeerCertificate()?.subjectaltname ?? '';
      const m = san.split(', ').map((s) => SPIFFE.exec(s)).find((x) => x !== null);
      if (!m) {
        // Verified by the CA, but not a Halong workload identity: no site, no observer to name.
        counters.refusedConnections += 1;
        socket.destroy();
        return;
      }
      const [, id, kind, site, name] = m;
      serveStream(socket, { ctx: { observer: { id: id!, name: name!, type: kind! }, site: site!, sourceId: id!, maxOriginalBytes: o.maxOriginalBytes }, unknown: false });
    });
    server.on('tlsClientError', () => {
      counters.refusedConnections += 1;
    });
    ports.tls = await listen(server, o.tls.port, o.host);
    closers.push(() => closeServer(server));
  }

  if (o.udpPort !== undefined) {
    const udp = createSocket({ type: o.host.includes(':') ? 'udp6' : 'udp4' });
    udp.on('message', (packet, rinfo) => {
      const sender = plainSender('udp', rinfo.address);
      if (!sender) {
        counters.refusedDatagrams += 1;
        return;
      }
      if (o.shipper.busy()) {
        counters.udpShed += 1;
        return;
      }
      const bytes = packet.length > o.maxMessageBytes ? packet.subarray(0, o.maxMessageBytes) : packet;
      const { text, invalidUtf8 } = decodeUtf8(bytes);
      const message: ReceivedMessage = { text: text.replace(/[\r\n\0]+$/, ''), truncated: packet.length > o.maxMessageBytes, invalidUtf8 };
      o.shipper.ship(eventsOf([message], rinfo.address, sender)).catch((err: unknown) => {
        counters.udpShed += 1;
        o.onError?.(err);
      });
    });
    ports.udp = await bindUdp(udp, o.udpPort, o.host);
    closers.push(() => new Promise<void>((resolve) => udp.close(() => resolve())));
  }

  return {
    ports,
    stats: () => ({ ...counters }),
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(closers.map((c) => c()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function bindUdp(socket: UdpSocket, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => resolve(socket.address().port));
  });
}
