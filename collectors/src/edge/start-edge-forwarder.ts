// The edge forwarder (`halong collector --upstream <url>`): a light process for a commune office
// or a 5G edge site. It takes local syslog, names every event (the first Halong hop sets
// event.id), spools it to disk, and forwards to the central ingest over mTLS whenever the link
// is up; while it is down, events wait in the spool, in order.
import type { EcsEvent } from '@halong/core';
import type { Logger } from '@halong/core/node';
import type { SourceRange } from '../inputs/syslog/source-allowlist';
import { SourceAllowList } from '../inputs/syslog/source-allowlist';
import type { SyslogInputs } from '../inputs/syslog/syslog-inputs';
import { startSyslogInputs } from '../inputs/syslog/syslog-inputs';
import { parseSyslogOrCef } from '../inputs/syslog/syslog-or-cef';
import { startFleetMonitor } from '../fleet';
import { Shipper } from '../pipeline/shipper';
import { openSpool } from '../spool';
import { spoolSettings } from '../runtime/spool-settings';
import type { UpstreamTls } from './upstream-producer';
import { createUpstreamProducer } from './upstream-producer';

/** Options of {@link startEdgeForwarder}. */
export interface EdgeForwarderOptions {
  upstreamUrl: string;
  /** The edge's certificate, key and the Halong trust bundle (read at each send: renewals apply at once). */
  tls: () => UpstreamTls;
  /** The edge's own identity (its SPIFFE id): the observer of what it collects. */
  identity: { id: string; name: string; site: string };
  spoolDir: string;
  spoolMaxBytes: number;
  /** Bound of the spool's quarantine/ (spool default when unset). */
  quarantineMaxBytes?: number;
  syslog: { host: string; udpPort?: number; tcpPort?: number; ranges?: SourceRange[]; unknownSources: 'refuse' | 'tag' };
  timeZone: string;
  maxMessageBytes: number;
  maxOriginalBytes: number;
  redact?: (event: EcsEvent) => EcsEvent;
  logger: Logger;
  /** Halong's version, in the fleet status. */
  version: string;
}

/** A running edge forwarder. */
export interface EdgeForwarder {
  shipper: Shipper;
  syslog: SyslogInputs;
  close(): Promise<void>;
}

/** Starts the local inputs and the forwarding. */
export async function startEdgeForwarder(o: EdgeForwarderOptions): Promise<EdgeForwarder> {
  const spool = await openSpool(o.spoolDir, spoolSettings(o));
  const shipper = new Shipper({
    producer: createUpstreamProducer({ url: o.upstreamUrl, tls: o.tls }),
    spool,
    // An uplink over a commune's line is slow: give it time before a batch waits in the spool.
    sendTimeoutMs: 30_000,
    maxInFlightEvents: 10_000,
    replayBatch: 500,
    retryMs: 2_000,
    onError: (err) => o.logger.warn({ err: (err as Error).message }, 'upstream did not take a batch; it waits in the spool'),
  });
  shipper.start();
  // Plain senders on the site's own network are the site's: one range for everything unless configured.
  const ranges = o.syslog.ranges ?? [
    { cidr: '0.0.0.0/0', site: o.identity.site, observer: o.identity.name, observerId: o.identity.id },
    { cidr: '::/0', site: o.identity.site, observer: o.identity.name, observerId: o.identity.id },
  ];
  let ports: Record<string, number | undefined> = {};
  // The edge's own status travels like its logs: spooled when the link is down.
  const monitor = startFleetMonitor({
    shipper,
    describe: () => ({ id: o.identity.id, name: o.identity.name, site: o.identity.site, version: o.version, role: 'edge', inputs: ports, spool: spool.stats(), counters: { ...shipper.stats() } }),
  });
  const syslog = await startSyslogInputs({
    host: o.syslog.host,
    ...(o.syslog.udpPort !== undefined ? { udpPort: o.syslog.udpPort } : {}),
    ...(o.syslog.tcpPort !== undefined ? { tcpPort: o.syslog.tcpPort } : {}),
    allowList: new SourceAllowList(ranges),
    unknownSources: o.syslog.unknownSources,
    shipper: monitor,
    maker: { parse: parseSyslogOrCef, ...(o.redact ? { redact: o.redact } : {}) },
    self: { id: o.identity.id, name: o.identity.name, type: 'collector' },
    timeZone: o.timeZone,
    maxMessageBytes: o.maxMessageBytes,
    maxOriginalBytes: o.maxOriginalBytes,
  });
  ports = { syslogUdp: syslog.ports.udp, syslogTcp: syslog.ports.tcp };
  monitor.beatNow();
  return {
    shipper,
    syslog,
    async close() {
      monitor.close();
      await syslog.close();
      await shipper.stop();
      await spool.close();
    },
  };
}
