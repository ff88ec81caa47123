import { createPrivateKey, generateKeyPair } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { CertifiedKey, NewCertificateAuthority } from '../../../src/pki/certificate-authority';
import { createIntermediateCa, createRootCa } from '../../../src/pki/create-ca';
import type { KeyPair } from '../../../src/pki/node-keys';
import { randomSerialNumber } from '../../../src/pki/serial-number';
import { CA_SIGNING_ALGORITHM, nodeCrypto, toSigningCryptoKey, x509 } from '../../../src/pki/x509-webcrypto';
import { openssl } from './openssl';
import type { Scratch } from './openssl';

/** The frozen "now" of the PKI tests. */
export const NOW = new Date('2026-03-01T09:00:00.000Z');
export const TRUST_DOMAIN = 'halong.local';
export const PASSPHRASE = 'correct horse battery staple';

/** `NOW` shifted by `ms`. */
export const at = (ms: number): Date => new Date(NOW.getTime() + ms);

/** Generous timeout for `beforeAll` hooks that generate RSA-3072 CA keys on a busy machine. */
export const KEYGEN_TIMEOUT_MS = 120_000;

const rsaKeyPair = (): Promise<KeyPair> => promisify(generateKeyPair)('rsa', { modulusLength: 3072 });

/**
 * A CA like `createCa` makes, with both RSA-3072 keys generated in parallel on libuv's thread pool:
 * key generation dominates the PKI tests' run time.
 */
export async function makeCa(trustDomain = TRUST_DOMAIN, now = NOW): Promise<NewCertificateAuthority> {
  const [rootKeys, intermediateKeys] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);
  const root = createRootCa({ trustDomain, now, keyPair: rootKeys });
  const intermediate = createIntermediateCa({ trustDomain, root, now, keyPair: intermediateKeys });
  return { trustDomain, rootCertificatePem: root.certificatePem, root, intermediate };
}

/** A key pair and a CSR for it, made with WebCrypto (fast, no openssl process). */
export interface CsrAndKey {
  readonly csrPem: string;
  readonly privateKey: KeyObject;
}

const EC: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };

/** A CSR for a new EC P-256 or RSA-2048 key, asking for `subject` and (ignored) extensions. */
export async function webCsr(type: 'ec' | 'rsa', subject = 'CN=requested'): Promise<CsrAndKey> {
  const keys = (await nodeCrypto.subtle.generateKey(type === 'ec' ? EC : RSA, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    {
      name: subject,
      keys,
      signingAlgorithm: type === 'ec' ? { name: 'ECDSA', hash: 'SHA-256' } : RSA,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'url', value: 'spiffe://evil.example/service/x/root' }])],
    },
    nodeCrypto,
  );
  const pkcs8 = Buffer.from(await nodeCrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { csrPem: csr.toString('pem'), privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }) };
}

/** A CSR made by `openssl req` with an EC P-256 key (plus any extra req arguments). */
export function opensslEcCsr(scratch: Scratch, name: string, extra: readonly string[] = []): string {
  const csrPath = scratch.path(`${name}.csr`);
  const args = ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', scratch.path(`${name}.key`), '-out', csrPath, '-subj', '/CN=requested', ...extra];
  const result = openssl(args);
  if (result.status !== 0) throw new Error(result.stderr);
  return openssl(['req', '-in', csrPath]).stdout;
}

/** Options of `signCustom`: a certificate the issuance code would never produce. */
export interface CustomCertificate {
  readonly issuer: CertifiedKey;
  readonly sans?: readonly x509.JsonGeneralNames[];
  readonly ca?: boolean;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** The subject's key type; RSA when the certificate must sign others in a test. */
  readonly keyType?: 'ec' | 'rsa';
}

/**
 * Signs an arbitrary certificate with `issuer`'s RSA key, for the verifier's negative cases: several
 * URI SANs, foreign trust domains, CA flags. Returns the PEM and the subject's private key.
 */
export async function signCustom(options: CustomCertificate): Promise<CertifiedKey> {
  const keys = (await nodeCrypto.subtle.generateKey(options.keyType === 'rsa' ? RSA : EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const issuerCert = new x509.X509Certificate(options.issuer.certificatePem);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialNumber(),
      subject: 'CN=custom',
      issuer: issuerCert.subjectName,
      notBefore: options.notBefore ?? at(-60_000),
      notAfter: options.notAfter ?? at(3_600_000),
      publicKey: keys.publicKey,
      signingKey: await toSigningCryptoKey(options.issuer.privateKey),
      signingAlgorithm: CA_SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true),
        new x509.KeyUsagesExtension(options.ca === true ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature, true),
        ...(options.sans ?? []).map((names) => new x509.SubjectAlternativeNameExtension(names)),
      ],
    },
    nodeCrypto,
  );
  const pkcs8 = Buffer.from(await nodeCrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { certificatePem: cert.toString('pem'), privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }) };
}
