// `halong gateway` on its own: the identity-aware proxy as a separate process. It enrols (or
// reuses) its own service certificate, asks the policy engine over AuthZEN with mTLS, verifies
// bearer tokens with the engine's published JWKS, and follows the control topic so revocations
// of certificates and token ids apply on the next request here too.
import { readFile } from 'node:fs/promises';
import type { Kafka } from 'kafkajs';
import type { JSONWebKeySet } from 'jose';
import type { Authorizer, HalongConfig, HalongServer, Logger, Metrics } from '@halong/core/node';
import { createControlChannel, createHttpAuthorizer, createPep } from '@halong/core/node';
import { createGateway } from '../gateway/create-gateway';
import { createIdentityAssertionSigner } from '../gateway/identity-signer';
import { parseGatewayRoutes } from '../gateway/parse-routes';
import { parseTrustBundle } from '../pki/trust-bundle';
import { controlDenylist, controlTokenRevocations } from '../service/control-state';
import { createBearerVerifier, createCertificateVerifier } from '../service/credentials';
import { generateSigningKey } from '../tokens/signing-key';
import type { TokenVerifier } from '../tokens/verifier';
import { createTokenVerifier } from '../tokens/verifier';
import { httpsJson } from '../workload/https-json';
import type { WorkloadCredentials } from '../workload/workload-identity';
import { loadOrEnrolWorkload, renewWorkload, renewalDue } from '../workload/workload-identity';

export interface StandaloneGatewayOptions {
  config: HalongConfig;
  logger: Logger;
  kafka: Kafka;
  version: string;
  metrics?: Metrics;
  clock?: () => Date;
}

export interface StandaloneGateway {
  server: HalongServer;
  /** The gateway's current workload identity (renewed in the background). */
  identity(): WorkloadCredentials;
  close(): Promise<void>;
}

const JWKS_REFRESH_MS = 60_000;
const RENEW_RETRY_MS = 60_000;

function required(value: string | undefined, setting: string, why: string): string {
  if (!value) throw new Error(`${setting}: required by the standalone gateway (${why})`);
  return value;
}

