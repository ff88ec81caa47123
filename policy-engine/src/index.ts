// Public API of @halong/policy-engine: the PKI, tokens, policies and PDP as libraries, and the
// running service (enrolment, sign-in, AuthZEN, admin API, risk from alerts) for `cli/`.

// PKI
export type { CertificateAuthority, ClientVerification, IssuedWorkloadCertificate, LoadedCa, TrustBundle, VerifiedClient, WorkloadIdentity, WorkloadKind, WorkloadName } from './pki';
export {
  PkiError,
  RevocationStore as CertificateRevocationStore,
  certificateThumbprint,
  createCa,
  createCrl,
  formatSpiffeId,
  issueServerCertificate,
  issueWorkloadCertificate,
  loadOrCreateCa,
  parseSpiffeId,
  parseTrustBundle,
  readCsr,
  renewWorkloadCertificate,
  rotateIntermediateCa,
  trustBundleJwks,
  trustBundlePem,
  verifyClientCertificate,
} from './pki';

// Tokens
export type { RevocationStore as TokenRevocationStore, TokenIssuer, TokenVerification, TokenVerifier, TokenVerifierOptions, VerifiedToken } from './tokens';
export {
  TokenDeniedError,
  TokenError,
  TokenErrorCodes,
  createLoginLockout,
  createMemoryAccountStore,
  createMemoryRefreshTokenStore,
  createMemoryRevocationStore,
  createLocalAccount,
  createRefreshTokenService,
  createSignInService,
  createSigningKeyRing,
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  hashPassword,
  verifyPasswordHash,
} from './tokens';

// Policies and PDP
export type { Pdp, PdpOptions, PolicyDefinition, PolicyStore, PolicyVersion, QuarantineList, RiskScores, SimulationReport } from './pdp';
export {
  createPdp,
  createPolicyStore,
  createQuarantineList,
  createRiskScores,
  diffPolicySets,
  ipInCidr,
  parsePolicies,
  parsePolicySet,
  simulate,
} from './pdp';

// The running policy engine
export type { PolicyEngineRuntime, StartPolicyEngineOptions } from './runtime/start-policy-engine';
export { initPki, startPolicyEngine } from './runtime/start-policy-engine';
export type { StandaloneGateway, StandaloneGatewayOptions } from './runtime/start-standalone-gateway';
export { startStandaloneGateway } from './runtime/start-standalone-gateway';

// Workload identity (a Halong process other than the policy engine enrolling itself)
export type { WorkloadCredentials, WorkloadIdentityOptions } from './workload/workload-identity';
export { loadOrEnrolWorkload, renewWorkload, renewalDue } from './workload/workload-identity';
export { newKeyAndCsr } from './workload/csr';
export { WorkloadIdentityError } from './workload/errors';
export type { PolicyService, PolicyServiceOptions } from './service/policy-service';
export { createPolicyService } from './service/policy-service';

// AuthZEN Authorization API 1.0 over the PDP
export type { AuthzenEvaluator, AuthzenEvaluatorOptions, MemoryCatalog } from './authzen';
export { authzenMetadata, authzenRoutes, createAuthzenEvaluator, createMemoryCatalog, toAuthzenResponse } from './authzen';

// Audit hash chain and enrolment join tokens
export type { AuditChain, AuditChainVerification } from './audit';
export { canonicalJson, createAuditChain, createKafkaAuditSink, readAuditLog, verifyAuditChain } from './audit';
export type { JoinTokenService, JoinTokenStore } from './enrolment';
export { EnrolmentError, createJoinTokenService, createMemoryJoinTokenStore, createOpenSearchJoinTokenStore } from './enrolment';

// Gateway
export type { GatewayOptions, GatewayRoute, IdentityAssertionSigner, VerifiedIdentity } from './gateway';
export { GatewayError, createGateway, createIdentityAssertionSigner, parseGatewayRoutes, verifyIdentityAssertion } from './gateway';

// State in OpenSearch
export type { IssuedCertificateRegistry, OpenSearchAccountStore } from './stores';
export { createMemoryIssuedCertificateRegistry, createOpenSearchAccountStore, createOpenSearchIssuedCertificateRegistry, createOpenSearchRefreshTokenStore, ensureStoreIndices, storeIndexNames } from './stores';
