import { readFile } from 'node:fs/promises';
import type { HalongConfig } from '@halong/core/node';
import { createLogger } from '@halong/core/node';
import { startEdgeForwarder } from '@halong/collectors';
import { loadOrEnrolWorkload, renewWorkload, renewalDue } from '@halong/policy-engine';
import type { WorkloadCredentials } from '@halong/policy-engine';
import type { Output } from '../output';
import { HALONG_VERSION } from '../version';

const SPIFFE = /^spiffe:\/\/[^/]+\/collector\/([^/]+)\/([^/]+)$/;

/**
 * `halong collector --upstream <url>`: the edge forwarder for a commune office or a 5G edge site.
 * Enrols with HALONG_JOIN_TOKEN (a collector join token) the first time, keeps and renews its
 * certificate in HALONG_IDENTITY_DIR, takes local syslog, spools in HALONG_COLLECTOR_SPOOL_DIR,
 * and forwards to the central ingest over mTLS. Runs until SIGINT/SIGTERM.
 */
export async function collectorCommand(config: HalongConfig, args: string[], io: Output, signal?: AbortSignal): Promise<number> {
  const at = args.indexOf('--upstream');
  const upstream = at >= 0 ? args[at + 1] : undefined;
  if (!upstream || !/^https:\/\//.test(upstream)) {
    io.err('halong collector: --upstream https://<central halong>:8443 is required');
    return 2;
  }
  if (!config.pki.trustBundleFile) {
    io.err('halong collector: HALONG_TRUST_BUNDLE_FILE must name the Halong trust bundle (PEM) the central API is verified with');
    return 2;
  }
  const logger = createLogger('halong-collector', config.logLevel);
  const workload = { dir: config.workload.dir, pdpUrl: upstream, trustBundlePem: await readFile(config.pki.trustBundleFile, 'utf8'), ...(config.workload.joinToken ? { joinToken: config.workload.joinToken } : {}) };
  let identity: WorkloadCredentials = await loadOrEnrolWorkload(workload);
  const m = SPIFFE.exec(identity.spiffeId);
  if (!m) {
    io.err(`halong collector: the certificate names ${identity.spiffeId}, not a collector (spiffe://<domain>/collector/<site>/<name>): enrol with a collector join token`);
    return 2;
  }
  let renewTimer: NodeJS.Timeout | undefined;
  const scheduleRenewal = (inMs: number) => {
    renewTimer = setTimeout(() => {
      renewWorkload(workload, identity).then(
        (next) => {
          identity = next;
          logger.info({ notAfter: next.notAfter }, 'collector identity renewed');
          scheduleRenewal(renewalDue(next).getTime() - Date.now());
        },
        (err: unknown) => {
          logger.error({ err }, 'collector identity renewal failed; retrying in a minute');
          scheduleRenewal(60_000);
        },
      );
    }, Math.max(1_000, inMs));
    renewTimer.unref();
  };
  scheduleRenewal(renewalDue(identity).getTime() - Date.now());
  const c = config.collector;
  const edge = await startEdgeForwarder({
    upstreamUrl: upstream,
    tls: () => ({ ca: identity.trustBundlePem, cert: identity.chainPem, key: identity.keyPem }),
    identity: { id: identity.spiffeId, site: m[1]!, name: m[2]! },
    spoolDir: c.spoolDir,
    spoolMaxBytes: c.spoolMaxBytes,
    ...(c.quarantineMaxBytes === undefined ? {} : { quarantineMaxBytes: c.quarantineMaxBytes }),
    syslog: { host: config.syslog.host, udpPort: config.syslog.udpPort, tcpPort: config.syslog.tcpPort, unknownSources: c.unknownSources },
    timeZone: c.timeZone,
    maxMessageBytes: c.maxMessageBytes,
    maxOriginalBytes: c.maxOriginalBytes,
    logger,
    version: HALONG_VERSION,
  });
  io.out(`Halong collector is up as ${identity.spiffeId}: syslog on ${config.syslog.host} udp ${edge.syslog.ports.udp} tcp ${edge.syslog.ports.tcp}, forwarding to ${upstream} (spool ${c.spoolDir})`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  clearTimeout(renewTimer);
  await edge.close();
  io.out('Halong collector stopped (events not yet forwarded stay in the spool).');
  return 0;
}
