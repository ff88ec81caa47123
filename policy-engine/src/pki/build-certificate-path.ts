import type { X509Certificate } from 'node:crypto';
import type { TrustBundle } from './trust-bundle';

// Halong paths are leaf → intermediate → root; a little slack allows a retired intermediate.
const MAX_PATH_LENGTH = 4;

/** A path from a leaf to a trust anchor, or why there is none. */
export type CertificatePath =
  | { readonly ok: true; readonly path: readonly X509Certificate[] }
  /** `signedButInvalid`: a trusted key signed it, but OpenSSL refuses its structure (e.g. duplicate extensions). */
  | { readonly ok: false; readonly signedButInvalid: boolean };

const signedBy = (child: X509Certificate, parent: X509Certificate): boolean => {
  try {
    return child.verify(parent.publicKey);
  } catch {
    return false;
  }
};
// checkIssued compares names and key identifiers, requires keyCertSign, and fails for certificates OpenSSL marks invalid.
const issuedBy = (child: X509Certificate, parent: X509Certificate): boolean => child.checkIssued(parent) && signedBy(child, parent);

/**
 * The certification path from `leaf` to a root of `bundle`, leaf first and root last. Signatures
 * are checked, times are not (the caller reports expiry separately). Only CA certificates may sign:
 * a workload key cannot mint certificates.
 */
export function buildCertificatePath(leaf: X509Certificate, presented: readonly X509Certificate[], bundle: TrustBundle): CertificatePath {
  const pool = [...presented.filter((cert) => cert.ca), ...bundle.intermediates];
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_PATH_LENGTH; depth += 1) {
    const anchor = bundle.roots.find((root) => issuedBy(current, root));
    if (anchor !== undefined) return { ok: true, path: [...path, anchor] };
    const next = pool.find((candidate) => !path.includes(candidate) && issuedBy(current, candidate));
    if (next === undefined) {
      const signedButInvalid = [...bundle.roots, ...pool].some((candidate) => candidate.ca && signedBy(current, candidate));
      return { ok: false, signedButInvalid };
    }
    path.push(next);
    current = next;
  }
  return { ok: false, signedButInvalid: false };
}
