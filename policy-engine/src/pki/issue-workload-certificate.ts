import { createHash } from 'node:crypto';
import { derToPem } from './pem';
import { randomSerialNumber } from './serial-number';
import { PkiError } from './errors';
import { issuerInfo } from './issuer-info';
import { certificateThumbprint } from './issued-certificate';
import type { IssuedCertificate } from './issued-certificate';
import { readCsr } from './read-csr';
import { formatSpiffeId } from './spiffe-id';
import type { WorkloadName } from './spiffe-id';
import { CLOCK_SKEW_MS, HOUR_MS, MINUTE_MS, earliest, offsetToSecond } from './time';
import { CA_SIGNING_ALGORITHM, nodeCrypto, toSigningCryptoKey, x509 } from './x509-webcrypto';
import type { CertificateAuthority } from './certificate-authority';

/** Default lifetime of a workload certificate. */
export const DEFAULT_WORKLOAD_LIFETIME_MS = 12 * HOUR_MS;
/** Shortest workload lifetime accepted. */
export const MIN_WORKLOAD_LIFETIME_MS = 5 * MINUTE_MS;
/** Longest workload lifetime accepted: identities must stay short-lived so revocation rarely matters. */
export const MAX_WORKLOAD_LIFETIME_MS = 7 * 24 * HOUR_MS;

/** Options of `issueWorkloadCertificate`. */
export interface IssueWorkloadOptions {
  readonly ca: CertificateAuthority;
  /** PEM PKCS#10 request; only its (verified) public key is used. */
  readonly csrPem: string;
  /** Who the certificate is for, decided by the enrolment (join token), never by the CSR. */
  readonly identity: WorkloadName;
  readonly now: Date;
  /** Defaults to `DEFAULT_WORKLOAD_LIFETIME_MS`; clamped to the intermediate's own expiry. */
  readonly lifetimeMs?: number;
}

/** A workload certificate and its SPIFFE ID. */
export interface IssuedWorkloadCertificate extends IssuedCertificate {
  readonly spiffeId: string;
}

// Leftmost 160 bits of SHA-256 as in RFC 7093 §2, taken over the whole SubjectPublicKeyInfo (RFC 5280
// accepts any unique value); native hashing avoids @peculiar/x509's per-certificate key import.
const keyIdentifier = (spki: Buffer): string => createHash('sha256').update(spki).digest('hex').slice(0, 40);

/** Throws `HALONG_PKI_INVALID_LIFETIME` unless the lifetime lies within the accepted range. */
export function assertWorkloadLifetime(lifetimeMs: number): void {
  if (!Number.isFinite(lifetimeMs) || lifetimeMs < MIN_WORKLOAD_LIFETIME_MS || lifetimeMs > MAX_WORKLOAD_LIFETIME_MS) {
    throw new PkiError('HALONG_PKI_INVALID_LIFETIME', `A workload certificate lifetime must be between 5 minutes and 7 days, not ${lifetimeMs} ms.`);
  }
}

/**
 * Issues a short-lived X.509-SVID from a CSR, signed by the intermediate. Whatever subject and
 * extensions the CSR asks for are ignored: the certificate carries exactly one URI SAN
 * `spiffe://<trust-domain>/<kind>/<site>/<name>`, cA=false, digitalSignature (+keyEncipherment for
 * RSA keys), serverAuth+clientAuth, a random 128-bit serial and a notBefore backdated by
 * `CLOCK_SKEW_MS`. Uses @peculiar/x509 so EC and RSA keys go through the same code.
 */
export async function issueWorkloadCertificate(options: IssueWorkloadOptions): Promise<IssuedWorkloadCertificate> {
  const spiffeId = formatSpiffeId({ trustDomain: options.ca.trustDomain, ...options.identity });
  const lifetimeMs = options.lifetimeMs ?? DEFAULT_WORKLOAD_LIFETIME_MS;
  assertWorkloadLifetime(lifetimeMs);
  const issuer = issuerInfo(options.ca.intermediate, options.now);
  const csr = await readCsr(options.csrPem);
  const usages = x509.KeyUsageFlags.digitalSignature | (csr.keyType === 'rsa' ? x509.KeyUsageFlags.keyEncipherment : 0);
  const serialNumber = randomSerialNumber();
  const notBefore = offsetToSecond(options.now, -CLOCK_SKEW_MS);
  const notAfter = earliest(offsetToSecond(options.now, lifetimeMs), issuer.notAfter);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber,
      // The subject is informational; the URI SAN is the identity. Each value stays under X.520's 64 characters.
      subject: [{ O: ['Halong'] }, { OU: [options.identity.site] }, { CN: [options.identity.name] }],
      issuer: issuer.name,
      notBefore,
      notAfter,
      publicKey: new Uint8Array(csr.spki),
      signingKey: await toSigningCryptoKey(options.ca.intermediate.privateKey),
      signingAlgorithm: CA_SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: 'url', value: spiffeId }]),
        new x509.SubjectKeyIdentifierExtension(keyIdentifier(csr.spki)),
        new x509.AuthorityKeyIdentifierExtension(issuer.keyId),
      ],
    },
    nodeCrypto,
  );
  const der = new Uint8Array(certificate.rawData);
  const certificatePem = derToPem(der, 'CERTIFICATE');
  return {
    certificatePem,
    chainPem: `${certificatePem.trim()}\n${options.ca.intermediate.certificatePem.trim()}\n`,
    spiffeId,
    serialNumber,
    notBefore,
    notAfter,
    fingerprintSha256: certificateThumbprint(der),
  };
}
