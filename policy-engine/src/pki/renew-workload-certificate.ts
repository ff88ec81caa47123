import type { CertificateAuthority } from './certificate-authority';
import type { CertificateInput } from './certificate-input';
import type { Denylist } from './denylist';
import { PkiError } from './errors';
import { issueWorkloadCertificate } from './issue-workload-certificate';
import type { IssuedWorkloadCertificate } from './issue-workload-certificate';
import { parseTrustBundle, trustBundlePem } from './trust-bundle';
import type { TrustBundle } from './trust-bundle';
import { verifyClientCertificate } from './verify-client-certificate';

/** Options of `renewWorkloadCertificate`. */
export interface RenewWorkloadOptions {
  readonly ca: CertificateAuthority;
  /**
   * The certificate being renewed. Take it from the TLS session (the peer proved it holds its key),
   * never from a request body.
   */
  readonly currentCertificate: CertificateInput;
  /** Intermediates the peer presented, e.g. one retired since the current certificate was issued. */
  readonly intermediates?: readonly CertificateInput[];
  readonly csrPem: string;
  readonly now: Date;
  readonly denylist?: Denylist;
  readonly lifetimeMs?: number;
  /** Defaults to the CA's own root and intermediate. */
  readonly trustBundle?: TrustBundle;
}

const bundles = new WeakMap<CertificateAuthority, TrustBundle>();

function ownBundle(ca: CertificateAuthority): TrustBundle {
  let bundle = bundles.get(ca);
  if (bundle === undefined) {
    bundle = parseTrustBundle(trustBundlePem(ca));
    bundles.set(ca, bundle);
  }
  return bundle;
}

/**
 * Issues a new certificate for the identity of a current, still valid and unrevoked certificate,
 * for the key in a new CSR. The current certificate passes the same checks as a client certificate
 * (`verifyClientCertificate`); a refusal throws `PkiError` with that check's code, e.g.
 * `HALONG_PKI_CERT_EXPIRED` or `HALONG_PKI_CERT_REVOKED` (an expired identity must enrol again).
 */
export async function renewWorkloadCertificate(options: RenewWorkloadOptions): Promise<IssuedWorkloadCertificate> {
  const current = verifyClientCertificate(
    { leaf: options.currentCertificate, intermediates: options.intermediates },
    { trustBundle: options.trustBundle ?? ownBundle(options.ca), trustDomain: options.ca.trustDomain, now: options.now, denylist: options.denylist },
  );
  if (!current.ok) throw new PkiError(current.code, `Renewal refused: ${current.reason}`);
  return issueWorkloadCertificate({
    ca: options.ca,
    csrPem: options.csrPem,
    identity: { kind: current.kind, site: current.site, name: current.name },
    now: options.now,
    lifetimeMs: options.lifetimeMs,
  });
}
