/** A certificate the Halong CA issued, with what callers record or send back. */
export interface IssuedCertificate {
  readonly certificatePem: string;
  /** Leaf then intermediate: what a TLS peer presents so verifiers can build the path to the root. */
  readonly chainPem: string;
  /** Canonical lowercase hex serial number (see `normalizeSerialNumber`). */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** base64url SHA-256 of the DER certificate: RFC 8705 `x5t#S256`. */
  readonly fingerprintSha256: string;
}

// The RFC 8705 `x5t#S256` value is defined once, in core, for the PEP, the CA and token binding.
export { certificateThumbprint } from '@halong/core/node';
