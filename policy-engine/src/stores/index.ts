// OpenSearch-backed state of the policy engine (accounts, refresh tokens, issued certificates),
// so a second instance finds everything the first one wrote.
export type { AccountSummary } from './account-documents';
export type { OpenSearchAccountStore, OpenSearchAccountStoreOptions } from './opensearch-account-store';
export { DEFAULT_ORPHAN_RESERVATION_MS, createOpenSearchAccountStore } from './opensearch-account-store';
export { createOpenSearchRefreshTokenStore } from './opensearch-refresh-token-store';
export type {
  CertificateQuery,
  EnrolmentKind,
  IssuedCertificateEntry,
  IssuedCertificateRegistry,
  NewIssuedCertificate,
} from './certificate-registry';
export { DEFAULT_CERTIFICATE_LIST_LIMIT, ENROLMENT_KINDS, MAX_CERTIFICATE_LIST_LIMIT } from './certificate-registry';
export { createMemoryIssuedCertificateRegistry } from './memory-certificate-registry';
export { createOpenSearchIssuedCertificateRegistry } from './opensearch-certificate-registry';
export type { EnsureStoreIndicesOptions, StoreIndexNames } from './store-indices';
export { ensureStoreIndices, storeIndexNames } from './store-indices';
