import type { VerifyCertificate } from '@halong/core/node';
import type { TrustBundle } from '../../../src/pki/trust-bundle';
import { verifyClientCertificate } from '../../../src/pki/verify-client-certificate';

/**
 * Adapts the Halong CA's `verifyClientCertificate` to the PEP's `VerifyCertificate`: a workload
 * becomes a principal named by its SPIFFE id, with its site and name as properties.
 */
export function halongCertificateVerifier(options: { trustBundle: TrustBundle; trustDomain: string; clock?: () => Date }): VerifyCertificate {
  const clock = options.clock ?? (() => new Date());
  return async (presented) => {
    const [leaf, ...intermediates] = presented.chain;
    const result = verifyClientCertificate({ leaf, intermediates }, { trustBundle: options.trustBundle, trustDomain: options.trustDomain, now: clock() });
    if (!result.ok) return { ok: false, code: result.code, reason: result.reason };
    return {
      ok: true,
      principal: { type: result.kind, id: result.spiffeId, properties: { spiffe_id: result.spiffeId, site: result.site, name: result.name, serial: result.serial } },
    };
  };
}
