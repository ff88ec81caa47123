import { X509Certificate, createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import { parseTrustBundle, trustBundlePem } from '../../src/pki/trust-bundle';
import { trustBundleJwks } from '../../src/pki/trust-bundle-jwks';
import { KEYGEN_TIMEOUT_MS, makeCa, NOW, webCsr } from './support/fixtures';
import { Scratch, countOf, epochSeconds, openssl } from './support/openssl';

let ca: NewCertificateAuthority;
let scratch: Scratch;
beforeAll(async () => {
  ca = await makeCa();
  scratch = new Scratch();
}, KEYGEN_TIMEOUT_MS);
afterAll(() => scratch.remove());

const spki = (key: ReturnType<typeof createPublicKey>): Buffer => key.export({ type: 'spki', format: 'der' });

describe('trustBundlePem', () => {
  it('holds the root then the intermediate, and lets openssl verify an issued certificate', async () => {
    const pem = trustBundlePem(ca);
    expect(countOf(pem, '-----BEGIN CERTIFICATE-----')).toBe(2);
    expect(pem.indexOf(ca.rootCertificatePem.trim())).toBe(0);
    const issued = await issueWorkloadCertificate({ ca, csrPem: (await webCsr('ec')).csrPem, identity: { kind: 'service', site: 'core', name: 'api' }, now: NOW });
    const result = openssl(['verify', '-attime', epochSeconds(NOW), '-CAfile', scratch.write('bundle.pem', pem), scratch.write('leaf.pem', issued.certificatePem)]);
    expect(result.stdout).toMatch(/: OK\n$/);
  });
});

describe('parseTrustBundle', () => {
  it('sorts self-signed CAs into roots and the rest into intermediates', () => {
    const bundle = parseTrustBundle(trustBundlePem(ca));
    expect(bundle.roots.map((cert) => cert.subject)).toEqual(['O=Halong\nCN=Halong Root CA']);
    expect(bundle.intermediates.map((cert) => cert.subject)).toEqual(['O=Halong\nCN=Halong Intermediate CA']);
  });

  it.each([
    ['an empty bundle', () => ''],
    ['an intermediate without its root', () => ca.intermediate.certificatePem],
    ['garbage between the markers', () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
  ])('refuses %s with HALONG_PKI_BUNDLE_INVALID', (_label, pem) => {
    expect(() => parseTrustBundle(pem())).toThrow(expect.objectContaining({ code: 'HALONG_PKI_BUNDLE_INVALID' }));
  });

  it('refuses a non-CA certificate in the bundle', async () => {
    const issued = await issueWorkloadCertificate({ ca, csrPem: (await webCsr('ec')).csrPem, identity: { kind: 'service', site: 'core', name: 'api' }, now: NOW });
    expect(() => parseTrustBundle(`${ca.rootCertificatePem}${issued.certificatePem}`)).toThrow(expect.objectContaining({ code: 'HALONG_PKI_BUNDLE_INVALID' }));
  });
});

describe('trustBundleJwks', () => {
  it('publishes root and intermediate keys as SPIFFE x509-svid JWKs with x5c and thumbprint kids', async () => {
    const jwks = await trustBundleJwks(ca);
    expect(jwks.keys).toHaveLength(2);
    const pems = [ca.rootCertificatePem, ca.intermediate.certificatePem];
    for (const [index, jwk] of jwks.keys.entries()) {
      const cert = new X509Certificate(pems[index]!);
      expect(jwk.kty).toBe('RSA');
      expect(jwk.use).toBe('x509-svid');
      expect(jwk.x5c).toEqual([cert.raw.toString('base64')]);
      expect(jwk.kid).toBe(await calculateJwkThumbprint({ kty: 'RSA', n: jwk.n!, e: jwk.e! }, 'sha256'));
      expect(spki(createPublicKey({ key: { kty: jwk.kty, n: jwk.n!, e: jwk.e! }, format: 'jwk' }))).toEqual(spki(cert.publicKey));
      expect(Object.keys(jwk)).not.toContain('d');
    }
    expect(jwks.keys[0]!.kid).not.toBe(jwks.keys[1]!.kid);
    expect(JSON.parse(JSON.stringify(jwks))).toEqual(jwks);
  });

  it('carries certificates openssl reads back', async () => {
    const jwks = await trustBundleJwks(ca);
    const der = Buffer.from(jwks.keys[0]!.x5c[0], 'base64');
    const text = openssl(['x509', '-inform', 'DER', '-noout', '-subject'], der).stdout;
    expect(text.trim()).toBe('subject=O = Halong, CN = Halong Root CA');
  });
});
