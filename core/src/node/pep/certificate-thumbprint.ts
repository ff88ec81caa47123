import { createHash } from 'node:crypto';

/**
 * The RFC 8705 `x5t#S256` thumbprint of a certificate: base64url (no padding) of the SHA-256 of
 * its DER bytes. Accepts the DER bytes or anything with a `raw` DER buffer (node `X509Certificate`,
 * `tls.PeerCertificate`). One definition for the PEP, the CA and token binding, so they always agree.
 */
export function certificateThumbprint(certificate: Uint8Array | { readonly raw: Uint8Array }): string {
  const der = certificate instanceof Uint8Array ? certificate : certificate.raw;
  return createHash('sha256').update(der).digest('base64url');
}
