import { homedir } from 'node:os';
import { join } from 'node:path';
import { DefaultPorts } from '../../ports';

/** How a raw string becomes a value; returns an error sentence instead of throwing. */
export type Parse = (raw: string) => { value: unknown } | { error: string };

/** One configurable value: its env variable, where it lands in the config, its default. */
export interface Setting {
  env: string;
  path: string;
  parse: Parse;
  default?: unknown;
  doc: string;
  secret?: boolean;
}

const port: Parse = (raw) => {
  const n = Number(raw);
  return /^\d+$/.test(raw.trim()) && n >= 1 && n <= 65535 ? { value: n } : { error: `"${raw}" is not a port number (1-65535)` };
};
const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parse =>
  (raw) => {
    const n = Number(raw);
    return /^-?\d+$/.test(raw.trim()) && n >= min && n <= max ? { value: n } : { error: `"${raw}" is not an integer in ${min}..${max}` };
  };
const str: Parse = (raw) => ({ value: raw });
const nonEmpty: Parse = (raw) => (raw.trim() ? { value: raw.trim() } : { error: 'must not be empty' });
const bool: Parse = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return { value: true };
  if (['0', 'false', 'no', 'off'].includes(v)) return { value: false };
  return { error: `"${raw}" is not a boolean (true/false)` };
};
const oneOf =
  (...values: string[]): Parse =>
  (raw) =>
    values.includes(raw.trim()) ? { value: raw.trim() } : { error: `"${raw}" is not one of ${values.join(', ')}` };
const url =
  (...protocols: string[]): Parse =>
  (raw) => {
    try {
      const u = new URL(raw.trim());
      if (!protocols.includes(u.protocol)) return { error: `"${raw}" must use ${protocols.join(' or ')}` };
      return { value: raw.trim().replace(/\/+$/, '') };
    } catch {
      return { error: `"${raw}" is not a URL` };
    }
  };
