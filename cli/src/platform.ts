import { readFile } from 'node:fs/promises';
import type { HalongConfig, HalongConsumer, HalongServer, Logger, ThreadEntry } from '@halong/core/node';
import {
  applyIsmRetention,
  applyRetention,
  createBulkSink,
  createKafka,
  createLagReader,
  createMetrics,
  createOpenSearchClient,
  createProducer,
  createServer,
  ensureTopics,
  kafkaReadiness,
  opensearchReadiness,
  putIndexTemplates,
  runIndexer,
  startIndexerThreads,
} from '@halong/core/node';
import { indexNames, topicName } from '@halong/core';
import { startCollectors } from '@halong/collectors';
import { startDetection } from '@halong/detection';
import { createGateway, createIdentityAssertionSigner, generateSigningKey, issueWorkloadCertificate, newKeyAndCsr, parseGatewayRoutes, renewalDue, startPolicyEngine } from '@halong/policy-engine';
import type { CertificateAuthority, IssuedWorkloadCertificate, WorkloadName } from '@halong/policy-engine';
import { selfThreadEntry } from './thread-entry';
import { HALONG_VERSION } from './version';

export interface RunningPlatform {
  server: HalongServer;
  /** Where the API listens, e.g. https://127.0.0.1:8443 */
  url: string;
  /** The Halong CA's trust bundle (PEM): what clients verify the API's certificate with. */
  trustBundlePem: string;
  /** Set on the very first start when HALONG_ADMIN_PASSWORD was not given: shown once. */
  bootstrapAdmin?: { username: string; password: string };
  close(): Promise<void>;
}

/**
 * Starts Halong in one process against reachable engines: templates and topics, the API
 * server with health routes, the indexer, the policy engine, the collector inputs and the
 * detection runtime.
 * Components join here as they are built.
 */
