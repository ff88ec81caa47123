import { randomSerialNumber } from './serial-number';
import { CA_RSA_BITS, generateRsaKeyPair } from './node-keys';
import type { KeyPair } from './node-keys';
import { forgeCertificateDer, forgeSigner, toForgePublicKey, utf8Attribute } from './forge-bridge';
import { derToPem } from './pem';
import { CLOCK_SKEW_MS, DAY_MS, earliest, offsetToSecond } from './time';
import { assertTrustDomain, trustDomainId } from './spiffe-id';
import { PkiError } from './errors';
import type { CertifiedKey, NewCertificateAuthority } from './certificate-authority';
import forge from 'node-forge';

/** Default lifetime of the root CA certificate: ten years. */
export const ROOT_CA_LIFETIME_MS = 3650 * DAY_MS;
/** Default lifetime of an intermediate CA certificate: two years (rotate it before then). */
export const INTERMEDIATE_CA_LIFETIME_MS = 730 * DAY_MS;

/** Options of `createRootCa`. */
export interface CreateRootCaOptions {
  readonly trustDomain: string;
  readonly now: Date;
  readonly lifetimeMs?: number;
  /** Defaults to a new RSA-3072 key pair. */
  readonly keyPair?: KeyPair;
}

/** Options of `createIntermediateCa`. */
export interface CreateIntermediateCaOptions {
  readonly trustDomain: string;
  readonly root: CertifiedKey;
  readonly now: Date;
  /** Clamped so the intermediate never outlives the root. */
  readonly lifetimeMs?: number;
  readonly keyPair?: KeyPair;
}

type Attributes = forge.pki.CertificateField[];

const name = (commonName: string): Attributes => [utf8Attribute('O', 'Halong'), utf8Attribute('CN', commonName)];

interface CaProfile {
  readonly subject: Attributes;
  readonly issuer: Attributes;
  /** Key identifier of the issuer (hex); the subject's own for a self-signed root. */
  readonly issuerKeyId?: string;
  readonly keyPair: KeyPair;
  readonly signingKey: KeyPair['privateKey'];
  readonly pathLength: number;
  readonly trustDomain: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

function signCaCertificate(profile: CaProfile): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = toForgePublicKey(profile.keyPair.publicKey);
  cert.serialNumber = randomSerialNumber();
  cert.validity.notBefore = profile.notBefore;
  cert.validity.notAfter = profile.notAfter;
  cert.setSubject(profile.subject);
  cert.setIssuer(profile.issuer);
  const ownKeyId = cert.generateSubjectKeyIdentifier().getBytes();
  const issuerKeyId = profile.issuerKeyId === undefined ? ownKeyId : forge.util.hexToBytes(profile.issuerKeyId);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: profile.pathLength, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier', subjectKeyIdentifier: forge.util.bytesToHex(ownKeyId) },
    // forge's `keyIdentifier: true` would use the subject's key, so the issuer's id is passed as bytes.
    { name: 'authorityKeyIdentifier', keyIdentifier: issuerKeyId },
    // SPIFFE lets signing certificates carry the trust domain's own ID; tools then show which trust domain a CA serves.
    { name: 'subjectAltName', altNames: [{ type: 6, value: trustDomainId(profile.trustDomain) }] },
  ]);
  cert.sign(forgeSigner(profile.signingKey), forge.md.sha256.create());
  return derToPem(forgeCertificateDer(cert), 'CERTIFICATE');
}

/** Creates a self-signed root CA (RSA-3072, pathLen 1, keyCertSign + cRLSign) with node-forge. */
export function createRootCa(options: CreateRootCaOptions): CertifiedKey {
  assertTrustDomain(options.trustDomain);
  const keyPair = options.keyPair ?? generateRsaKeyPair(CA_RSA_BITS);
  const subject = name('Halong Root CA');
  const certificatePem = signCaCertificate({
    subject,
    issuer: subject,
    keyPair,
    signingKey: keyPair.privateKey,
    pathLength: 1,
    trustDomain: options.trustDomain,
    notBefore: offsetToSecond(options.now, -CLOCK_SKEW_MS),
    notAfter: offsetToSecond(options.now, options.lifetimeMs ?? ROOT_CA_LIFETIME_MS),
  });
  return { certificatePem, privateKey: keyPair.privateKey };
}

/** Creates an intermediate CA (RSA-3072, pathLen 0) signed by `root`, with node-forge. */
export function createIntermediateCa(options: CreateIntermediateCaOptions): CertifiedKey {
  assertTrustDomain(options.trustDomain);
  const root = forge.pki.certificateFromPem(options.root.certificatePem);
  if (options.now.getTime() > root.validity.notAfter.getTime()) {
    throw new PkiError('HALONG_PKI_CA_EXPIRED', 'The root CA has expired: create a new CA.');
  }
  const rootKeyId = (root.getExtension('subjectKeyIdentifier') as { subjectKeyIdentifier?: string } | null)?.subjectKeyIdentifier;
  const keyPair = options.keyPair ?? generateRsaKeyPair(CA_RSA_BITS);
  const certificatePem = signCaCertificate({
    subject: name('Halong Intermediate CA'),
    issuer: root.subject.attributes,
    ...(rootKeyId === undefined ? {} : { issuerKeyId: rootKeyId }),
    keyPair,
    signingKey: options.root.privateKey,
    pathLength: 0,
    trustDomain: options.trustDomain,
    notBefore: offsetToSecond(options.now, -CLOCK_SKEW_MS),
    notAfter: earliest(offsetToSecond(options.now, options.lifetimeMs ?? INTERMEDIATE_CA_LIFETIME_MS), root.validity.notAfter),
  });
  return { certificatePem, privateKey: keyPair.privateKey };
}

/** Creates a root CA and an intermediate signed by it for `trustDomain`. */
export function createCa(options: { readonly trustDomain: string; readonly now: Date }): NewCertificateAuthority {
  const root = createRootCa(options);
  const intermediate = createIntermediateCa({ ...options, root });
  return { trustDomain: options.trustDomain, rootCertificatePem: root.certificatePem, root, intermediate };
}
