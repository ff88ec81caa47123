import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { PkiError } from './errors';
import { nodeCrypto, x509 } from './x509-webcrypto';

/** A CSR whose signature verified: only its public key is kept, everything else it asks for is ignored. */
export interface VerifiedCsr {
  /** DER SubjectPublicKeyInfo of the requested key. */
  readonly spki: Buffer;
  readonly publicKey: KeyObject;
  readonly keyType: 'rsa' | 'ec';
}

/** Largest CSR accepted; real ones are 0.5-2 KiB, this bounds the ASN.1 parser's work. */
export const MAX_CSR_LENGTH = 16 * 1024;

const ACCEPTED_CURVES = new Set(['prime256v1', 'secp384r1']);
const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 8192;

function acceptedKeyType(key: KeyObject): 'rsa' | 'ec' {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits >= MIN_RSA_BITS && bits <= MAX_RSA_BITS) return 'rsa';
    throw new PkiError('HALONG_PKI_CSR_UNSUPPORTED_KEY', `RSA keys must have 2048-8192 bits, this one has ${bits}.`);
  }
  if (key.asymmetricKeyType === 'ec') {
    if (ACCEPTED_CURVES.has(details.namedCurve ?? '')) return 'ec';
    throw new PkiError('HALONG_PKI_CSR_UNSUPPORTED_KEY', `EC keys must use P-256 or P-384, not ${details.namedCurve ?? 'an unnamed curve'}.`);
  }
  throw new PkiError('HALONG_PKI_CSR_UNSUPPORTED_KEY', `Key type ${key.asymmetricKeyType ?? 'unknown'} is not accepted; use EC P-256/P-384 or RSA.`);
}

/**
 * Parses a PEM PKCS#10 CSR (RSA or EC key) and verifies its self-signature, which proves the
 * requester holds the private key. Uses @peculiar/x509 because node-forge cannot read EC keys.
 * Throws `HALONG_PKI_CSR_MALFORMED`, `HALONG_PKI_CSR_BAD_SIGNATURE` or `HALONG_PKI_CSR_UNSUPPORTED_KEY`.
 */
export async function readCsr(pem: string): Promise<VerifiedCsr> {
  if (pem.length > MAX_CSR_LENGTH || !pem.includes('-----BEGIN CERTIFICATE REQUEST-----')) {
    throw new PkiError('HALONG_PKI_CSR_MALFORMED', 'Expected one PEM "CERTIFICATE REQUEST" of at most 16 KiB.');
  }
  let csr: x509.Pkcs10CertificateRequest;
  let publicKey: KeyObject;
  try {
    csr = new x509.Pkcs10CertificateRequest(pem);
    publicKey = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new PkiError('HALONG_PKI_CSR_MALFORMED', 'The certificate signing request cannot be parsed.', { cause });
  }
  const keyType = acceptedKeyType(publicKey);
  let valid: boolean;
  try {
    valid = await csr.verify(nodeCrypto);
  } catch (cause) {
    // An unknown or mismatched signature algorithm cannot prove possession either.
    throw new PkiError('HALONG_PKI_CSR_BAD_SIGNATURE', 'The CSR signature cannot be checked.', { cause });
  }
  if (!valid) throw new PkiError('HALONG_PKI_CSR_BAD_SIGNATURE');
  return { spki: publicKey.export({ type: 'spki', format: 'der' }), publicKey, keyType };
}