export async function startPlatform(config: HalongConfig, logger: Logger, options: { threadEntry?: ThreadEntry } = {}): Promise<RunningPlatform> {
  const metrics = createMetrics();
  const client = createOpenSearchClient(config);
  const kafka = createKafka(config, logger);

  const templates = await putIndexTemplates(client, config.indexPrefix, config.opensearch.replicas);
  const admin = kafka.admin();
  await admin.connect();
  const created = await ensureTopics(admin, {
    prefix: config.topicPrefix,
    partitions: config.kafka.partitions,
    replicationFactor: config.kafka.replicationFactor,
  }).finally(() => admin.disconnect());
  logger.info({ templates, topicsCreated: created }, 'index templates and topics in place');

  // In worker threads by default: bulk bodies and Kafka decoding do not stall the inputs and the API.
  const indexer: HalongConsumer =
    config.indexer.threads > 0
      ? await startIndexerThreads({ config, threads: config.indexer.threads, entry: options.threadEntry ?? selfThreadEntry(), logger, metrics })
      : await runIndexer({
          kafka,
          sink: createBulkSink({ client, deadLetterIndex: indexNames(config.indexPrefix).deadLetter, metrics, logger }),
          topicPrefix: config.topicPrefix,
          indexPrefix: config.indexPrefix,
          logger,
          metrics,
        });

  // Retention: once at start, then hourly. Where the cluster runs ISM, its policy deletes
  // indices too (and shows in Dashboards); Halong's own job runs either way.
  let ismLogged = false;
  const retention = async () => {
    try {
      const ism = await applyIsmRetention(client, config.indexPrefix, config.retentionDays);
      if (!ismLogged || (ism.ism === 'applied' && (ism.updated || ism.attached > 0))) logger.info({ ...ism, retentionDays: config.retentionDays }, 'retention policy');
      ismLogged = true;
      const deleted = await applyRetention(client, config.indexPrefix, config.retentionDays);
      if (deleted.length) logger.info({ deleted, retentionDays: config.retentionDays }, 'retention deleted expired indices');
    } catch (err) {
      logger.warn({ err }, 'retention run failed; will try again in an hour');
    }
  };
  void retention();
  const retentionTimer = setInterval(() => void retention(), 3_600_000).unref();

  const kafkaCheck = kafkaReadiness(kafka);
  const producer = await createProducer({
    kafka,
    topicPrefix: config.topicPrefix,
    lingerMs: config.kafka.lingerMs,
    batchBytes: config.kafka.batchBytes,
    maxBufferedBytes: config.kafka.maxBufferedBytes,
    logger,
    metrics,
  });
  const ownTls = Boolean(config.api.tlsCertFile && config.api.tlsKeyFile);
  const url = `https://${config.api.host.includes(':') ? `[${config.api.host}]` : config.api.host}:${config.api.port}`;
  const policy = await startPolicyEngine({ config, logger, kafka, client, producer, metrics, baseUrl: () => url });
  // Compiling the Sigma corpus takes seconds: it runs in the background while the API comes up,
  // and the rule API answers 503 HALONG_DETECTION_NOT_READY until the workers are running.
  const detection = config.detection.enabled ? startDetection({ config, logger, kafka, client, producer, control: policy.control, metrics }) : undefined;
  // Halong's own CA signs the API certificate unless the operator brought one; client
  // certificates are requested (not required) so workloads can prove themselves with mTLS.
  const https = {
    cert: ownTls ? await readFile(config.api.tlsCertFile!, 'utf8') : policy.tls.cert,
    key: ownTls ? await readFile(config.api.tlsKeyFile!, 'utf8') : policy.tls.key,
    ca: policy.trustBundlePem,
    requestCert: true,
  };
  const server = createServer({
    service: 'halong',
    version: HALONG_VERSION,
    logger,
    metrics,
    readiness: [opensearchReadiness(client), kafkaCheck],
    bodyLimitBytes: config.api.bodyLimitBytes,
    authorize: policy.service.authorize,
    https,
  });
  // The collector ships what it accepts to the events topic; the indexer above writes OpenSearch.
  // It proves itself to MQTT brokers with its own workload certificate (the listener's is serverAuth only).
  const collectorIdentity = config.collector.enabled
    ? await ownWorkloadIdentity({
        ca: policy.ca,
        identity: CENTRAL_COLLECTOR,
        trustBundlePem: policy.trustBundlePem,
        lifetimeMs: config.pki.certLifetimeMs,
        record: (issued) => policy.recordOwnCertificate(issued, CENTRAL_COLLECTOR),
        logger,
      })
    : undefined;
  const collectors = config.collector.enabled
    ? await startCollectors({
        config,
        logger,
        producer,
        metrics,
        tls: { cert: https.cert, key: https.key, ca: policy.trustBundlePem },
        ...(collectorIdentity ? { clientTls: collectorIdentity.current } : {}),
        self: { id: `spiffe://${config.pki.trustDomain}/collector/${CENTRAL_COLLECTOR.site}/${CENTRAL_COLLECTOR.name}`, name: CENTRAL_COLLECTOR.name },
        version: HALONG_VERSION,
      })
    : undefined;
  await policy.service.register(server);
  await detection?.register(server);
  await collectors?.register(server);
  // Consumer lag on /metrics: how far the indexer (and detection, when it runs) are behind.
  const lagTargets = [
    { group: `${config.indexPrefix}-indexer`, topic: topicName(config.topicPrefix, 'events') },
    ...(detection ? [{ group: detection.groups.detection, topic: topicName(config.topicPrefix, 'events') }, { group: detection.groups.correlation, topic: topicName(config.topicPrefix, 'detections') }] : []),
  ];
  const lag = createLagReader(kafka, lagTargets);
  const lagGauge = metrics.gauge('halong_consumer_lag', 'Records a consumer group is behind the end of its topic', ['group']);
  const readLag = () => {
    lag.read().then(
      (byGroup) => Object.entries(byGroup).forEach(([group, n]) => n !== null && lagGauge.set({ group }, n)),
      () => undefined,
    );
  };
  readLag();
  const lagTimer = setInterval(readLag, 15_000).unref();
  const gateway = config.gateway.routesFile ? await startGateway(config, logger, metrics, policy, https) : undefined;
  const stopAll = async () => {
    clearInterval(lagTimer);
    collectorIdentity?.close();
    await lag.close();
    await gateway?.close();
    clearInterval(retentionTimer);
    // Each consumer takes up to one fetch wait to leave its group: leave together.
    // The collector first: its spool keeps whatever Kafka has not acknowledged yet.
    await collectors?.close();
    await Promise.all([detection?.close(), indexer.stop(), policy.close()]);
    await producer.close();
  };
  try {
    await server.listen({ host: config.api.host, port: config.api.port });
  } catch (err) {
    await stopAll();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new Error(`HALONG_API_PORT: port ${config.api.port} on ${config.api.host} is already in use`);
    throw err;
  }
  logger.info({ url }, 'Halong is up');
  return {
    server,
    url,
    trustBundlePem: policy.trustBundlePem,
    ...(policy.bootstrapAdmin ? { bootstrapAdmin: policy.bootstrapAdmin } : {}),
    async close() {
      await server.close();
      await stopAll();
      await kafkaCheck.close();
      await client.close();
    },
  };
}

