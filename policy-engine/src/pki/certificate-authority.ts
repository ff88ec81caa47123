import type { KeyObject } from 'node:crypto';

/** A certificate (PEM) with its private key. */
export interface CertifiedKey {
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
}

/**
 * The Halong CA as issuing needs it: the trust domain, the root certificate and the intermediate
 * that signs. The root's private key is not part of it: it stays encrypted on disk and is only
 * decrypted to sign a new intermediate.
 */
export interface CertificateAuthority {
  readonly trustDomain: string;
  readonly rootCertificatePem: string;
  readonly intermediate: CertifiedKey;
}

/** A freshly created CA, including the root's private key (to be stored encrypted, then dropped). */
export interface NewCertificateAuthority extends CertificateAuthority {
  readonly root: CertifiedKey;
}
