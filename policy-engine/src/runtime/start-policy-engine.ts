// Starts the policy engine against Kafka and OpenSearch: the CA (created on first start), the
// token signing key, the OpenSearch-backed stores, the control channel, the audit chain, the
// risk consumer on the alerts topic, and the service whose routes the caller mounts.
import { X509Certificate, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readFile } from 'node:fs/promises';
import type { Kafka } from 'kafkajs';
import type { ControlChannel, HalongConfig, HalongConsumer, HalongProducer, Logger, Metrics, OpenSearchClient } from '@halong/core/node';
import { createControlChannel, rewindGroup, runConsumer } from '@halong/core/node';
import { topicName } from '@halong/core';
import { createAuditChain } from '../audit/audit-chain';
import { createKafkaAuditSink, readAuditLog } from '../audit/kafka-audit-sink';
import { verifyAuditChain } from '../audit/verify-audit-chain';
import { createJoinTokenService } from '../enrolment/join-token-service';
import { createOpenSearchJoinTokenStore } from '../enrolment/opensearch-join-token-store';
import type { PolicySource } from '../pdp/policy-types';
import type { LoadedCa } from '../pki/ca-store';
import { loadOrCreateCa } from '../pki/ca-store';
import { issueServerCertificate } from '../pki/issue-server-certificate';
import { trustBundlePem } from '../pki/trust-bundle';
import type { IssuedWorkloadCertificate } from '../pki/issue-workload-certificate';
import { issuedRecord } from '../http/enrolment-routes';
import type { WorkloadName } from '../pki/spiffe-id';
import { createDecisionStore } from '../service/decision-store';
import { controlTokenRevocations } from '../service/control-state';
import { DEFAULT_POLICY_SOURCES } from '../service/default-policies';
import { resolvePassphrase, loadOrCreateTokenSigningKey } from '../service/local-secrets';
import type { PolicyService } from '../service/policy-service';
import { createPolicyService } from '../service/policy-service';
import { createOpenSearchAccountStore } from '../stores/opensearch-account-store';
import { createOpenSearchIssuedCertificateRegistry } from '../stores/opensearch-certificate-registry';
import { createOpenSearchRefreshTokenStore } from '../stores/opensearch-refresh-token-store';
import { ensureStoreIndices, storeIndexNames } from '../stores/store-indices';
import { createLocalAccount } from '../tokens/local-accounts';
import { createTokenIssuer } from '../tokens/issuer';
import { createRefreshTokenService } from '../tokens/refresh-tokens';
import { createSignInService } from '../tokens/sign-in';
import type { TokenVerifier } from '../tokens/verifier';
import { createTokenVerifier } from '../tokens/verifier';
import { createDecisionLog } from './decision-log';
import { identitiesOver, joinTokensOver } from './stores';
import { indexNames } from '@halong/core';

export interface StartPolicyEngineOptions {
  config: HalongConfig;
  logger: Logger;
  kafka: Kafka;
  client: OpenSearchClient;
  producer: HalongProducer;
  metrics?: Metrics;
  /** The URL the API will listen on, for AuthZEN metadata. */
  baseUrl: () => string;
  clock?: () => Date;
}

/** A running policy engine: mount `service.register` on the API server; `tls` is its certificate. */
export interface PolicyEngineRuntime {
  service: PolicyService;
  ca: LoadedCa;
  trustBundlePem: string;
  /** A server certificate for Halong's listeners, from Halong's CA. */
  tls: { cert: string; key: string; ca: string };
  /**
   * Records a certificate this process issued to itself from the CA it holds (enrolled with
   * `self`), so the admin API lists it and a revocation can name it like any other.
   */
  recordOwnCertificate(issued: IssuedWorkloadCertificate, identity: WorkloadName): Promise<void>;
  /** Set on first start when no admin password was configured: shown once. */
  bootstrapAdmin?: { username: string; password: string };
  control: ControlChannel;
  close(): Promise<void>;
}

async function initialPolicies(file: string | undefined): Promise<readonly PolicySource[]> {
  if (!file) return DEFAULT_POLICY_SOURCES;
  return [{ file, text: await readFile(file, 'utf8') }];
}

