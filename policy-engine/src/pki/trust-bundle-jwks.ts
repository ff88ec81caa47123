import { X509Certificate } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import type { JWK } from 'jose';
import type { CertificateAuthority } from './certificate-authority';

/** A CA public key as a JWK: SPIFFE bundle use `x509-svid`, its certificate in `x5c`, `kid` = RFC 7638 thumbprint. */
export interface TrustBundleJwk extends JWK {
  readonly kid: string;
  readonly use: 'x509-svid';
  readonly x5c: [string];
}

/** The trust bundle as a JWK Set, the SPIFFE bundle format: root and intermediate CA keys. */
export interface TrustBundleJwks {
  readonly keys: TrustBundleJwk[];
}

async function toJwk(pem: string): Promise<TrustBundleJwk> {
  const cert = new X509Certificate(pem);
  const jwk = await exportJWK(cert.publicKey);
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  // SPIFFE bundles carry exactly one certificate per x509-svid key: the authority itself.
  return { ...jwk, kid, use: 'x509-svid', x5c: [cert.raw.toString('base64')] };
}

/** The trust bundle as JWKS (SPIFFE Trust Domain and Bundle format, RFC 7517 `x5c`). */
export async function trustBundleJwks(ca: CertificateAuthority): Promise<TrustBundleJwks> {
  return { keys: [await toJwk(ca.rootCertificatePem), await toJwk(ca.intermediate.certificatePem)] };
}