/** The collector inside `halong start`: spiffe://<domain>/collector/central/halong. */
const CENTRAL_COLLECTOR: WorkloadName = { kind: 'collector', site: 'central', name: 'halong' };

/**
 * A workload certificate this process issues itself from the CA it runs (no join token: it holds
 * the CA), renewed at two thirds of its lifetime; a failed renewal is tried again a minute later.
 * Each one is recorded in the issued-certificate registry like an enrolled one, so admins see it
 * and can revoke it; a failed record is logged, not fatal (the certificate works without it).
 */
async function ownWorkloadIdentity(o: {
  ca: CertificateAuthority;
  identity: WorkloadName;
  trustBundlePem: string;
  lifetimeMs: number;
  record: (issued: IssuedWorkloadCertificate) => Promise<void>;
  logger: Logger;
}): Promise<{ current: () => { cert: string; key: string; ca: string }; close: () => void }> {
  const issue = async () => {
    const { keyPem, csrPem } = await newKeyAndCsr(o.identity.name);
    const issued = await issueWorkloadCertificate({ ca: o.ca, csrPem, identity: o.identity, now: new Date(), lifetimeMs: o.lifetimeMs });
    await o.record(issued).catch((err: unknown) => o.logger.warn({ err, serial: issued.serialNumber, spiffeId: issued.spiffeId }, 'this process\'s own workload certificate is not in the registry'));
    return { tls: { cert: issued.chainPem, key: keyPem, ca: o.trustBundlePem }, renewAt: renewalDue(issued).getTime() };
  };
  let current = await issue();
  let timer: NodeJS.Timeout | undefined;
  const schedule = (inMs: number) => {
    timer = setTimeout(() => {
      issue().then(
        (next) => {
          current = next;
          schedule(next.renewAt - Date.now());
        },
        (err: unknown) => {
          o.logger.error({ err, identity: o.identity }, 'renewing this process\'s own workload certificate failed; retrying in a minute');
          schedule(60_000);
        },
      );
    }, Math.max(1_000, inMs)).unref();
  };
  schedule(current.renewAt - Date.now());
  return { current: () => current.tls, close: () => clearTimeout(timer) };
}

/**
 * The identity-aware gateway on HALONG_GATEWAY_PORT, deciding with this process's PDP. Its
 * assertion key lives only in memory: upstreams fetch the JWKS again when they meet a new kid.
 */
async function startGateway(
  config: HalongConfig,
  logger: Logger,
  metrics: ReturnType<typeof createMetrics>,
  policy: Awaited<ReturnType<typeof startPolicyEngine>>,
  https: { cert: string; key: string; ca: string; requestCert: boolean },
): Promise<HalongServer> {
  const file = config.gateway.routesFile!;
  const routes = parseGatewayRoutes(await readFile(file, 'utf8'), file);
  const signer = createIdentityAssertionSigner({ issuer: `spiffe://${config.pki.trustDomain}/service/halong/gateway`, keys: await generateSigningKey('ES256') });
  const gateway = createGateway({ routes, version: HALONG_VERSION, logger, metrics, authorize: policy.service.authorize, signer, https, upstreamTls: { ca: policy.trustBundlePem } });
  await gateway.listen({ host: config.api.host, port: config.gateway.port });
  logger.info({ port: config.gateway.port, routes: routes.map((r) => r.name) }, 'gateway is up');
  return gateway;
}
