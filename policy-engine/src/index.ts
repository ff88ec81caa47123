// Public API of @halong/policy-engine. Built so far: the PKI (Halong CA, enrolment, revocation,
// trust bundle), tokens (verification, issuance, refresh, local accounts) and policies/PDP.
// Not yet: the HTTP service (enrolment, AuthZEN, admin API), the gateway, risk from the alerts topic.

// PKI
export type { CertificateAuthority, ClientVerification, IssuedWorkloadCertificate, LoadedCa, TrustBundle, VerifiedClient, WorkloadIdentity, WorkloadKind } from './pki';
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
