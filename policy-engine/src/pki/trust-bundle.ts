import { X509Certificate } from 'node:crypto';
import type { CertificateAuthority } from './certificate-authority';
import { PkiError } from './errors';
import { splitPem } from './pem';

/** Parsed trust anchors for verifying client chains: the roots, and intermediates that may complete a path. */
export interface TrustBundle {
  readonly roots: readonly X509Certificate[];
  readonly intermediates: readonly X509Certificate[];
}

/** The trust bundle as PEM: root CA then intermediate CA, as `openssl verify -CAfile` and TLS stacks take it. */
export function trustBundlePem(ca: CertificateAuthority): string {
  return `${ca.rootCertificatePem.trim()}\n${ca.intermediate.certificatePem.trim()}\n`;
}

const isSelfSigned = (cert: X509Certificate): boolean => cert.checkIssued(cert) && cert.verify(cert.publicKey);

/**
 * Parses a PEM trust bundle once, for `verifyClientCertificate`. Self-signed CA certificates become
 * roots (trust anchors); other CA certificates are only path helpers and must chain to a root.
 * Throws `HALONG_PKI_BUNDLE_INVALID` for non-CA certificates or a bundle without a root.
 */
export function parseTrustBundle(pem: string): TrustBundle {
  const blocks = splitPem(pem, 'CERTIFICATE');
  const roots: X509Certificate[] = [];
  const intermediates: X509Certificate[] = [];
  for (const block of blocks) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (cause) {
      throw new PkiError('HALONG_PKI_BUNDLE_INVALID', 'A trust bundle certificate cannot be parsed.', { cause });
    }
    if (!cert.ca) throw new PkiError('HALONG_PKI_BUNDLE_INVALID', `The trust bundle holds a non-CA certificate (${cert.subject.replaceAll('\n', ', ')}).`);
    (isSelfSigned(cert) ? roots : intermediates).push(cert);
  }
  if (roots.length === 0) throw new PkiError('HALONG_PKI_BUNDLE_INVALID', 'The trust bundle holds no root CA certificate.');
  return { roots, intermediates };
}
