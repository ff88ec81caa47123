import { X509Certificate } from 'node:crypto';

/** A certificate as PEM text, DER bytes (e.g. `getPeerCertificate().raw`) or a parsed Node certificate. */
export type CertificateInput = string | Uint8Array | X509Certificate;

/** Parses a certificate input; `undefined` for an empty one, throws on bytes that are not a certificate. */
export function toX509(input: CertificateInput | null | undefined): X509Certificate | undefined {
  if (input === null || input === undefined) return undefined;
  if (input instanceof X509Certificate) return input;
  if (input.length === 0) return undefined;
  return new X509Certificate(typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength));
}

/** The validity period of a parsed certificate. */
export function validity(cert: X509Certificate): { readonly notBefore: Date; readonly notAfter: Date } {
  // Node 20 has no validFromDate; OpenSSL prints "Mar  1 08:55:00 2026 GMT", which Date parses.
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) throw new Error(`Unreadable validity ${cert.validFrom} - ${cert.validTo}`);
  return { notBefore, notAfter };
}
