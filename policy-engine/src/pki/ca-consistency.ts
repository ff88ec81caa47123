import { X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { PkiError } from './errors';
import { spkiDer } from './node-keys';
import { trustDomainId } from './spiffe-id';

function parse(pem: string, label: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (cause) {
    throw new PkiError('HALONG_PKI_STORE_CORRUPT', `The ${label} certificate cannot be parsed.`, { cause });
  }
}

function assertKeyMatches(certificate: X509Certificate, key: KeyObject, label: string): void {
  if (!spkiDer(certificate.publicKey).equals(spkiDer(key))) {
    throw new PkiError('HALONG_PKI_STORE_CORRUPT', `The ${label} key does not belong to the ${label} certificate.`);
  }
}

/**
 * Checks that stored CA files belong together (each key matches its certificate, the root signed
 * the intermediate) and serve `trustDomain`, so a mixed-up restore fails at start, not at the first
 * enrolment. Throws `HALONG_PKI_STORE_CORRUPT` or `HALONG_PKI_TRUST_DOMAIN_MISMATCH`.
 */
export function assertCaConsistent(parts: {
  readonly trustDomain: string;
  readonly rootCertificatePem: string;
  readonly rootKey?: KeyObject;
  readonly intermediateCertificatePem: string;
  readonly intermediateKey: KeyObject;
}): void {
  const root = parse(parts.rootCertificatePem, 'root CA');
  const intermediate = parse(parts.intermediateCertificatePem, 'intermediate CA');
  if (parts.rootKey !== undefined) assertKeyMatches(root, parts.rootKey, 'root CA');
  assertKeyMatches(intermediate, parts.intermediateKey, 'intermediate CA');
  if (!intermediate.checkIssued(root) || !intermediate.verify(root.publicKey)) {
    throw new PkiError('HALONG_PKI_STORE_CORRUPT', 'The intermediate CA certificate was not issued by the stored root CA.');
  }
  const expected = `URI:${trustDomainId(parts.trustDomain)}`;
  if (root.subjectAltName !== expected) {
    throw new PkiError(
      'HALONG_PKI_TRUST_DOMAIN_MISMATCH',
      `The stored CA serves ${root.subjectAltName?.replace(/^URI:/, '') ?? 'no trust domain'}, not ${parts.trustDomain}; point the CA directory elsewhere or keep the old trust domain.`,
    );
  }
}
