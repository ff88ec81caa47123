/**
 * Stable error codes of the Halong PKI, `HALONG_PKI_<NAME>`, with their default messages.
 * A code never changes meaning once published; callers and logs match on the code.
 */
export const PKI_ERRORS = {
  HALONG_PKI_INVALID_TRUST_DOMAIN: 'The trust domain is not a valid SPIFFE trust domain.',
  HALONG_PKI_INVALID_IDENTITY: 'The workload identity (kind, site or name) is invalid.',
  HALONG_PKI_INVALID_SERIAL: 'The serial number is not a hexadecimal integer.',
  HALONG_PKI_INVALID_LIFETIME: 'The certificate lifetime is out of range.',
  HALONG_PKI_INVALID_SAN: 'A DNS name or IP address for a server certificate is invalid.',
  HALONG_PKI_CA_EXPIRED: 'The issuing CA certificate is not valid at this time.',
  HALONG_PKI_WEAK_PASSPHRASE: 'The CA key passphrase is too short.',
  HALONG_PKI_WRONG_PASSPHRASE: 'The CA key passphrase is wrong.',
  HALONG_PKI_KEY_NOT_ENCRYPTED: 'A CA private key file is not encrypted.',
  HALONG_PKI_INSECURE_PERMISSIONS: 'The CA directory or a key file is readable by other users.',
  HALONG_PKI_STORE_INCOMPLETE: 'The CA directory holds only part of a CA.',
  HALONG_PKI_STORE_CORRUPT: 'The CA directory holds keys and certificates that do not belong together.',
  HALONG_PKI_TRUST_DOMAIN_MISMATCH: 'The stored CA belongs to another trust domain.',
  HALONG_PKI_CSR_MALFORMED: 'The certificate signing request cannot be parsed.',
  HALONG_PKI_CSR_BAD_SIGNATURE: 'The certificate signing request signature does not verify.',
  HALONG_PKI_CSR_UNSUPPORTED_KEY: 'The certificate signing request key type or size is not accepted.',
  HALONG_PKI_BUNDLE_INVALID: 'The trust bundle holds no usable CA certificate.',
  HALONG_PKI_NO_CERTIFICATE: 'No client certificate was presented.',
  HALONG_PKI_CERT_MALFORMED: 'The presented certificate cannot be parsed.',
  HALONG_PKI_FOREIGN_CA: 'The certificate does not chain to the Halong root CA.',
  HALONG_PKI_CERT_EXPIRED: 'The certificate has expired.',
  HALONG_PKI_CERT_NOT_YET_VALID: 'The certificate is not valid yet.',
  HALONG_PKI_CERT_REVOKED: 'The certificate or its identity is revoked.',
  HALONG_PKI_NO_URI_SAN: 'The certificate has no URI subject alternative name.',
  HALONG_PKI_MULTIPLE_URI_SANS: 'The certificate has more than one URI subject alternative name.',
  HALONG_PKI_WRONG_TRUST_DOMAIN: 'The SPIFFE ID belongs to another trust domain.',
  HALONG_PKI_MALFORMED_SPIFFE_ID: 'The URI subject alternative name is not a valid Halong SPIFFE ID.',
  HALONG_PKI_CA_AS_LEAF: 'A CA certificate was presented as a client certificate.',
} as const;

/** A stable PKI error code. */
export type PkiErrorCode = keyof typeof PKI_ERRORS;

/** Codes a client certificate chain verification can fail with (see `verifyClientCertificate`). */
export type ChainFailureCode = Extract<
  PkiErrorCode,
  | 'HALONG_PKI_NO_CERTIFICATE'
  | 'HALONG_PKI_CERT_MALFORMED'
  | 'HALONG_PKI_FOREIGN_CA'
  | 'HALONG_PKI_CERT_EXPIRED'
  | 'HALONG_PKI_CERT_NOT_YET_VALID'
  | 'HALONG_PKI_CERT_REVOKED'
  | 'HALONG_PKI_NO_URI_SAN'
  | 'HALONG_PKI_MULTIPLE_URI_SANS'
  | 'HALONG_PKI_WRONG_TRUST_DOMAIN'
  | 'HALONG_PKI_MALFORMED_SPIFFE_ID'
  | 'HALONG_PKI_CA_AS_LEAF'
>;

/** An error of the Halong PKI: `code` is stable, `message` is for humans and never holds key material. */
export class PkiError extends Error {
  readonly code: PkiErrorCode;

  constructor(code: PkiErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? PKI_ERRORS[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PkiError';
    this.code = code;
  }
}