/** Starts the standalone gateway; throws naming the setting to fix when one is missing. */
export async function startStandaloneGateway(o: StandaloneGatewayOptions): Promise<StandaloneGateway> {
  const { config, logger } = o;
  const clock = o.clock ?? (() => new Date());
  const pdpUrl = required(config.policy.engineUrl, 'HALONG_POLICY_ENGINE_URL', 'the policy engine it asks').replace(/\/+$/, '');
  const routesFile = required(config.gateway.routesFile, 'HALONG_GATEWAY_ROUTES_FILE', 'the applications it fronts');
  const bundleFile = required(config.pki.trustBundleFile, 'HALONG_TRUST_BUNDLE_FILE', 'the Halong CA it trusts');
  // Browsers reach the gateway by host name, so its listener shows the operator's certificate;
  // the enrolled certificate (a SPIFFE URI only) proves the gateway to the policy engine.
  const certFile = required(config.api.tlsCertFile, 'HALONG_API_TLS_CERT_FILE', 'the certificate its listener shows');
  const keyFile = required(config.api.tlsKeyFile, 'HALONG_API_TLS_KEY_FILE', 'the key of that certificate');

  const routes = parseGatewayRoutes(await readFile(routesFile, 'utf8'), routesFile);
  const bundlePem = await readFile(bundleFile, 'utf8');
  const trustBundle = parseTrustBundle(bundlePem);
  const workload = { dir: config.workload.dir, pdpUrl, trustBundlePem: bundlePem, clock, ...(config.workload.joinToken ? { joinToken: config.workload.joinToken } : {}) };
  let identity = await loadOrEnrolWorkload(workload);
  logger.info({ spiffeId: identity.spiffeId, notAfter: identity.notAfter }, 'gateway identity ready');

  const authorizerFor = (c: WorkloadCredentials) => createHttpAuthorizer({ url: pdpUrl, tls: { cert: c.chainPem, key: c.keyPem, ca: bundlePem } });
  let authorizer = authorizerFor(identity);
  const current: Authorizer = { evaluate: (request) => authorizer.evaluate(request) };

  let jwks: JSONWebKeySet = { keys: [] };
  const refreshJwks = async () => {
    const answer = await httpsJson(`${pdpUrl}/.well-known/jwks.json`, 'GET', { ca: bundlePem });
    const keys = (answer.body as { keys?: unknown } | undefined)?.keys;
    if (answer.status !== 200 || !Array.isArray(keys)) throw new Error(`${pdpUrl}/.well-known/jwks.json answered ${answer.status}`);
    jwks = { keys } as JSONWebKeySet;
  };
  await refreshJwks();
  const jwksTimer = setInterval(() => refreshJwks().catch((err: unknown) => logger.warn({ err }, 'token keys refresh failed; keeping the last ones')), JWKS_REFRESH_MS).unref();

  const control = await createControlChannel({ kafka: o.kafka, topicPrefix: config.topicPrefix, logger });
  await control.ready;
  const secs = () => clock().getTime();
  const revocations = controlTokenRevocations(control, clock);
  const verifiers: TokenVerifier[] = [createTokenVerifier({ issuer: config.tokens.issuer, audience: config.tokens.audience, keys: { kind: 'jwks', jwks: () => jwks }, clock: secs, revocations })];
  if (config.tokens.oidcIssuer && config.tokens.oidcAudience) {
    verifiers.push(createTokenVerifier({ issuer: config.tokens.oidcIssuer, audience: config.tokens.oidcAudience, keys: { kind: 'oidc' }, clock: secs, revocations }));
  }
  const authorize = createPep({
    authorizer: current,
    verifyCertificate: createCertificateVerifier({ trustBundle: () => trustBundle, trustDomain: config.pki.trustDomain, denylist: controlDenylist(control, clock), clock }),
    verifyBearer: createBearerVerifier(verifiers),
    clock,
    onDecision: ({ request, allowed, reason }) => {
      if (!allowed) request.log.info({ reason, principal: request.principal?.id }, 'access denied');
    },
  });

  const signer = createIdentityAssertionSigner({ issuer: identity.spiffeId, keys: await generateSigningKey('ES256') });
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  const server = createGateway({
    routes,
    version: o.version,
    logger,
    ...(o.metrics ? { metrics: o.metrics } : {}),
    authorize,
    signer,
    https: { cert, key, ca: bundlePem, requestCert: true },
    upstreamTls: { ca: bundlePem },
  });

  let renewTimer: NodeJS.Timeout | undefined;
  const scheduleRenewal = (inMs: number) => {
    renewTimer = setTimeout(() => {
      renewWorkload(workload, identity)
        .then((next) => {
          identity = next;
          authorizer = authorizerFor(next);
          logger.info({ spiffeId: next.spiffeId, notAfter: next.notAfter }, 'gateway identity renewed');
          scheduleRenewal(renewalDue(next).getTime() - clock().getTime());
        })
        .catch((err: unknown) => {
          logger.error({ err, notAfter: identity.notAfter }, 'gateway identity renewal failed; retrying in a minute');
          scheduleRenewal(RENEW_RETRY_MS);
        });
    }, Math.max(0, inMs)).unref();
  };
  scheduleRenewal(renewalDue(identity).getTime() - clock().getTime());

  try {
    await server.listen({ host: config.api.host, port: config.gateway.port });
  } catch (err) {
    clearTimeout(renewTimer);
    clearInterval(jwksTimer);
    await control.close();
    throw err;
  }
  logger.info({ port: config.gateway.port, routes: routes.map((r) => r.name), policyEngine: pdpUrl }, 'standalone gateway is up');
  return {
    server,
    identity: () => identity,
    async close() {
      clearTimeout(renewTimer);
      clearInterval(jwksTimer);
      await server.close();
      await control.close();
    },
  };
}
