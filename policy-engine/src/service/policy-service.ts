// The policy engine as one service: PDP on the newest policy version, risk and quarantine from
// the control topic, credential checks for the PEP, and its HTTP APIs (enrolment, sign-in,
// AuthZEN, admin). Built from narrow dependencies so a test wires it with fakes and `cli/` with
// Kafka and OpenSearch.
import type { Decision } from '@halong/core';
import type { Authorizer, AuthorizeHook, HalongServer, Logger, VerifyBearer, VerifyCertificate } from '@halong/core/node';
import { createPep } from '@halong/core/node';
import type { AuthzenEvaluator } from '../authzen/evaluator';
import { createAuthzenEvaluator } from '../authzen/evaluator';
import { createMemoryCatalog } from '../authzen/memory-catalog';
import { authzenRoutes } from '../authzen/routes';
import type { AdminRoutesOptions } from '../http/admin-options';
import { adminIdentityRoutes } from '../http/admin-identity-routes';
import { adminPolicyRoutes } from '../http/admin-policy-routes';
import { authRoutes } from '../http/auth-routes';
import type { IssuedRecord } from '../http/enrolment-routes';
import { enrolmentRoutes } from '../http/enrolment-routes';
import type { PolicySource } from '../pdp/policy-types';
import type { RiskScores } from '../pdp/risk-scores';
import { createRiskScores } from '../pdp/risk-scores';
import type { CertificateAuthority } from '../pki/certificate-authority';
import type { SignedCrl } from '../pki/create-crl';
import { createCrl } from '../pki/create-crl';
import type { WorkloadName } from '../pki/spiffe-id';
import { parseTrustBundle, trustBundlePem } from '../pki/trust-bundle';
import type { TrustBundle } from '../pki/trust-bundle';
import type { TokenIssuer } from '../tokens/issuer';
import type { SignInService } from '../tokens/sign-in';
import type { TokenVerifier } from '../tokens/verifier';
import { createHash } from 'node:crypto';
import type { ControlView } from './control-state';
import { controlCrlEntries, controlDenylist, controlQuarantine } from './control-state';
import { createBearerVerifier, createCertificateVerifier } from './credentials';
import type { PolicyAdministrator } from './policy-administrator';
import { createPolicyAdministrator } from './policy-administrator';
import type { RiskResponder } from './risk-from-alerts';
import { createRiskResponder, entityOfControlId } from './risk-from-alerts';

export interface PolicyServiceOptions {
  ca: () => CertificateAuthority;
  control: ControlView;
  clock: () => Date;
  logger: Logger;
  certLifetimeMs: number;
  tokens: { issuer: TokenIssuer; verifiers: readonly TokenVerifier[]; signIn: SignInService };
  joinTokens: AdminRoutesOptions['joinTokens'] & { redeem(token: string): Promise<{ identity: WorkloadName; tokenId: string }> };
  identities: AdminRoutesOptions['identities'] & { record(entry: IssuedRecord): Promise<void> };
  decisions: AdminRoutesOptions['decisions'];
  audit: AdminRoutesOptions['audit'];
  /** Every decision, e.g. to the decisions topic. Must not throw. */
  logDecision: (decision: Decision) => void;
  risk: { halfLifeMs: number; quarantineScore: number; quarantineTtlMs: number };
  initialPolicies: readonly PolicySource[];
  /** The public base URL of this service, for the AuthZEN metadata. */
  baseUrl: () => string;
}

/** The running policy engine. */
export interface PolicyService {
  policies: PolicyAdministrator;
  risks: RiskScores;
  risk: RiskResponder;
  evaluator: AuthzenEvaluator;
  /** The PDP itself, for PEPs in this process. */
  authorizer: Authorizer;
  verifyCertificate: VerifyCertificate;
  verifyBearer: VerifyBearer;
  /** A PEP deciding with the in-process PDP: pass it to `createServer({ authorize })`. */
  authorize: AuthorizeHook;
  crl(): Promise<SignedCrl>;
  /** Registers every route of the policy engine on a server built with `createServer`. */
  register(app: HalongServer): Promise<void>;
}

const CRL_REFRESH_MS = 3_600_000;

