// The collector inside a Halong process: the spool and the shipper, the syslog listeners, the
// HTTP ingest routes (registered on the API server, behind its PEP), and their numbers on
// /metrics. Everything it accepts reaches Kafka's events topic, from which the indexer writes
// OpenSearch; nothing here talks to OpenSearch.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EcsEvent } from '@halong/core';
import type { HalongConfig, HalongProducer, HalongServer, Logger, Metrics } from '@halong/core/node';
import { ingestRoutes } from '../inputs/http/ingest-routes';
import type { SourceRange } from '../inputs/syslog/source-allowlist';
import { SourceAllowList } from '../inputs/syslog/source-allowlist';
import { parseSyslogOrCef } from '../inputs/syslog/syslog-or-cef';
import type { FileTail, TailedFile } from '../inputs/file';
import { startFileTail } from '../inputs/file';
import type { MqttInput } from '../inputs/mqtt';
import { DEFAULT_MQTT_TOPICS, startMqttInput } from '../inputs/mqtt';
import type { SyslogInputs } from '../inputs/syslog/syslog-inputs';
import { startSyslogInputs } from '../inputs/syslog/syslog-inputs';
import { startFleetMonitor } from '../fleet';
import { OPEN5GS_PERSONAL_DATA_FIELDS } from '../parsers/open5gs';
import { createPseudonymiser } from '../pii';
import { Shipper } from '../pipeline/shipper';
import { openSpool } from '../spool';
import { spoolSettings } from './spool-settings';

/** Options of {@link startCollectors}. */
export interface StartCollectorsOptions {
  config: HalongConfig;
  logger: Logger;
  producer: HalongProducer;
  metrics?: Metrics;
  /** This process's certificate and key, and the trust bundle TLS syslog clients are verified against. */
  tls?: { cert: string; key: string; ca: string };
  /**
   * The collector's own client certificate (clientAuth, its SPIFFE id), with the trust bundle:
   * what the MQTT input presents to the broker. Asked again before every MQTT connection, so a
   * renewed certificate is picked up. A listener's server certificate will not do: brokers that
   * check the purpose (Mosquitto) refuse it.
   */
  clientTls?: () => { cert: string; key: string; ca: string };
  /** This collector's identity: the observer of events whose sender names none. */
  self: { id: string; name?: string };
  /** Halong's version, in the fleet status. */
  version: string;
}

/** A running collector. */
export interface CollectorRuntime {
  shipper: Shipper;
  syslog: SyslogInputs;
  /** Adds the HTTP ingest routes to the API server. */
  register(server: HalongServer): Promise<void>;
  close(): Promise<void>;
}

/** Starts the collector's pieces; throws with the setting's name when a configured file is unusable. */
export async function startCollectors(o: StartCollectorsOptions): Promise<CollectorRuntime> {
  const c = o.config.collector;
  const ranges = c.sourcesFile ? await readRanges(c.sourcesFile) : [];
  // Personal data is pseudonymised before anything leaves the collector (Decree 13/2023).
  const pseudonymise = createPseudonymiser({ key: c.piiKey ?? (await piiKeyFile(join(dirname(o.config.pki.dir), 'pii.key'))), fields: c.piiFields ?? DEFAULT_PII_FIELDS });
  const redact = (event: EcsEvent): EcsEvent => pseudonymise(event).event;
  const spool = await openSpool(c.spoolDir, spoolSettings(c));
  const shipper = new Shipper({
    producer: { send: (records) => o.producer.send('events', records) },
    spool,
    sendTimeoutMs: c.sendTimeoutMs,
    maxInFlightEvents: 20_000,
    replayBatch: 500,
    retryMs: 1_000,
    onError: (err) => o.logger.warn({ err }, 'events not acknowledged by Kafka; they wait in the spool'),
  });
  shipper.start();
  const self = { ...o.self, type: 'collector' };
  let ports: Record<string, number | undefined> = {};
  // Inputs ship through the monitor: it learns each source's cadence and sends the heartbeats.
  const monitor = startFleetMonitor({
    shipper,
    describe: () => ({ id: o.self.id, ...(o.self.name ? { name: o.self.name } : {}), version: o.version, role: 'central', inputs: ports, spool: spool.stats(), counters: { ...shipper.stats() } }),
    alert: (alerts) => o.producer.send('alerts', alerts.map((a) => ({ key: a.id, value: a }))),
    silentAfterMs: c.silentAfterMs,
    onError: (err) => o.logger.warn({ err }, 'fleet heartbeat or silent-source alert not sent'),
  });
  const syslog = await startSyslogInputs({
    host: o.config.syslog.host,
    udpPort: o.config.syslog.udpPort,
    tcpPort: o.config.syslog.tcpPort,
    ...(o.tls ? { tls: { port: o.config.syslog.tlsPort, ...o.tls } } : {}),
    allowList: new SourceAllowList(ranges),
    unknownSources: c.unknownSources,
    shipper: monitor,
    maker: { parse: parseSyslogOrCef, redact },
    self,
    timeZone: c.timeZone,
    maxMessageBytes: c.maxMessageBytes,
    maxOriginalBytes: c.maxOriginalBytes,
    onError: (err) => o.logger.debug({ err }, 'syslog connection error'),
  });
  // IoT devices publish to a broker; the collector subscribes with its own Halong certificate.
  const mqtt: MqttInput | undefined = o.config.mqtt.enabled
    ? await startMqttInput({
        url: o.config.mqtt.url,
        topics: o.config.mqtt.topics ?? DEFAULT_MQTT_TOPICS,
        clientId: `halong-${o.self.name ?? 'collector'}`,
        ...(o.clientTls ? { tls: o.clientTls } : {}),
        shipper: monitor,
        self,
        site: c.site,
        timeZone: c.timeZone,
        maxOriginalBytes: c.maxOriginalBytes,
        maxPayloadBytes: c.maxMessageBytes,
        redact,
        onError: (err) => o.logger.warn({ err }, 'MQTT input error'),
      })
    : undefined;
  // Files on this machine, each with its format; checkpoints sit next to the spool.
  const files: TailedFile[] = c.filesFile ? await readJsonList<TailedFile>(c.filesFile, 'HALONG_COLLECTOR_FILES', (f) => typeof f.path === 'string' && typeof f.format === 'string') : [];
  const tail: FileTail | undefined =
    files.length > 0
      ? await startFileTail({ files, checkpointDir: `${c.spoolDir}.files`, shipper: monitor, self, site: c.site, timeZone: c.timeZone, maxLineBytes: c.maxMessageBytes, maxOriginalBytes: c.maxOriginalBytes, redact, onError: (err) => o.logger.warn({ err }, 'file tail error') })
      : undefined;
  ports = { syslogUdp: syslog.ports.udp, syslogTcp: syslog.ports.tcp, syslogTls: syslog.ports.tls, ...(mqtt ? { mqtt: 1 } : {}), ...(tail ? { files: files.length } : {}) };
  monitor.beatNow();
  o.logger.info({ ports: syslog.ports, spool: c.spoolDir, pending: spool.stats().records }, 'collector inputs up');
  const stopMetrics = o.metrics ? reportMetrics(o.metrics, shipper, syslog, spool) : () => undefined;
  return {
    shipper,
    syslog,
    register: async (server) => {
      await server.register(ingestRoutes, { shipper: monitor, self, timeZone: c.timeZone, maxBodyBytes: Math.max(o.config.api.bodyLimitBytes * 10, 64 << 20), maxOriginalBytes: c.maxOriginalBytes, redact });
    },
    async close() {
      stopMetrics();
      monitor.close();
      await mqtt?.close();
      await tail?.close();
      await syslog.close();
      await shipper.stop();
      await spool.close();
    },
  };
}

