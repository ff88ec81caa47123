import type { X509Certificate } from 'node:crypto';
import { buildCertificatePath } from './build-certificate-path';
import { toX509, validity } from './certificate-input';
import type { CertificateInput } from './certificate-input';
import type { Denylist } from './denylist';
import { PKI_ERRORS } from './errors';
import type { ChainFailureCode } from './errors';
import { certificateThumbprint } from './issued-certificate';
import { normalizeSerialNumber } from './serial-number';
import { parseSpiffeId } from './spiffe-id';
import type { WorkloadIdentity, WorkloadKind } from './spiffe-id';
import type { TrustBundle } from './trust-bundle';
import { uriSans } from './uri-sans';

/** A presented client certificate chain: the leaf, and any intermediates the peer sent with it. */
export interface ClientChain {
  readonly leaf: CertificateInput | null | undefined;
  readonly intermediates?: readonly CertificateInput[];
}

/** What a client certificate is verified against. */
export interface VerifyClientOptions {
  readonly trustBundle: TrustBundle;
  /** The local trust domain; SPIFFE IDs of any other are refused. */
  readonly trustDomain: string;
  readonly now: Date;
  readonly denylist?: Denylist;
}

/** A client certificate that verified, and the identity it proves. */
export interface VerifiedClient {
  readonly ok: true;
  readonly spiffeId: string;
  readonly kind: WorkloadKind;
  readonly site: string;
  readonly name: string;
  readonly serial: string;
  readonly notAfter: Date;
  /** RFC 8705 `x5t#S256`: base64url SHA-256 of the leaf's DER, for certificate-bound tokens. */
  readonly fingerprintSha256: string;
}

/** A refused client certificate: a stable code and a reason for logs and AuthZEN `reason_admin`. */
export interface RejectedClient {
  readonly ok: false;
  readonly code: ChainFailureCode;
  readonly reason: string;
}

/** The outcome of `verifyClientCertificate`. */
export type ClientVerification = VerifiedClient | RejectedClient;

const reject = (code: ChainFailureCode, detail?: string): RejectedClient => ({ ok: false, code, reason: detail === undefined ? PKI_ERRORS[code] : `${PKI_ERRORS[code]} ${detail}` });

const describe = (cert: X509Certificate, index: number): string => (index === 0 ? 'The certificate' : `CA certificate "${cert.subject.replaceAll('\n', ', ')}"`);

function checkTimes(path: readonly X509Certificate[], now: Date): RejectedClient | undefined {
  for (const [index, cert] of path.entries()) {
    const { notBefore, notAfter } = validity(cert);
    if (now < notBefore) return reject('HALONG_PKI_CERT_NOT_YET_VALID', `${describe(cert, index)} is valid from ${notBefore.toISOString()}.`);
    if (now > notAfter) return reject('HALONG_PKI_CERT_EXPIRED', `${describe(cert, index)} expired at ${notAfter.toISOString()}.`);
  }
  return undefined;
}

/**
 * Verifies a presented client certificate chain at `now`, without throwing: the path to a root of
 * the trust bundle (signatures and CA flags), validity of every certificate in it, that the leaf
 * is not a CA, has exactly one URI SAN holding a Halong SPIFFE ID of the local trust domain, and
 * that neither its serial (nor an intermediate's) nor its SPIFFE ID is on the denylist.
 * Synchronous and side-effect free, so every enforcement point can call it per request.
 */
export function verifyClientCertificate(chain: ClientChain, options: VerifyClientOptions): ClientVerification {
  let leaf: X509Certificate | undefined;
  let presented: X509Certificate[];
  try {
    leaf = toX509(chain.leaf);
    presented = (chain.intermediates ?? []).map(toX509).filter((cert): cert is X509Certificate => cert !== undefined);
  } catch {
    return reject('HALONG_PKI_CERT_MALFORMED');
  }
  if (leaf === undefined) return reject('HALONG_PKI_NO_CERTIFICATE');
  const built = buildCertificatePath(leaf, presented, options.trustBundle);
  if (!built.ok) {
    return built.signedButInvalid
      ? reject('HALONG_PKI_CERT_MALFORMED', 'A Halong CA key signed it, but its structure is invalid (e.g. a repeated extension).')
      : reject('HALONG_PKI_FOREIGN_CA', `Issuer: ${leaf.issuer.replaceAll('\n', ', ')}.`);
  }
  const path = built.path;
  if (leaf.ca) return reject('HALONG_PKI_CA_AS_LEAF');
  let uris: string[];
  try {
    const timeFailure = checkTimes(path, options.now);
    if (timeFailure !== undefined) return timeFailure;
    uris = uriSans(leaf);
  } catch {
    return reject('HALONG_PKI_CERT_MALFORMED');
  }
  if (uris.length === 0) return reject('HALONG_PKI_NO_URI_SAN');
  if (uris.length > 1) return reject('HALONG_PKI_MULTIPLE_URI_SANS', `It has ${uris.length}.`);
  const spiffeId = uris[0];
  let identity: WorkloadIdentity;
  try {
    identity = parseSpiffeId(spiffeId);
  } catch (error) {
    return reject('HALONG_PKI_MALFORMED_SPIFFE_ID', (error as Error).message);
  }
  if (identity.trustDomain !== options.trustDomain) return reject('HALONG_PKI_WRONG_TRUST_DOMAIN', `Expected ${options.trustDomain}, got ${identity.trustDomain}.`);
  const serial = normalizeSerialNumber(leaf.serialNumber);
  const denylist = options.denylist;
  if (denylist !== undefined) {
    if (denylist.spiffeIds.has(spiffeId)) return reject('HALONG_PKI_CERT_REVOKED', `Identity ${spiffeId} is revoked.`);
    const revoked = path.slice(0, -1).find((cert) => denylist.serials.has(normalizeSerialNumber(cert.serialNumber)));
    if (revoked !== undefined) return reject('HALONG_PKI_CERT_REVOKED', `Serial ${normalizeSerialNumber(revoked.serialNumber)} is revoked.`);
  }
  return {
    ok: true,
    spiffeId,
    kind: identity.kind,
    site: identity.site,
    name: identity.name,
    serial,
    notAfter: validity(leaf).notAfter,
    fingerprintSha256: certificateThumbprint(leaf.raw),
  };
}