/** Builds the policy engine (publishing the initial policy set if the control topic holds none). */
export async function createPolicyService(o: PolicyServiceOptions): Promise<PolicyService> {
  const ms = () => o.clock().getTime();
  const risks = createRiskScores({ halfLifeMs: o.risk.halfLifeMs, clock: ms });
  const quarantine = controlQuarantine(o.control, o.clock);
  const risk = createRiskResponder({ risks, control: o.control, clock: o.clock, quarantineScore: o.risk.quarantineScore, quarantineTtlMs: o.risk.quarantineTtlMs });
  const catalog = createMemoryCatalog();
  const policies = await createPolicyAdministrator({
    control: o.control,
    clock: o.clock,
    provider: { riskOf: (e) => risks.riskOf(e), quarantine },
    initialSources: o.initialPolicies,
    onChange: (v) => {
      catalog.addPolicies(v.policies);
      o.logger.info({ version: v.id, author: v.author, policies: v.policies.length }, 'policy version in force');
    },
  });
  catalog.addPolicies(policies.current().policies);

  // A lifted quarantine also forgets the risk that caused it, in every process; otherwise the
  // high-risk deny policy would keep denying what the admin just re-admitted.
  o.control.onChange((kind, id, record) => {
    if (kind !== 'quarantine' || record) return;
    const entity = entityOfControlId(id);
    if (entity) risk.clear(entity);
  });

  const evaluator = createAuthzenEvaluator({
    pdp: () => policies.pdp(),
    clock: ms,
    catalog,
    onDecision: (d) => {
      catalog.observe(d);
      o.logDecision(d);
    },
  });
  const authorizer: Authorizer = { evaluate: async (request) => evaluator.evaluate(request) };

  // Parsed once per CA object, not per request: this sits on every mTLS request's path.
  let bundle: { ca: CertificateAuthority; parsed: TrustBundle; sha256: string } | undefined;
  const trust = () => {
    const ca = o.ca();
    if (bundle?.ca !== ca) {
      const pem = trustBundlePem(ca);
      bundle = { ca, parsed: parseTrustBundle(pem), sha256: createHash('sha256').update(pem).digest('hex') };
    }
    return bundle;
  };
  const denylist = controlDenylist(o.control, o.clock);
  const verifyCertificate = createCertificateVerifier({ trustBundle: () => trust().parsed, trustDomain: o.ca().trustDomain, denylist, clock: o.clock });
  const verifyBearer = createBearerVerifier(o.tokens.verifiers);
  const authorize = createPep({
    authorizer,
    verifyCertificate,
    verifyBearer,
    clock: o.clock,
    onDecision: ({ request, allowed, reason }) => {
      if (!allowed) request.log.info({ reason, principal: request.principal?.id }, 'access denied');
    },
  });

  let crl: { signed: SignedCrl; at: number } | undefined;
  o.control.onChange((kind) => {
    if (kind === 'revocation') crl = undefined;
  });
  const currentCrl = async (): Promise<SignedCrl> => {
    if (!crl || ms() - crl.at > CRL_REFRESH_MS) {
      const now = o.clock();
      crl = { signed: await createCrl({ ca: o.ca(), entries: controlCrlEntries(o.control, now), now }), at: now.getTime() };
    }
    return crl.signed;
  };

  const admin: AdminRoutesOptions = {
    policies,
    decisions: o.decisions,
    control: o.control,
    joinTokens: o.joinTokens,
    identities: o.identities,
    audit: o.audit,
    risks,
    trustBundleSha256: () => trust().sha256,
    clock: o.clock,
  };

  return {
    policies,
    risks,
    risk,
    evaluator,
    authorizer,
    verifyCertificate,
    verifyBearer,
    authorize,
    crl: currentCrl,
    async register(app) {
      await app.register(enrolmentRoutes, {
        ca: o.ca,
        redeemJoinToken: (token) => o.joinTokens.redeem(token),
        recordIssued: (entry) => o.identities.record(entry),
        denylist,
        certLifetimeMs: o.certLifetimeMs,
        crl: currentCrl,
        clock: o.clock,
      });
      await app.register(authRoutes, { signIn: o.tokens.signIn, issuer: o.tokens.issuer, clock: o.clock });
      await app.register(authzenRoutes, { evaluator, baseUrl: o.baseUrl });
      await app.register(adminPolicyRoutes, admin);
      await app.register(adminIdentityRoutes, admin);
    },
  };
}