/** Where personal data may sit in Halong's events unless HALONG_PII_FIELDS says otherwise. */
export const DEFAULT_PII_FIELDS: readonly string[] = [...new Set(['user.id', 'user.name', ...OPEN5GS_PERSONAL_DATA_FIELDS, 'message', 'event.original'])];

// The key must survive restarts (the same person, the same pseudonym): generated once, kept 0600.
async function piiKeyFile(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw new Error(`HALONG_PII_KEY: ${file} cannot be read: ${(err as Error).message}`);
  }
  const key = randomBytes(32).toString('hex');
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(async (err: { code?: string }) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return (await readFile(file, 'utf8')).trim();
}

async function readRanges(file: string): Promise<SourceRange[]> {
  return readJsonList<SourceRange>(file, 'HALONG_COLLECTOR_SOURCES_FILE', (r) => typeof r.cidr === 'string' && typeof r.site === 'string' && (r.observer === undefined || typeof r.observer === 'string'));
}

async function readJsonList<T>(file: string, setting: string, valid: (item: Record<string, unknown>) => boolean): Promise<T[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`${setting}: ${file} cannot be read as JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => x !== null && typeof x === 'object' && valid(x as Record<string, unknown>))) {
    throw new Error(`${setting}: ${file} is not a list of the expected entries (see the README)`);
  }
  return parsed as T[];
}

// Gauges read the components' counters every few seconds: drops anywhere are visible on /metrics.
function reportMetrics(metrics: Metrics, shipper: Shipper, syslog: SyslogInputs, spool: { stats(): { records: number; bytes: number; quarantinedSegments: number; quarantinedBytes: number; quarantineDiscardedFiles: number; quarantineDiscardedBytes: number; tornTails: number } }): () => void {
  const shipped = metrics.gauge('halong_collector_events', 'Events by outcome since start', ['outcome']);
  const spooled = metrics.gauge('halong_collector_spool', 'Disk spool: pending records and bytes, quarantined segments and bytes, quarantine copies discarded to keep quarantine/ bounded, torn tails', ['what']);
  const inputs = metrics.gauge('halong_collector_syslog', 'Syslog listeners: messages, refusals, sheds, truncations', ['what']);
  const update = () => {
    const s = shipper.stats();
    for (const k of ['sent', 'spooled', 'replayed', 'sendFailures', 'rejectedBusy', 'undecodable'] as const) shipped.set({ outcome: k }, s[k]);
    const sp = spool.stats();
    spooled.set({ what: 'records' }, sp.records);
    spooled.set({ what: 'bytes' }, sp.bytes);
    spooled.set({ what: 'quarantined_segments' }, sp.quarantinedSegments);
    spooled.set({ what: 'quarantined_bytes' }, sp.quarantinedBytes);
    spooled.set({ what: 'quarantine_discarded_files' }, sp.quarantineDiscardedFiles);
    spooled.set({ what: 'quarantine_discarded_bytes' }, sp.quarantineDiscardedBytes);
    spooled.set({ what: 'torn_tails' }, sp.tornTails);
    for (const [k, v] of Object.entries(syslog.stats())) inputs.set({ what: k }, v);
  };
  update();
  const timer = setInterval(update, 5_000).unref();
  return () => clearInterval(timer);
}
