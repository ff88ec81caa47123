import { isIP } from 'node:net';
import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';
import type { CertificateAuthority } from './certificate-authority';
import { PkiError } from './errors';
import { forgeCertificateDer, forgeSigner, toForgePublicKey, utf8Attribute } from './forge-bridge';
import { issuerInfo } from './issuer-info';
import { derToPem } from './pem';
import { certificateThumbprint } from './issued-certificate';
import type { IssuedCertificate } from './issued-certificate';
import { SERVER_RSA_BITS, generateRsaKeyPair } from './node-keys';
import { randomSerialNumber } from './serial-number';
import { CLOCK_SKEW_MS, DAY_MS, earliest, offsetToSecond } from './time';

/** Default lifetime of a server certificate for a Halong listener. */
export const DEFAULT_SERVER_LIFETIME_MS = 30 * DAY_MS;
/** Longest server certificate lifetime accepted (the CA/B Forum's 2026 limit for public TLS). */
export const MAX_SERVER_LIFETIME_MS = 200 * DAY_MS;

/** Options of `issueServerCertificate`. */
export interface IssueServerOptions {
  readonly ca: CertificateAuthority;
  readonly dnsNames?: readonly string[];
  readonly ipAddresses?: readonly string[];
  readonly now: Date;
  readonly lifetimeMs?: number;
}

/** A server certificate with the private key generated for it. */
export interface IssuedServerCertificate extends IssuedCertificate {
  readonly privateKey: KeyObject;
}

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function checkDnsName(name: string): string {
  const lower = name.toLowerCase();
  // No wildcards: each listener gets a certificate for the names it really answers.
  if (lower.length > 253 || !lower.split('.').every((label) => DNS_LABEL.test(label))) {
    throw new PkiError('HALONG_PKI_INVALID_SAN', `Invalid DNS name ${JSON.stringify(name)}.`);
  }
  return lower;
}

function checkIp(address: string): string {
  if (isIP(address) === 0) throw new PkiError('HALONG_PKI_INVALID_SAN', `Invalid IP address ${JSON.stringify(address)}.`);
  return address;
}

/**
 * Issues a TLS server certificate for one of Halong's own listeners (API, gateway, syslog over
 * TLS) with node-forge: a new RSA-2048 key, DNS and IP SANs, serverAuth, cA=false, signed by the
 * intermediate. Throws `HALONG_PKI_INVALID_SAN` when no valid name is given.
 */
export function issueServerCertificate(options: IssueServerOptions): IssuedServerCertificate {
  const dnsNames = (options.dnsNames ?? []).map(checkDnsName);
  const ipAddresses = (options.ipAddresses ?? []).map(checkIp);
  if (dnsNames.length + ipAddresses.length === 0) throw new PkiError('HALONG_PKI_INVALID_SAN', 'A server certificate needs at least one DNS name or IP address.');
  const lifetimeMs = options.lifetimeMs ?? DEFAULT_SERVER_LIFETIME_MS;
  if (!(lifetimeMs > 0 && lifetimeMs <= MAX_SERVER_LIFETIME_MS)) {
    throw new PkiError('HALONG_PKI_INVALID_LIFETIME', `A server certificate lifetime must be between 0 and 200 days, not ${lifetimeMs} ms.`);
  }
  const issuer = issuerInfo(options.ca.intermediate, options.now);
  const intermediate = forge.pki.certificateFromPem(options.ca.intermediate.certificatePem);
  const keyPair = generateRsaKeyPair(SERVER_RSA_BITS);
  const cert = forge.pki.createCertificate();
  cert.publicKey = toForgePublicKey(keyPair.publicKey);
  cert.serialNumber = randomSerialNumber();
  cert.validity.notBefore = offsetToSecond(options.now, -CLOCK_SKEW_MS);
  cert.validity.notAfter = earliest(offsetToSecond(options.now, lifetimeMs), issuer.notAfter);
  cert.setSubject([utf8Attribute('O', 'Halong'), utf8Attribute('CN', dnsNames[0] ?? ipAddresses[0])]);
  cert.setIssuer(intermediate.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...dnsNames.map((value) => ({ type: 2, value })), ...ipAddresses.map((ip) => ({ type: 7, ip }))] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: forge.util.hexToBytes(issuer.keyId) },
  ]);
  cert.sign(forgeSigner(options.ca.intermediate.privateKey), forge.md.sha256.create());
  const der = forgeCertificateDer(cert);
  const certificatePem = derToPem(der, 'CERTIFICATE');
  return {
    certificatePem,
    chainPem: `${certificatePem.trim()}\n${options.ca.intermediate.certificatePem.trim()}\n`,
    privateKey: keyPair.privateKey,
    serialNumber: cert.serialNumber,
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    fingerprintSha256: certificateThumbprint(der),
  };
}
