// Public API of the Halong PKI (issue 3): CA, key storage, issuing, verification, revocation, trust bundle.
export type { CertifiedKey, CertificateAuthority, NewCertificateAuthority } from './certificate-authority';
export type { CertificateInput } from './certificate-input';
export type { Denylist } from './denylist';
export type { ChainFailureCode, PkiErrorCode } from './errors';
export { PKI_ERRORS, PkiError } from './errors';
export type { Clock } from './time';
export { CLOCK_SKEW_MS, DAY_MS, HOUR_MS, MINUTE_MS } from './time';
export type { WorkloadIdentity, WorkloadKind, WorkloadName } from './spiffe-id';
export { WORKLOAD_KINDS, assertTrustDomain, formatSpiffeId, isValidSegment, parseSpiffeId, trustDomainId } from './spiffe-id';
export { normalizeSerialNumber, randomSerialNumber } from './serial-number';
export type { CreateIntermediateCaOptions, CreateRootCaOptions } from './create-ca';
export { INTERMEDIATE_CA_LIFETIME_MS, ROOT_CA_LIFETIME_MS, createCa, createIntermediateCa, createRootCa } from './create-ca';
export type { KeyPair } from './node-keys';
export { CA_RSA_BITS, SERVER_RSA_BITS, generateRsaKeyPair } from './node-keys';
export { MIN_PASSPHRASE_LENGTH, decryptPrivateKey, encryptPrivateKey } from './key-encryption';
export type { LoadedCa } from './ca-store';
export { CA_FILE_NAMES, loadOrCreateCa } from './ca-store';
export { RETIRED_DIR, changeCaPassphrase, rotateIntermediateCa } from './ca-rotation';
export type { VerifiedCsr } from './read-csr';
export { MAX_CSR_LENGTH, readCsr } from './read-csr';
export type { IssuedCertificate } from './issued-certificate';
export { certificateThumbprint } from './issued-certificate';
export type { IssueWorkloadOptions, IssuedWorkloadCertificate } from './issue-workload-certificate';
export {
  DEFAULT_WORKLOAD_LIFETIME_MS,
  MAX_WORKLOAD_LIFETIME_MS,
  MIN_WORKLOAD_LIFETIME_MS,
  issueWorkloadCertificate,
} from './issue-workload-certificate';
export type { IssueServerOptions, IssuedServerCertificate } from './issue-server-certificate';
export { DEFAULT_SERVER_LIFETIME_MS, MAX_SERVER_LIFETIME_MS, issueServerCertificate } from './issue-server-certificate';
export type { RenewWorkloadOptions } from './renew-workload-certificate';
export { renewWorkloadCertificate } from './renew-workload-certificate';
export type { TrustBundle } from './trust-bundle';
export { parseTrustBundle, trustBundlePem } from './trust-bundle';
export type { TrustBundleJwk, TrustBundleJwks } from './trust-bundle-jwks';
export { trustBundleJwks } from './trust-bundle-jwks';
export type { ClientChain, ClientVerification, RejectedClient, VerifiedClient, VerifyClientOptions } from './verify-client-certificate';
export { verifyClientCertificate } from './verify-client-certificate';
export type { RevocationDetails, RevocationEntry, RevocationReason } from './revocation-store';
export { REVOCATION_REASONS, RevocationStore } from './revocation-store';
export type { CreateCrlOptions, SignedCrl } from './create-crl';
export { DEFAULT_CRL_VALIDITY_MS, createCrl } from './create-crl';
