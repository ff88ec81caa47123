import type { CertifiedKey } from './certificate-authority';
import { PkiError } from './errors';
import { x509 } from './x509-webcrypto';

/** What signing needs from the intermediate certificate, parsed once per CA object. */
export interface IssuerInfo {
  /** The intermediate's subject exactly as encoded, so issuer names match byte for byte. */
  readonly name: x509.Name;
  /** Hex subject key identifier of the intermediate, copied into each AuthorityKeyIdentifier. */
  readonly keyId: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const cache = new WeakMap<CertifiedKey, IssuerInfo>();

/** The issuing details of `intermediate`, cached; throws `HALONG_PKI_CA_EXPIRED` outside its validity at `now`. */
export function issuerInfo(intermediate: CertifiedKey, now: Date): IssuerInfo {
  let info = cache.get(intermediate);
  if (info === undefined) {
    const cert = new x509.X509Certificate(intermediate.certificatePem);
    const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
    if (ski === null) throw new PkiError('HALONG_PKI_STORE_CORRUPT', 'The intermediate CA certificate has no subject key identifier.');
    info = { name: cert.subjectName, keyId: ski.keyId, notBefore: cert.notBefore, notAfter: cert.notAfter };
    cache.set(intermediate, info);
  }
  if (now < info.notBefore || now > info.notAfter) {
    throw new PkiError('HALONG_PKI_CA_EXPIRED', `The intermediate CA is valid from ${info.notBefore.toISOString()} to ${info.notAfter.toISOString()}; rotate it.`);
  }
  return info;
}
