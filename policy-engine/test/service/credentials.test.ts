import { X509Certificate } from 'node:crypto';
import { certificateThumbprint } from '@halong/core/node';
import type { PresentedCertificate } from '@halong/core/node';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import { parseTrustBundle, trustBundlePem } from '../../src/pki/trust-bundle';
import { controlDenylist, revocationId } from '../../src/service/control-state';
import { createBearerVerifier, createCertificateVerifier } from '../../src/service/credentials';
import { KEYGEN_TIMEOUT_MS, NOW, makeCa, webCsr } from '../pki/support/fixtures';
import { AUDIENCE, ISSUER, claims, headerFor, makeKey, signCompact, verifierFor } from '../tokens/fixtures';
import { createMemoryControl } from '../support/memory-control';

function presented(chainPem: string): PresentedCertificate {
  const ders = chainPem.split(/(?=-----BEGIN CERTIFICATE-----)/).map((pem) => new X509Certificate(pem).raw);
  return { chain: ders, thumbprint: certificateThumbprint(ders[0]!) };
}

describe('certificate verifier', () => {
  let ca: NewCertificateAuthority;
  let foreign: NewCertificateAuthority;
  beforeAll(async () => {
    [ca, foreign] = await Promise.all([makeCa(), makeCa('other.example')]);
  }, KEYGEN_TIMEOUT_MS);

  const issue = async (authority: NewCertificateAuthority, name = 'c1') =>
    issueWorkloadCertificate({ ca: authority, csrPem: (await webCsr('ec')).csrPem, identity: { kind: 'collector', site: 'hue', name }, now: NOW });

  it('proves a Halong workload and names its kind, SPIFFE id, site and host', async () => {
    const control = createMemoryControl(() => NOW);
    const verify = createCertificateVerifier({ trustBundle: () => parseTrustBundle(trustBundlePem(ca)), trustDomain: 'halong.local', denylist: controlDenylist(control, () => NOW), clock: () => NOW });
    const cert = await issue(ca);
    const result = await verify(presented(cert.chainPem));
    expect(result).toEqual({
      ok: true,
      principal: {
        type: 'collector',
        id: 'spiffe://halong.local/collector/hue/c1',
        properties: { site: 'hue', name: 'c1', host: 'c1', serial: cert.serialNumber, x5t: cert.fingerprintSha256, auth: 'mtls' },
      },
    });
  });

  it('refuses a revoked certificate on the next call, without rebuilding anything', async () => {
    const control = createMemoryControl(() => NOW);
    const verify = createCertificateVerifier({ trustBundle: () => parseTrustBundle(trustBundlePem(ca)), trustDomain: 'halong.local', denylist: controlDenylist(control, () => NOW), clock: () => NOW });
    const cert = await issue(ca, 'c2');
    expect((await verify(presented(cert.chainPem))).ok).toBe(true);
    await control.set({ kind: 'revocation', id: revocationId('serial', cert.serialNumber), data: { type: 'serial', value: cert.serialNumber, reason: 'keyCompromise', revokedAt: NOW.toISOString() }, at: NOW.toISOString(), by: 'admin', until: cert.notAfter.toISOString() });
    expect(await verify(presented(cert.chainPem))).toMatchObject({ ok: false, code: 'HALONG_PKI_CERT_REVOKED' });
  });

  it('refuses a certificate of a foreign CA and garbage bytes', async () => {
    const verify = createCertificateVerifier({ trustBundle: () => parseTrustBundle(trustBundlePem(ca)), trustDomain: 'halong.local', denylist: controlDenylist(createMemoryControl(), () => NOW), clock: () => NOW });
    const cert = await issue(foreign);
    expect(await verify(presented(cert.chainPem))).toMatchObject({ ok: false, code: 'HALONG_PKI_FOREIGN_CA' });
    expect(await verify({ chain: [Buffer.from('junk')], thumbprint: 'x' })).toMatchObject({ ok: false, code: 'HALONG_PKI_NO_CERTIFICATE' });
  });
});

describe('bearer verifier', () => {
  const key = makeKey('ES256', 'k1');
  const otherKey = makeKey('ES256', 'k2');
  const halong = verifierFor([key]);
  const oidc = verifierFor([otherKey], { issuer: 'https://idp.example', audience: 'halong' });
  const verify = createBearerVerifier([halong, oidc]);

  it('routes a token to the verifier of its issuer and builds a user principal', async () => {
    const result = await verify(signCompact(headerFor(key), claims(), key), undefined);
    expect(result).toEqual({
      ok: true,
      principal: { type: 'user', id: 'local:lan', properties: { roles: ['soc-analyst'], groups: ['soc-hanoi'], site: 'hanoi', jti: 'jti-0001', iss: ISSUER, auth: 'bearer' } },
    });
    const fromIdp = await verify(signCompact(headerFor(otherKey), claims({ iss: 'https://idp.example', aud: 'halong' }), otherKey), undefined);
    expect(fromIdp).toMatchObject({ ok: true, principal: { properties: { iss: 'https://idp.example' } } });
  });

  it('denies an unknown issuer, a token signed by another issuer’s key, and garbage', async () => {
    expect(await verify(signCompact(headerFor(key), claims({ iss: 'https://evil.example' }), key), undefined)).toMatchObject({ ok: false, code: 'HALONG_TOKEN_ISSUER' });
    // Claims the IdP but is signed with Halong's key: the IdP verifier does not know that kid.
    expect(await verify(signCompact(headerFor(key), claims({ iss: 'https://idp.example', aud: 'halong' }), key), undefined)).toMatchObject({ ok: false, code: 'HALONG_TOKEN_UNKNOWN_KID' });
    expect(await verify('not.a.jwt', undefined)).toMatchObject({ ok: false, code: 'HALONG_TOKEN_ISSUER' });
    expect(AUDIENCE).toBe('halong-api');
  });

  it('passes the presented certificate so a bound token is refused without it', async () => {
    const bound = signCompact(headerFor(key), claims({ cnf: { 'x5t#S256': 'A'.repeat(43) } }), key);
    expect(await verify(bound, undefined)).toMatchObject({ ok: false, code: 'HALONG_TOKEN_CERT_BINDING' });
    expect(await verify(bound, { chain: [], thumbprint: 'A'.repeat(43) })).toMatchObject({ ok: true });
  });
});
