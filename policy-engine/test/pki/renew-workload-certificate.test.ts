import { X509Certificate } from 'node:crypto';
import { createIntermediateCa } from '../../src/pki/create-ca';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import type { IssuedWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import { renewWorkloadCertificate } from '../../src/pki/renew-workload-certificate';
import { RevocationStore } from '../../src/pki/revocation-store';
import { HOUR_MS } from '../../src/pki/time';
import { at, KEYGEN_TIMEOUT_MS, makeCa, NOW, TRUST_DOMAIN, webCsr } from './support/fixtures';
import { Scratch, epochSeconds, openssl } from './support/openssl';

let ca: NewCertificateAuthority;
let foreign: NewCertificateAuthority;
let current: IssuedWorkloadCertificate;
let newCsr: string;
let scratch: Scratch;
const identity = { kind: 'collector' as const, site: 'quangninh', name: 'fw-gw-2' };

beforeAll(async () => {
  [ca, foreign] = await Promise.all([makeCa(), makeCa()]);
  current = await issueWorkloadCertificate({ ca, csrPem: (await webCsr('ec')).csrPem, identity, now: NOW });
  newCsr = (await webCsr('ec')).csrPem;
  scratch = new Scratch();
}, KEYGEN_TIMEOUT_MS);
afterAll(() => scratch.remove());

describe('renewWorkloadCertificate', () => {
  it('issues a new certificate for the same identity and the new key, before the current one expires', async () => {
    const later = at(9 * HOUR_MS);
    const renewed = await renewWorkloadCertificate({ ca, currentCertificate: current.certificatePem, csrPem: newCsr, now: later, lifetimeMs: 6 * HOUR_MS });
    expect(renewed.spiffeId).toBe(current.spiffeId);
    expect(renewed.serialNumber).not.toBe(current.serialNumber);
    expect(renewed.notAfter).toEqual(at(15 * HOUR_MS));
    expect(new X509Certificate(renewed.certificatePem).publicKey.export({ type: 'spki', format: 'der' })).not.toEqual(
      new X509Certificate(current.certificatePem).publicKey.export({ type: 'spki', format: 'der' }),
    );
    const root = scratch.write('root.pem', ca.rootCertificatePem);
    const chain = scratch.write('intermediate.pem', ca.intermediate.certificatePem);
    expect(openssl(['verify', '-attime', epochSeconds(later), '-CAfile', root, '-untrusted', chain, scratch.write('renewed.pem', renewed.certificatePem)]).status).toBe(0);
  });

  it('refuses an expired current certificate with HALONG_PKI_CERT_EXPIRED', async () => {
    const afterExpiry = new Date(current.notAfter.getTime() + 1000);
    await expect(renewWorkloadCertificate({ ca, currentCertificate: current.certificatePem, csrPem: newCsr, now: afterExpiry })).rejects.toMatchObject({
      code: 'HALONG_PKI_CERT_EXPIRED',
      message: expect.stringContaining('Renewal refused'),
    });
  });

  it('refuses a revoked current certificate, by serial or by identity, with HALONG_PKI_CERT_REVOKED', async () => {
    const bySerial = new RevocationStore();
    bySerial.revokeCertificate(current.certificatePem, { reason: 'keyCompromise', revokedAt: NOW });
    await expect(renewWorkloadCertificate({ ca, currentCertificate: current.certificatePem, csrPem: newCsr, now: NOW, denylist: bySerial })).rejects.toMatchObject({ code: 'HALONG_PKI_CERT_REVOKED' });
    const byIdentity = new RevocationStore();
    byIdentity.revokeSpiffeId(current.spiffeId, { reason: 'privilegeWithdrawn', revokedAt: NOW, expiresAt: at(24 * HOUR_MS) });
    await expect(renewWorkloadCertificate({ ca, currentCertificate: current.certificatePem, csrPem: newCsr, now: NOW, denylist: byIdentity })).rejects.toMatchObject({ code: 'HALONG_PKI_CERT_REVOKED' });
  });

  it('refuses a certificate from a foreign CA with HALONG_PKI_FOREIGN_CA', async () => {
    const alien = await issueWorkloadCertificate({ ca: foreign, csrPem: newCsr, identity, now: NOW });
    await expect(renewWorkloadCertificate({ ca, currentCertificate: alien.chainPem, csrPem: newCsr, now: NOW })).rejects.toMatchObject({ code: 'HALONG_PKI_FOREIGN_CA' });
  });

  it('refuses a missing certificate with HALONG_PKI_NO_CERTIFICATE', async () => {
    await expect(renewWorkloadCertificate({ ca, currentCertificate: '', csrPem: newCsr, now: NOW })).rejects.toMatchObject({ code: 'HALONG_PKI_NO_CERTIFICATE' });
  });

  it('still validates the new CSR', async () => {
    await expect(renewWorkloadCertificate({ ca, currentCertificate: current.certificatePem, csrPem: 'nope', now: NOW })).rejects.toMatchObject({ code: 'HALONG_PKI_CSR_MALFORMED' });
  });

  it('renews across an intermediate rotation when the peer presents the retired intermediate', async () => {
    const rotated = { ...ca, intermediate: createIntermediateCa({ trustDomain: TRUST_DOMAIN, root: ca.root, now: NOW }) };
    await expect(renewWorkloadCertificate({ ca: rotated, currentCertificate: current.certificatePem, csrPem: newCsr, now: NOW })).rejects.toMatchObject({ code: 'HALONG_PKI_FOREIGN_CA' });
    const renewed = await renewWorkloadCertificate({ ca: rotated, currentCertificate: current.certificatePem, intermediates: [ca.intermediate.certificatePem], csrPem: newCsr, now: NOW });
    expect(new X509Certificate(renewed.certificatePem).checkIssued(new X509Certificate(rotated.intermediate.certificatePem))).toBe(true);
  }, KEYGEN_TIMEOUT_MS);
});
