// Enrolment and renewal of workload certificates, and what outside TLS peers need to trust and
// check Halong identities (trust bundle PEM and JWKS, CRL). All public: the join token or the
// current certificate is the credential, and the rest is published material.
import { X509Certificate } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { HalongServer } from '@halong/core/node';
import { readClientCertificate } from '@halong/core/node';
import type { CertificateAuthority } from '../pki/certificate-authority';
import type { SignedCrl } from '../pki/create-crl';
import type { Denylist } from '../pki/denylist';
import { issueWorkloadCertificate } from '../pki/issue-workload-certificate';
import type { IssuedWorkloadCertificate } from '../pki/issue-workload-certificate';
import { MAX_CSR_LENGTH, readCsr } from '../pki/read-csr';
import { renewWorkloadCertificate } from '../pki/renew-workload-certificate';
import { parseSpiffeId } from '../pki/spiffe-id';
import type { WorkloadName } from '../pki/spiffe-id';
import { trustBundlePem } from '../pki/trust-bundle';
import { trustBundleJwks } from '../pki/trust-bundle-jwks';
import type { EnrolmentKind } from '../stores/certificate-registry';
import { httpError, mapErrors } from './http-errors';

/** A record of an issued certificate, as the registry keeps it. */
export interface IssuedRecord {
  serial: string;
  spiffeId: string;
  kind: string;
  site: string;
  name: string;
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  enrolledWith: EnrolmentKind;
  joinTokenId?: string;
}

export interface EnrolmentRoutesOptions {
  ca: () => CertificateAuthority;
  /** Redeems a one-time join token for the identity it was made for (throws HALONG_ENROL_* errors). */
  redeemJoinToken: (token: string) => Promise<{ identity: WorkloadName; tokenId: string }>;
  recordIssued: (record: IssuedRecord) => Promise<void>;
  denylist: Denylist;
  certLifetimeMs: number;
  crl: () => Promise<SignedCrl>;
  clock: () => Date;
}

const CertificateResponse = Type.Object({
  spiffe_id: Type.String(),
  serial: Type.String(),
  not_before: Type.String(),
  not_after: Type.String(),
  certificate: Type.String(),
  chain: Type.String(),
  trust_bundle: Type.String(),
});

const Csr = Type.String({ minLength: 1, maxLength: MAX_CSR_LENGTH });

function answer(ca: CertificateAuthority, issued: IssuedWorkloadCertificate) {
  return {
    spiffe_id: issued.spiffeId,
    serial: issued.serialNumber,
    not_before: issued.notBefore.toISOString(),
    not_after: issued.notAfter.toISOString(),
    certificate: issued.certificatePem,
    chain: issued.chainPem,
    trust_bundle: trustBundlePem(ca),
  };
}

/** The registry's record of a certificate the CA issued (by enrolment, renewal, or to Halong itself). */
export function issuedRecord(issued: IssuedWorkloadCertificate, identity: WorkloadName, enrolledWith: IssuedRecord['enrolledWith'], issuedAt: Date, joinTokenId?: string): IssuedRecord {
  return {
    serial: issued.serialNumber,
    spiffeId: issued.spiffeId,
    ...identity,
    notBefore: issued.notBefore.toISOString(),
    notAfter: issued.notAfter.toISOString(),
    issuedAt: issuedAt.toISOString(),
    enrolledWith,
    ...(joinTokenId ? { joinTokenId } : {}),
  };
}

const enrolmentRoutes: FastifyPluginAsync<EnrolmentRoutesOptions> = async (fastify, o) => {
  const app = fastify as unknown as HalongServer;
  const record = (issued: IssuedWorkloadCertificate, identity: WorkloadName, enrolledWith: IssuedRecord['enrolledWith'], joinTokenId?: string) =>
    o.recordIssued(issuedRecord(issued, identity, enrolledWith, o.clock(), joinTokenId));

  app.post(
    '/pki/v1/enrol',
    {
      config: { access: 'public' },
      schema: { body: Type.Object({ join_token: Type.String({ minLength: 1, maxLength: 512 }), csr: Csr }), response: { 200: CertificateResponse } },
    },
    async (request) =>
      mapErrors(async () => {
        // The CSR is checked before the token is spent, so a typo does not burn a one-time token.
        await readCsr(request.body.csr);
        const { identity, tokenId } = await o.redeemJoinToken(request.body.join_token);
        const ca = o.ca();
        const issued = await issueWorkloadCertificate({ ca, csrPem: request.body.csr, identity, now: o.clock(), lifetimeMs: o.certLifetimeMs });
        await record(issued, identity, 'join-token', tokenId);
        request.log.info({ spiffeId: issued.spiffeId, serial: issued.serialNumber, tokenId }, 'workload enrolled');
        return answer(ca, issued);
      }),
  );

  app.post(
    '/pki/v1/renew',
    { config: { access: 'public' }, schema: { body: Type.Object({ csr: Csr }), response: { 200: CertificateResponse } } },
    async (request) =>
      mapErrors(async () => {
        // The certificate comes from the TLS session (the peer proved its key), never from the body.
        const presented = readClientCertificate(request);
        if (!presented) throw httpError(401, 'HALONG_PKI_NO_CERTIFICATE', 'Renewal needs the current certificate on the TLS connection.');
        const [leaf, ...intermediates] = presented.chain;
        const ca = o.ca();
        const issued = await renewWorkloadCertificate({
          ca,
          currentCertificate: leaf!,
          intermediates,
          csrPem: request.body.csr,
          now: o.clock(),
          denylist: o.denylist,
          lifetimeMs: o.certLifetimeMs,
        });
        const { kind, site, name } = parseSpiffeId(issued.spiffeId);
        await record(issued, { kind, site, name }, 'renewal');
        request.log.info({ spiffeId: issued.spiffeId, serial: issued.serialNumber, previous: new X509Certificate(leaf!).serialNumber }, 'workload renewed');
        return answer(ca, issued);
      }),
  );

  app.get('/pki/v1/trust-bundle.pem', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('application/pem-certificate-chain').send(trustBundlePem(o.ca())),
  );
  app.get('/pki/v1/trust-bundle.jwks', { config: { access: 'public' } }, async () => trustBundleJwks(o.ca()));
  app.get('/pki/v1/crl', { config: { access: 'public' } }, async (request, reply) => {
    const crl = await o.crl();
    const pem = /pem/.test(String(request.headers.accept ?? ''));
    return reply
      .type(pem ? 'application/x-pem-file' : 'application/pkix-crl')
      .header('cache-control', 'max-age=60')
      .send(pem ? crl.pem : crl.der);
  });
};

export { enrolmentRoutes };
