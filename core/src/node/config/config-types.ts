export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** Halong's whole configuration, read once at start (see `loadConfig`). */
export interface HalongConfig {
  configFile?: string;
  logLevel: LogLevel;
  api: { host: string; port: number; tlsCertFile?: string; tlsKeyFile?: string; bodyLimitBytes: number };
  gateway: { port: number; routesFile?: string };
  pki: { trustDomain: string; dir: string; passphrase?: string; certLifetimeMs: number; trustBundleFile?: string };
  /** The identity of a process that is not the policy engine (standalone gateway): enrolled, kept, renewed. */
  workload: { dir: string; joinToken?: string };
  tokens: { issuer: string; audience: string; oidcIssuer?: string; oidcAudience?: string };
  policy: { adminPassword?: string; file?: string; engineUrl?: string };
  risk: { halfLifeMs: number; quarantineScore: number; quarantineTtlMs: number };
  syslog: { host: string; udpPort: number; tcpPort: number; tlsPort: number };
  mqtt: { url: string; enabled: boolean; topics?: string[] };
  opensearch: {
    /** An external cluster; unset means Halong runs its own engine on `port`. */
    url?: string;
    port: number;
    transportPort: number;
    username?: string;
    password?: string;
    caFile?: string;
    certFile?: string;
    keyFile?: string;
    replicas: number;
    requestTimeoutMs: number;
    /** gzip of request bodies; `auto` = unless the cluster is on loopback. */
    compression: 'auto' | 'gzip' | 'none';
  };
  kafka: {
    /** External brokers; unset means Halong runs its own broker on `port`. */
    brokers?: string[];
    port: number;
    controllerPort: number;
    clientId: string;
    ssl: boolean;
    caFile?: string;
    certFile?: string;
    keyFile?: string;
    saslMechanism?: SaslMechanism;
    saslUsername?: string;
    saslPassword?: string;
    partitions: number;
    replicationFactor: number;
    lingerMs: number;
    batchBytes: number;
    maxBufferedBytes: number;
  };
  topicPrefix: string;
  indexPrefix: string;
  engines: { dataDir: string; cacheDir: string; startTimeoutMs: number; opensearchHeap: string; kafkaHeap: string };
  retentionDays: number;
  /**
   * The Sigma detection runtime. `ruleDirs` unset = the SigmaHQ corpus next to the repository when
   * present; `pipelineDirs` are loaded after the built-in pipelines, so they extend and override them.
   */
  /** Kafka → OpenSearch: worker threads, each a member of the indexer group; 0 = on the main event loop. */
  indexer: { threads: number };
  detection: { enabled: boolean; ruleDirs?: string[]; pipelineDirs?: string[]; dedupWindowMs: number; allowedLatenessMs: number };
  /** The log inputs and what they ship through: the spool, bounds, zone, plain-sender ranges. */
  collector: {
    enabled: boolean;
    spoolDir: string;
    spoolMaxBytes: number;
    /** Bound of the spool's quarantine/; unset, the spool's default (a tenth of it, at least 1 MiB). */
    quarantineMaxBytes?: number;
    /** labels.site of events taken from MQTT and files. */
    site: string;
    timeZone: string;
    maxMessageBytes: number;
    maxOriginalBytes: number;
    sourcesFile?: string;
    /** JSON list of files to follow, with their formats. */
    filesFile?: string;
    unknownSources: 'refuse' | 'tag';
    sendTimeoutMs: number;
    silentAfterMs: number;
    /** Personal-data pseudonymisation key and fields (Decree 13/2023). */
    piiKey?: string;
    piiFields?: string[];
  };
}
