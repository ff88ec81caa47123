// The policy engine's shared state in OpenSearch (accounts, refresh tokens, join tokens, issued
// certificates), adapted to what the service and routes need.
import type { OpenSearchClient } from '@halong/core/node';
import type { IssuedRecord } from '../http/enrolment-routes';
import type { JoinTokenService } from '../enrolment/join-token-service';
import type { IssuedCertificateRegistry } from '../stores/certificate-registry';
import type { RevocationReason } from '../pki/revocation-store';
import type { PolicyServiceOptions } from '../service/policy-service';

/** The registry with ISO times, as the HTTP layer speaks. */
export function identitiesOver(registry: IssuedCertificateRegistry): PolicyServiceOptions['identities'] {
  const toRecord = (e: Awaited<ReturnType<IssuedCertificateRegistry['get']>> & object): IssuedRecord & { revokedAt?: string; revocationReason?: string } => ({
    serial: e.serial,
    spiffeId: e.spiffeId,
    kind: e.kind,
    site: e.site,
    name: e.name,
    notBefore: e.notBefore.toISOString(),
    notAfter: e.notAfter.toISOString(),
    issuedAt: e.issuedAt.toISOString(),
    enrolledWith: e.enrolledWith,
    ...(e.joinTokenId ? { joinTokenId: e.joinTokenId } : {}),
    ...(e.revokedAt ? { revokedAt: e.revokedAt.toISOString(), revocationReason: e.revocationReason } : {}),
  });
  return {
    record: (r) =>
      registry.record({
        serial: r.serial,
        spiffeId: r.spiffeId,
        kind: r.kind as never,
        site: r.site,
        name: r.name,
        notBefore: new Date(r.notBefore),
        notAfter: new Date(r.notAfter),
        issuedAt: new Date(r.issuedAt),
        enrolledWith: r.enrolledWith,
        ...(r.joinTokenId ? { joinTokenId: r.joinTokenId } : {}),
      }),
    get: async (serial) => {
      const e = await registry.get(serial);
      return e ? toRecord(e) : undefined;
    },
    list: async (filter) => (await registry.list({ ...filter, kind: filter.kind as never })).map(toRecord),
    markRevoked: async (serial, reason, at) => void (await registry.markRevoked(serial, reason as RevocationReason, at)),
  };
}

/** Join tokens as the service needs them. */
export function joinTokensOver(service: JoinTokenService): PolicyServiceOptions['joinTokens'] {
  return {
    issue: (input) => service.issue(input),
    redeem: async (token) => {
      const r = await service.redeem(token);
      return { identity: r.identity, tokenId: r.id };
    },
    list: () => service.list(),
    revoke: (id) => service.revoke(id),
  };
}

export type { OpenSearchClient };