/** Starts the policy engine; throws with the setting to fix when local state is unusable. */
export async function startPolicyEngine(o: StartPolicyEngineOptions): Promise<PolicyEngineRuntime> {
  const { config, logger, client } = o;
  const clock = o.clock ?? (() => new Date());
  const secs = () => clock().getTime();

  const secret = await resolvePassphrase(config.pki.dir, config.pki.passphrase);
  if (secret.generated) logger.warn({ file: secret.file }, 'generated a CA passphrase; set HALONG_PKI_PASSPHRASE from a secret store and keep this file out of backups');
  const ca = await loadOrCreateCa(config.pki.dir, secret.passphrase, config.pki.trustDomain, clock);
  if (ca.created) logger.info({ dir: config.pki.dir, trustDomain: config.pki.trustDomain }, 'created the Halong CA (root + intermediate); back up this folder');
  const bundlePem = trustBundlePem(ca);
  const server = issueServerCertificate({ ca, dnsNames: ['localhost', hostname().toLowerCase()].filter((n) => /^[a-z0-9.-]+$/.test(n)), ipAddresses: ['127.0.0.1', '::1'], now: clock() });

  const stores = storeIndexNames(config.indexPrefix);
  await ensureStoreIndices(client, stores, { replicas: config.opensearch.replicas });
  const control = await createControlChannel({ kafka: o.kafka, topicPrefix: config.topicPrefix, logger });
  await control.ready;

  const { key } = await loadOrCreateTokenSigningKey(config.pki.dir, secret.passphrase);
  const issuer = createTokenIssuer({ issuer: config.tokens.issuer, audience: config.tokens.audience, signingKey: key, clock: secs });
  const revocations = controlTokenRevocations(control, clock);
  const verifiers: TokenVerifier[] = [
    createTokenVerifier({ issuer: config.tokens.issuer, audience: config.tokens.audience, keys: { kind: 'jwks', jwks: () => issuer.jwks() }, clock: secs, revocations }),
  ];
  if (config.tokens.oidcIssuer && config.tokens.oidcAudience) {
    verifiers.push(createTokenVerifier({ issuer: config.tokens.oidcIssuer, audience: config.tokens.oidcAudience, keys: { kind: 'oidc' }, clock: secs, revocations }));
  }
  const accounts = createOpenSearchAccountStore(client, stores.accounts);
  const signIn = createSignInService({ accounts, issuer, refreshTokens: createRefreshTokenService({ store: createOpenSearchRefreshTokenStore(client, stores.refreshTokens), clock: secs }) });

  let bootstrapAdmin: PolicyEngineRuntime['bootstrapAdmin'];
  if (!(await accounts.findByUsername('admin'))) {
    const password = config.policy.adminPassword ?? randomBytes(18).toString('base64url');
    await createLocalAccount(accounts, { username: 'admin', password, roles: ['admin'] });
    if (!config.policy.adminPassword) bootstrapAdmin = { username: 'admin', password };
    logger.info('created the bootstrap admin account');
  }

  const auditTopic = topicName(config.topicPrefix, 'audit');
  const history = await readAuditLog(o.kafka, auditTopic);
  const verdict = verifyAuditChain(history);
  if (!verdict.ok) logger.error({ verdict }, 'the audit chain on Kafka is broken; new entries continue from its last entry');
  const last = history[history.length - 1];
  const audit = createAuditChain({ sink: createKafkaAuditSink(o.producer), clock, ...(last ? { tail: { seq: last.seq, hash: last.hash } } : {}) });

  const identities = identitiesOver(createOpenSearchIssuedCertificateRegistry(client, stores.certificates));
  const service = await createPolicyService({
    ca: () => ca,
    control,
    clock,
    logger,
    certLifetimeMs: config.pki.certLifetimeMs,
    tokens: { issuer, verifiers, signIn },
    joinTokens: joinTokensOver(createJoinTokenService({ store: createOpenSearchJoinTokenStore(client, `${config.indexPrefix}-join-tokens`, { replicas: config.opensearch.replicas }), clock })),
    identities,
    decisions: createDecisionStore(client, indexNames(config.indexPrefix).decisions),
    audit: {
      record: (change) => audit.record(change),
      read: () => readAuditLog(o.kafka, auditTopic),
      verify: (entries) => verifyAuditChain(entries),
    },
    logDecision: createDecisionLog(o.producer, logger, o.metrics),
    risk: { halfLifeMs: config.risk.halfLifeMs, quarantineScore: config.risk.quarantineScore, quarantineTtlMs: config.risk.quarantineTtlMs },
    initialPolicies: await initialPolicies(config.policy.file),
    baseUrl: o.baseUrl,
  });

  // Every policy engine instance needs every alert (risk lives in each PDP's memory), so each has
  // its own group; alerts far older than the risk half-life would add nothing and are skipped.
  const staleMs = 4 * config.risk.halfLifeMs;
  const groupId = `${config.indexPrefix}-policy-risk-${hostname()}-${config.api.port}`;
  // Risk would start from nothing after a restart: the group goes back to the alerts of the last
  // four half-lives, and those it had handled before raise risk again as of their time
  // without quarantining anything a second time.
  let handled: ReadonlyMap<number, bigint> = new Map();
  try {
    handled = (await rewindGroup(o.kafka, { groupId, topic: topicName(config.topicPrefix, 'alerts'), toTimestamp: secs() - staleMs })).committed;
  } catch (err) {
    logger.warn({ err, groupId }, 'could not go back to the recent alerts (after a crash, the previous run holds the group until its session times out); risk starts from the alerts not yet read');
  }
  const riskConsumer: HalongConsumer = await runConsumer<unknown>({
    kafka: o.kafka,
    groupId,
    topics: ['alerts'],
    topicPrefix: config.topicPrefix,
    logger,
    ...(o.metrics ? { metrics: o.metrics } : {}),
    async handle(records) {
      for (const r of records) {
        const seen = Date.parse(String((r.value as { last_seen?: unknown } | undefined)?.last_seen ?? ''));
        if (Number.isFinite(seen) && secs() - seen > staleMs) continue;
        const at = Number(r.timestamp);
        const replay = BigInt(r.offset) < (handled.get(r.partition) ?? 0n);
        const outcome = await service.risk.handle(r.value, { ...(Number.isFinite(at) ? { at } : {}), replay });
        const quarantined = outcome.filter((x) => x.quarantined);
        if (quarantined.length) logger.warn({ alert: (r.value as { id?: string }).id, quarantined }, 'alert raised risk past the quarantine threshold');
      }
    },
  });

  return {
    service,
    ca,
    trustBundlePem: bundlePem,
    tls: { cert: server.chainPem, key: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), ca: bundlePem },
    recordOwnCertificate: (issued, identity) => identities.record(issuedRecord(issued, identity, 'self', clock())),
    ...(bootstrapAdmin ? { bootstrapAdmin } : {}),
    control,
    async close() {
      // Each consumer may wait out one fetch before it leaves its group: leave together.
      await Promise.all([riskConsumer.stop(), control.close()]);
    },
  };
}

/** `halong pki init`: creates the CA if missing (else loads and checks it) and describes it. */
export async function initPki(config: HalongConfig, clock: () => Date = () => new Date()): Promise<{ created: boolean; dir: string; passphraseFile?: string; trustBundlePem: string; rootSha256: string; notAfter: string }> {
  const secret = await resolvePassphrase(config.pki.dir, config.pki.passphrase);
  const ca = await loadOrCreateCa(config.pki.dir, secret.passphrase, config.pki.trustDomain, clock);
  const root = new X509Certificate(ca.rootCertificatePem);
  return {
    created: ca.created,
    dir: config.pki.dir,
    ...(secret.file ? { passphraseFile: secret.file } : {}),
    trustBundlePem: trustBundlePem(ca),
    rootSha256: root.fingerprint256,
    notAfter: new Date(root.validTo).toISOString(),
  };
}