const hostPortList: Parse = (raw) => {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.find((item) => !/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(item));
  if (!items.length) return { error: 'must list at least one host:port' };
  return bad ? { error: `"${bad}" is not host:port` } : { value: items };
};
const duration: Parse = (raw) => {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(raw.trim());
  if (!m) return { error: `"${raw}" is not a duration (e.g. 500ms, 30s, 5m)` };
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'ms') as 'ms'];
  return { value: Number(m[1]) * unit };
};
const bytes: Parse = (raw) => {
  const m = /^(\d+)(b|kb|kib|mb|mib)?$/i.exec(raw.trim());
  if (!m) return { error: `"${raw}" is not a size (e.g. 1048576, 512kb, 1mb)` };
  const unit = { b: 1, kb: 1024, kib: 1024, mb: 1 << 20, mib: 1 << 20 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return { value: Number(m[1]) * unit };
};
const pathList: Parse = (raw) => {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? { value: items } : { error: 'must list at least one path' };
};
const heap: Parse = (raw) => (/^\d+[mMgG]$/.test(raw.trim()) ? { value: raw.trim() } : { error: `"${raw}" is not a JVM heap size (e.g. 512m, 1g)` });

const halongHome = join(homedir(), '.local', 'share', 'halong');

/** Every setting, in README order. The README table is checked against this list by a test. */
export const SETTINGS: readonly Setting[] = [
  { env: 'HALONG_CONFIG_FILE', path: 'configFile', parse: nonEmpty, doc: 'Optional YAML/JSON file with the same settings, nested (e.g. `api: {port: 8443}`); env wins' },
  { env: 'HALONG_LOG_LEVEL', path: 'logLevel', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), default: 'info', doc: 'pino log level' },
  { env: 'HALONG_API_HOST', path: 'api.host', parse: nonEmpty, default: '127.0.0.1', doc: 'Address the API and console listen on' },
  { env: 'HALONG_API_PORT', path: 'api.port', parse: port, default: DefaultPorts.api, doc: 'API and console port' },
  { env: 'HALONG_API_TLS_CERT_FILE', path: 'api.tlsCertFile', parse: nonEmpty, doc: 'PEM certificate for the API listener (HTTPS when set with the key)' },
  { env: 'HALONG_API_TLS_KEY_FILE', path: 'api.tlsKeyFile', parse: nonEmpty, doc: 'PEM private key for the API listener' },
  { env: 'HALONG_API_BODY_LIMIT', path: 'api.bodyLimitBytes', parse: bytes, default: 10 << 20, doc: 'Largest request body accepted (bytes, kb, mb)' },
  { env: 'HALONG_GATEWAY_PORT', path: 'gateway.port', parse: port, default: DefaultPorts.gateway, doc: 'Identity-aware gateway port' },
  { env: 'HALONG_SYSLOG_UDP_PORT', path: 'syslog.udpPort', parse: port, default: DefaultPorts.syslogUdp, doc: 'Syslog over UDP' },
  { env: 'HALONG_SYSLOG_TCP_PORT', path: 'syslog.tcpPort', parse: port, default: DefaultPorts.syslogTcp, doc: 'Syslog over TCP' },
  { env: 'HALONG_SYSLOG_TLS_PORT', path: 'syslog.tlsPort', parse: port, default: DefaultPorts.syslogTls, doc: 'Syslog over TLS (RFC 5425)' },
  { env: 'HALONG_MQTT_URL', path: 'mqtt.url', parse: url('mqtt:', 'mqtts:'), default: `mqtts://127.0.0.1:${DefaultPorts.mqtt}`, doc: 'MQTT broker the IoT input subscribes to' },
  { env: 'HALONG_MQTT_ENABLED', path: 'mqtt.enabled', parse: bool, default: false, doc: 'Subscribe to the MQTT broker at HALONG_MQTT_URL (IoT devices), with this process\'s Halong certificate' },
  { env: 'HALONG_MQTT_TOPICS', path: 'mqtt.topics', parse: pathList, doc: 'Topic filters subscribed (comma-separated; default tele/#, stat/#, zigbee2mqtt/#, spBv1.0/#)' },
  { env: 'HALONG_OPENSEARCH_URL', path: 'opensearch.url', parse: url('http:', 'https:'), doc: 'External OpenSearch; unset = Halong runs its own on 127.0.0.1' },
  { env: 'HALONG_OPENSEARCH_PORT', path: 'opensearch.port', parse: port, default: DefaultPorts.opensearch, doc: 'HTTP port of the managed OpenSearch' },
  { env: 'HALONG_OPENSEARCH_TRANSPORT_PORT', path: 'opensearch.transportPort', parse: port, default: DefaultPorts.opensearchTransport, doc: 'Transport port of the managed OpenSearch' },
  { env: 'HALONG_OPENSEARCH_USERNAME', path: 'opensearch.username', parse: nonEmpty, doc: 'Basic-auth user for an external OpenSearch' },
  { env: 'HALONG_OPENSEARCH_PASSWORD', path: 'opensearch.password', parse: nonEmpty, secret: true, doc: 'Basic-auth password' },
  { env: 'HALONG_OPENSEARCH_CA_FILE', path: 'opensearch.caFile', parse: nonEmpty, doc: 'PEM CA that signed OpenSearch’s certificate' },
  { env: 'HALONG_OPENSEARCH_CERT_FILE', path: 'opensearch.certFile', parse: nonEmpty, doc: 'PEM client certificate for OpenSearch' },
  { env: 'HALONG_OPENSEARCH_KEY_FILE', path: 'opensearch.keyFile', parse: nonEmpty, secret: true, doc: 'PEM client key for OpenSearch' },
  { env: 'HALONG_OPENSEARCH_REPLICAS', path: 'opensearch.replicas', parse: int(0, 10), default: 0, doc: 'Replicas per index in Halong’s templates' },
  { env: 'HALONG_OPENSEARCH_TIMEOUT', path: 'opensearch.requestTimeoutMs', parse: duration, default: 30_000, doc: 'OpenSearch request timeout' },
  { env: 'HALONG_OPENSEARCH_COMPRESSION', path: 'opensearch.compression', parse: oneOf('auto', 'gzip', 'none'), default: 'auto', doc: 'gzip request bodies to OpenSearch; `auto` compresses unless the cluster is on this host (loopback), where it only costs CPU on both ends' },
  { env: 'HALONG_KAFKA_BROKERS', path: 'kafka.brokers', parse: hostPortList, doc: 'External brokers (host:port,...); unset = Halong runs its own on 127.0.0.1' },
  { env: 'HALONG_KAFKA_PORT', path: 'kafka.port', parse: port, default: DefaultPorts.kafka, doc: 'Broker port of the managed Kafka' },
  { env: 'HALONG_KAFKA_CONTROLLER_PORT', path: 'kafka.controllerPort', parse: port, default: DefaultPorts.kafkaController, doc: 'KRaft controller port of the managed Kafka' },
  { env: 'HALONG_KAFKA_CLIENT_ID', path: 'kafka.clientId', parse: nonEmpty, default: 'halong', doc: 'Kafka client id' },
  { env: 'HALONG_KAFKA_SSL', path: 'kafka.ssl', parse: bool, default: false, doc: 'Use TLS to the brokers' },
  { env: 'HALONG_KAFKA_CA_FILE', path: 'kafka.caFile', parse: nonEmpty, doc: 'PEM CA of the brokers' },
  { env: 'HALONG_KAFKA_CERT_FILE', path: 'kafka.certFile', parse: nonEmpty, doc: 'PEM client certificate for the brokers' },
  { env: 'HALONG_KAFKA_KEY_FILE', path: 'kafka.keyFile', parse: nonEmpty, secret: true, doc: 'PEM client key for the brokers' },
  { env: 'HALONG_KAFKA_SASL_MECHANISM', path: 'kafka.saslMechanism', parse: oneOf('plain', 'scram-sha-256', 'scram-sha-512'), doc: 'SASL mechanism' },
  { env: 'HALONG_KAFKA_SASL_USERNAME', path: 'kafka.saslUsername', parse: nonEmpty, doc: 'SASL user' },
  { env: 'HALONG_KAFKA_SASL_PASSWORD', path: 'kafka.saslPassword', parse: nonEmpty, secret: true, doc: 'SASL password' },
  { env: 'HALONG_KAFKA_PARTITIONS', path: 'kafka.partitions', parse: int(1, 1000), default: 3, doc: 'Partitions of the topics Halong creates' },
  { env: 'HALONG_KAFKA_REPLICATION_FACTOR', path: 'kafka.replicationFactor', parse: int(1, 10), default: 1, doc: 'Replication factor of the topics Halong creates' },
  { env: 'HALONG_KAFKA_LINGER', path: 'kafka.lingerMs', parse: duration, default: 5, doc: 'How long the producer waits to fill a partition batch' },
  { env: 'HALONG_KAFKA_BATCH_SIZE', path: 'kafka.batchBytes', parse: bytes, default: 512 << 10, doc: 'A partition batch is sent when it reaches this size' },
  { env: 'HALONG_KAFKA_BUFFER_SIZE', path: 'kafka.maxBufferedBytes', parse: bytes, default: 32 << 20, doc: 'Producer memory bound; senders wait beyond it' },
  { env: 'HALONG_TOPIC_PREFIX', path: 'topicPrefix', parse: str, default: '', doc: 'Prefix for topic names (tests use a private one)' },
  { env: 'HALONG_INDEX_PREFIX', path: 'indexPrefix', parse: oneOfIndexPrefix(), default: 'halong', doc: 'Prefix for index names' },
  { env: 'HALONG_ENGINES_DIR', path: 'engines.dataDir', parse: nonEmpty, default: join(halongHome, 'engines'), doc: 'Data, logs and pid files of the managed engines' },
  { env: 'HALONG_CACHE_DIR', path: 'engines.cacheDir', parse: nonEmpty, default: join(homedir(), '.cache', 'halong'), doc: 'Download cache (classpaths; jars stay in ~/.m2)' },
  { env: 'HALONG_ENGINE_START_TIMEOUT', path: 'engines.startTimeoutMs', parse: duration, default: 180_000, doc: 'How long to wait for a managed engine to become healthy' },
  { env: 'HALONG_OPENSEARCH_HEAP', path: 'engines.opensearchHeap', parse: heap, default: '1g', doc: 'JVM heap of the managed OpenSearch' },
  { env: 'HALONG_KAFKA_HEAP', path: 'engines.kafkaHeap', parse: heap, default: '512m', doc: 'JVM heap of the managed Kafka' },
  { env: 'HALONG_GATEWAY_ROUTES_FILE', path: 'gateway.routesFile', parse: nonEmpty, doc: 'YAML/JSON list of upstream apps the gateway fronts (unset = gateway not started)' },
  { env: 'HALONG_TRUST_DOMAIN', path: 'pki.trustDomain', parse: nonEmpty, default: 'halong.local', doc: 'SPIFFE trust domain of Halong identities (`spiffe://<domain>/<kind>/<site>/<name>`)' },
  { env: 'HALONG_PKI_DIR', path: 'pki.dir', parse: nonEmpty, default: join(halongHome, 'pki'), doc: 'Where the Halong CA keeps its certificates and encrypted keys (back it up)' },
  { env: 'HALONG_PKI_PASSPHRASE', path: 'pki.passphrase', parse: nonEmpty, secret: true, doc: 'Passphrase of the CA keys; unset = one is generated into `<pki dir>.passphrase` (0600) on first start' },
  { env: 'HALONG_CERT_LIFETIME', path: 'pki.certLifetimeMs', parse: duration, default: 24 * 3_600_000, doc: 'Lifetime of enrolled workload certificates (5m to 168h)' },
  { env: 'HALONG_TOKEN_ISSUER', path: 'tokens.issuer', parse: nonEmpty, default: 'https://halong.local', doc: '`iss` of the access tokens Halong issues' },
  { env: 'HALONG_TOKEN_AUDIENCE', path: 'tokens.audience', parse: nonEmpty, default: 'halong', doc: '`aud` of Halong access tokens' },
  { env: 'HALONG_OIDC_ISSUER', path: 'tokens.oidcIssuer', parse: url('https:', 'http:'), doc: 'An external OIDC issuer whose tokens are accepted too (keys from its discovery document)' },
  { env: 'HALONG_OIDC_AUDIENCE', path: 'tokens.oidcAudience', parse: nonEmpty, doc: '`aud` expected in the external issuer\'s tokens' },
  { env: 'HALONG_ADMIN_PASSWORD', path: 'policy.adminPassword', parse: nonEmpty, secret: true, doc: 'Password of the bootstrap `admin` account created on first start (unset = generated and printed once)' },
  { env: 'HALONG_POLICY_FILE', path: 'policy.file', parse: nonEmpty, doc: 'Policy set (YAML/JSON) published as the first version when none exists (unset = built-in defaults)' },
  { env: 'HALONG_POLICY_ENGINE_URL', path: 'policy.engineUrl', parse: url('https:', 'http:'), doc: 'A separate policy engine to ask over AuthZEN (unset = the PDP runs in this process)' },
  { env: 'HALONG_TRUST_BUNDLE_FILE', path: 'pki.trustBundleFile', parse: nonEmpty, doc: 'The Halong trust bundle (PEM, from `halong pki init`) a process that is not the policy engine verifies it with' },
  { env: 'HALONG_IDENTITY_DIR', path: 'workload.dir', parse: nonEmpty, default: join(halongHome, 'identity'), doc: 'Where a standalone process (gateway) keeps its enrolled key and certificate' },
  { env: 'HALONG_JOIN_TOKEN', path: 'workload.joinToken', parse: nonEmpty, secret: true, doc: 'One-time join token a standalone process enrols with when it has no valid certificate yet' },
  { env: 'HALONG_RISK_HALF_LIFE', path: 'risk.halfLifeMs', parse: duration, default: 3_600_000, doc: 'Half-life of entity risk raised by alerts' },
  { env: 'HALONG_RISK_QUARANTINE_SCORE', path: 'risk.quarantineScore', parse: int(1, 1000), default: 80, doc: 'Risk at which an entity is quarantined automatically' },
  { env: 'HALONG_RISK_QUARANTINE_TTL', path: 'risk.quarantineTtlMs', parse: duration, default: 3_600_000, doc: 'How long an automatic quarantine lasts unless lifted' },
  { env: 'HALONG_RETENTION_DAYS', path: 'retentionDays', parse: int(1, 3650), default: 90, doc: 'Days of events kept' },
  { env: 'HALONG_INDEXER_THREADS', path: 'indexer.threads', parse: int(0, 16), default: 1, doc: 'Worker threads writing Kafka to OpenSearch, each a member of the indexer group (more threads, more partitions in parallel); 0 runs the indexer on the main event loop' },
  { env: 'HALONG_DETECTION_ENABLED', path: 'detection.enabled', parse: bool, default: true, doc: 'Run the Sigma detection workers and the rule API in this process' },
  { env: 'HALONG_SIGMA_RULE_DIRS', path: 'detection.ruleDirs', parse: pathList, doc: 'Sigma rule folders (comma-separated, searched recursively); unset = the SigmaHQ corpus at `<repo>/../shared/sigma/{rules,rules-threat-hunting,rules-emerging-threats}` when present' },
  { env: 'HALONG_SIGMA_PIPELINE_DIRS', path: 'detection.pipelineDirs', parse: pathList, doc: 'Field-mapping pipeline folders or files loaded after the built-in ones (comma-separated; yours win)' },
  { env: 'HALONG_DETECTION_DEDUP_WINDOW', path: 'detection.dedupWindowMs', parse: duration, default: 900_000, doc: 'One alert per rule, group key and this much event time' },
  { env: 'HALONG_DETECTION_ALLOWED_LATENESS', path: 'detection.allowedLatenessMs', parse: duration, default: 120_000, doc: 'How late (event time) a hit may arrive and still count in correlation windows and alerts' },
  { env: 'HALONG_COLLECTOR_ENABLED', path: 'collector.enabled', parse: bool, default: true, doc: 'Run the log inputs (syslog UDP/TCP/TLS, HTTP ingest) in this process' },
  { env: 'HALONG_SYSLOG_HOST', path: 'syslog.host', parse: nonEmpty, default: '127.0.0.1', doc: 'Address the syslog listeners bind (0.0.0.0 to take logs from the network)' },
  { env: 'HALONG_COLLECTOR_SPOOL_DIR', path: 'collector.spoolDir', parse: nonEmpty, default: join(halongHome, 'spool'), doc: 'Disk spool of events accepted while Kafka is unreachable (keep it on a persistent disk)' },
  { env: 'HALONG_COLLECTOR_SPOOL_MAX', path: 'collector.spoolMaxBytes', parse: bytes, default: 1 << 30, doc: 'Largest the spool grows; beyond, inputs push back (TCP stops reading, HTTP answers 503)' },
  { env: 'HALONG_COLLECTOR_QUARANTINE_MAX', path: 'collector.quarantineMaxBytes', parse: bytes, doc: 'Bound of the spool\'s quarantine/ (corrupt segments kept for inspection); the oldest go first. Unset: a tenth of the spool, at least 1 MiB' },
  { env: 'HALONG_COLLECTOR_SITE', path: 'collector.site', parse: nonEmpty, default: 'central', doc: 'labels.site of events this collector takes from MQTT and files (syslog sources get theirs from the allow-list, HTTP senders from their certificate)' },
  { env: 'HALONG_COLLECTOR_TIME_ZONE', path: 'collector.timeZone', parse: nonEmpty, default: 'Asia/Ho_Chi_Minh', doc: 'Zone of timestamps that carry none (RFC 3164 syslog, Open5GS …)' },
  { env: 'HALONG_COLLECTOR_MAX_MESSAGE', path: 'collector.maxMessageBytes', parse: bytes, default: 256 << 10, doc: 'Longest message taken whole; longer ones are cut here and tagged' },
  { env: 'HALONG_COLLECTOR_MAX_ORIGINAL', path: 'collector.maxOriginalBytes', parse: bytes, default: 32 << 10, doc: 'Bound of event.original (cut and tagged beyond)' },
  { env: 'HALONG_COLLECTOR_SOURCES_FILE', path: 'collector.sourcesFile', parse: nonEmpty, doc: 'JSON list of plain syslog sender ranges: [{"cidr": "10.20.1.0/24", "site": "phu-hoi", "observer": "phu-hoi-fw"}]' },
  { env: 'HALONG_COLLECTOR_FILES', path: 'collector.filesFile', parse: nonEmpty, doc: 'JSON list of files to follow: [{"path": "/var/log/nginx/access.log", "format": "nginx"}] (formats: syslog, cef, nginx, apache, auditd, zeek, suricata, open5gs, windows-json, json, text)' },
  { env: 'HALONG_COLLECTOR_UNKNOWN_SOURCES', path: 'collector.unknownSources', parse: oneOf('refuse', 'tag'), default: 'tag', doc: 'Plain syslog senders outside every range: refused, or accepted and tagged' },
  { env: 'HALONG_COLLECTOR_SEND_TIMEOUT', path: 'collector.sendTimeoutMs', parse: duration, default: 10_000, doc: 'A Kafka send not acknowledged within this goes to the spool' },
  { env: 'HALONG_COLLECTOR_SILENT_AFTER', path: 'collector.silentAfterMs', parse: duration, default: 600_000, doc: 'A source silent this long, and for five of its usual intervals, raises a silent-source alert' },
  { env: 'HALONG_PII_KEY', path: 'collector.piiKey', parse: nonEmpty, secret: true, doc: 'Key of the personal-data pseudonyms (≥ 16 bytes; the same on every collector that must correlate); unset = one is generated into `~/.local/share/halong/pii.key` (0600) on first start' },
  { env: 'HALONG_PII_FIELDS', path: 'collector.piiFields', parse: pathList, doc: 'ECS fields whose SUPI/IMSI/SUCI, citizen ID (CCCD/CMND) and Vietnamese phone numbers are pseudonymised (comma-separated; default user.id, user.name, open5gs.*, message, event.original)' },
];

function oneOfIndexPrefix(): Parse {
  return (raw) =>
    /^[a-z0-9][a-z0-9_-]{0,40}$/.test(raw.trim())
      ? { value: raw.trim() }
      : { error: `"${raw}" is not a valid index prefix (lowercase letters, digits, - and _)` };
}
