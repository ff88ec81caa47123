import { X509Certificate } from 'node:crypto';
import { createIntermediateCa } from '../../src/pki/create-ca';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import type { IssuedWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import { normalizeSerialNumber } from '../../src/pki/serial-number';
import { HOUR_MS } from '../../src/pki/time';
import { parseTrustBundle, trustBundlePem } from '../../src/pki/trust-bundle';
import type { TrustBundle } from '../../src/pki/trust-bundle';
import { verifyClientCertificate } from '../../src/pki/verify-client-certificate';
import type { ClientChain, ClientVerification } from '../../src/pki/verify-client-certificate';
import { at, KEYGEN_TIMEOUT_MS, makeCa, NOW, signCustom, TRUST_DOMAIN, webCsr } from './support/fixtures';

let ca: NewCertificateAuthority;
let foreign: NewCertificateAuthority;
let bundle: TrustBundle;
let leaf: IssuedWorkloadCertificate;
let csrPem: string;

beforeAll(async () => {
  // Same trust domain, same names, other keys: only signatures tell them apart.
  [ca, foreign] = await Promise.all([makeCa(), makeCa()]);
  bundle = parseTrustBundle(trustBundlePem(ca));
  csrPem = (await webCsr('ec')).csrPem;
  leaf = await issueWorkloadCertificate({ ca, csrPem, identity: { kind: 'device', site: 'haiphong', name: 'cam-42' }, now: NOW });
}, KEYGEN_TIMEOUT_MS);

const check = (chain: ClientChain, now = NOW, denylist?: { serials: Set<string>; spiffeIds: Set<string> }): ClientVerification =>
  verifyClientCertificate(chain, { trustBundle: bundle, trustDomain: TRUST_DOMAIN, now, denylist });
const codeOf = (result: ClientVerification): string => (result.ok ? 'ok' : result.code);
const uri = (value: string): { type: 'url'; value: string } => ({ type: 'url', value });

describe('verifyClientCertificate accepts', () => {
  it('a Halong workload certificate, and reports the identity it proves', () => {
    const result = check({ leaf: leaf.certificatePem });
    expect(result).toEqual({
      ok: true,
      spiffeId: 'spiffe://halong.local/device/haiphong/cam-42',
      kind: 'device',
      site: 'haiphong',
      name: 'cam-42',
      serial: leaf.serialNumber,
      notAfter: leaf.notAfter,
      fingerprintSha256: leaf.fingerprintSha256,
    });
  });

  it('DER bytes and parsed certificates, as a TLS socket hands them over', () => {
    const cert = new X509Certificate(leaf.certificatePem);
    expect(codeOf(check({ leaf: cert.raw }))).toBe('ok');
    expect(codeOf(check({ leaf: cert }))).toBe('ok');
  });

  it('a chain completed by a presented intermediate when the bundle holds only the root', () => {
    const rootOnly = parseTrustBundle(ca.rootCertificatePem);
    const verify = (chain: ClientChain): ClientVerification => verifyClientCertificate(chain, { trustBundle: rootOnly, trustDomain: TRUST_DOMAIN, now: NOW });
    expect(codeOf(verify({ leaf: leaf.certificatePem }))).toBe('HALONG_PKI_FOREIGN_CA');
    expect(codeOf(verify({ leaf: leaf.certificatePem, intermediates: [ca.intermediate.certificatePem] }))).toBe('ok');
  });

  it('at both ends of the validity period', () => {
    expect(codeOf(check({ leaf: leaf.certificatePem }, leaf.notBefore))).toBe('ok');
    expect(codeOf(check({ leaf: leaf.certificatePem }, leaf.notAfter))).toBe('ok');
  });
});

describe('verifyClientCertificate refuses, each with its own code', () => {
  it.each([undefined, null, '', new Uint8Array(0)])('no certificate (%p) → HALONG_PKI_NO_CERTIFICATE', (input) => {
    const result = check({ leaf: input });
    expect(result).toEqual({ ok: false, code: 'HALONG_PKI_NO_CERTIFICATE', reason: 'No client certificate was presented.' });
  });

  it('bytes that are not a certificate → HALONG_PKI_CERT_MALFORMED', () => {
    expect(codeOf(check({ leaf: Buffer.from('not a certificate') }))).toBe('HALONG_PKI_CERT_MALFORMED');
    expect(codeOf(check({ leaf: leaf.certificatePem, intermediates: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'] }))).toBe('HALONG_PKI_CERT_MALFORMED');
  });

  it('a certificate from a foreign CA, even with the foreign intermediate presented → HALONG_PKI_FOREIGN_CA', async () => {
    const alien = await issueWorkloadCertificate({ ca: foreign, csrPem, identity: { kind: 'device', site: 'haiphong', name: 'cam-42' }, now: NOW });
    const result = check({ leaf: alien.certificatePem, intermediates: [foreign.intermediate.certificatePem] });
    expect(codeOf(result)).toBe('HALONG_PKI_FOREIGN_CA');
    expect(result.ok ? '' : result.reason).toContain('Halong Intermediate CA');
  });

  it('a certificate signed by a workload key, not a CA → HALONG_PKI_FOREIGN_CA', async () => {
    const workload = await signCustom({ issuer: ca.intermediate, keyType: 'rsa', sans: [[uri('spiffe://halong.local/device/a/b')]] });
    const minted = await signCustom({ issuer: workload, sans: [[uri('spiffe://halong.local/service/core/admin')]] });
    expect(codeOf(check({ leaf: workload.certificatePem }))).toBe('ok');
    expect(codeOf(check({ leaf: minted.certificatePem, intermediates: [workload.certificatePem] }))).toBe('HALONG_PKI_FOREIGN_CA');
  });

  it('an expired certificate → HALONG_PKI_CERT_EXPIRED', () => {
    const result = check({ leaf: leaf.certificatePem }, new Date(leaf.notAfter.getTime() + 1000));
    expect(codeOf(result)).toBe('HALONG_PKI_CERT_EXPIRED');
    expect(result.ok ? '' : result.reason).toContain(leaf.notAfter.toISOString());
  });

  it('a certificate not valid yet → HALONG_PKI_CERT_NOT_YET_VALID', () => {
    expect(codeOf(check({ leaf: leaf.certificatePem }, new Date(leaf.notBefore.getTime() - 1000)))).toBe('HALONG_PKI_CERT_NOT_YET_VALID');
  });

  it('a valid leaf under an expired intermediate → HALONG_PKI_CERT_EXPIRED naming the CA', async () => {
    const shortLived = createIntermediateCa({ trustDomain: TRUST_DOMAIN, root: ca.root, now: NOW, lifetimeMs: HOUR_MS });
    const custom = await signCustom({ issuer: shortLived, sans: [[uri('spiffe://halong.local/device/a/b')]], notAfter: at(10 * HOUR_MS) });
    const result = check({ leaf: custom.certificatePem, intermediates: [shortLived.certificatePem] }, at(2 * HOUR_MS));
    expect(codeOf(result)).toBe('HALONG_PKI_CERT_EXPIRED');
    expect(result.ok ? '' : result.reason).toContain('CA certificate');
  }, KEYGEN_TIMEOUT_MS);

  it('a revoked serial, a revoked identity or a revoked intermediate → HALONG_PKI_CERT_REVOKED', () => {
    const none = new Set<string>();
    const intermediateSerial = normalizeSerialNumber(new X509Certificate(ca.intermediate.certificatePem).serialNumber);
    expect(codeOf(check({ leaf: leaf.certificatePem }, NOW, { serials: new Set([leaf.serialNumber]), spiffeIds: none }))).toBe('HALONG_PKI_CERT_REVOKED');
    expect(codeOf(check({ leaf: leaf.certificatePem }, NOW, { serials: none, spiffeIds: new Set(['spiffe://halong.local/device/haiphong/cam-42']) }))).toBe('HALONG_PKI_CERT_REVOKED');
    expect(codeOf(check({ leaf: leaf.certificatePem }, NOW, { serials: new Set([intermediateSerial]), spiffeIds: none }))).toBe('HALONG_PKI_CERT_REVOKED');
    expect(codeOf(check({ leaf: leaf.certificatePem }, NOW, { serials: new Set(['01']), spiffeIds: new Set(['spiffe://halong.local/device/haiphong/cam-43']) }))).toBe('ok');
  });

  it('no URI SAN → HALONG_PKI_NO_URI_SAN', async () => {
    const noSan = await signCustom({ issuer: ca.intermediate });
    const dnsOnly = await signCustom({ issuer: ca.intermediate, sans: [[{ type: 'dns', value: 'cam-42.halong.local' }]] });
    expect(codeOf(check({ leaf: noSan.certificatePem }))).toBe('HALONG_PKI_NO_URI_SAN');
    expect(codeOf(check({ leaf: dnsOnly.certificatePem }))).toBe('HALONG_PKI_NO_URI_SAN');
  });

  it('two URI SANs → HALONG_PKI_MULTIPLE_URI_SANS', async () => {
    const twoUris = await signCustom({ issuer: ca.intermediate, sans: [[uri('spiffe://halong.local/device/a/b'), uri('spiffe://halong.local/service/core/admin')]] });
    const result = check({ leaf: twoUris.certificatePem });
    expect(codeOf(result)).toBe('HALONG_PKI_MULTIPLE_URI_SANS');
    expect(result.ok ? '' : result.reason).toContain('It has 2.');
  });

  it('a second SAN extension hiding another URI → HALONG_PKI_CERT_MALFORMED (OpenSSL refuses repeated extensions)', async () => {
    const twoExtensions = await signCustom({ issuer: ca.intermediate, sans: [[uri('spiffe://halong.local/device/a/b')], [uri('spiffe://halong.local/service/core/admin')]] });
    const result = check({ leaf: twoExtensions.certificatePem });
    expect(codeOf(result)).toBe('HALONG_PKI_CERT_MALFORMED');
    expect(result.ok ? '' : result.reason).toContain('repeated extension');
  });

  it('a URI SAN plus DNS SANs is fine (SPIFFE allows other SAN types)', async () => {
    const mixed = await signCustom({ issuer: ca.intermediate, sans: [[{ type: 'dns', value: 'x.halong.local' }, uri('spiffe://halong.local/device/a/b')]] });
    expect(codeOf(check({ leaf: mixed.certificatePem }))).toBe('ok');
  });

  it('a SPIFFE ID of another trust domain → HALONG_PKI_WRONG_TRUST_DOMAIN', async () => {
    const other = await signCustom({ issuer: ca.intermediate, sans: [[uri('spiffe://other.gov/device/a/b')]] });
    const result = check({ leaf: other.certificatePem });
    expect(codeOf(result)).toBe('HALONG_PKI_WRONG_TRUST_DOMAIN');
    expect(result.ok ? '' : result.reason).toContain('other.gov');
  });

  it.each(['https://halong.local/device/a/b', 'spiffe://halong.local/device/a', 'spiffe://halong.local/admin/a/b', 'spiffe://halong.local/device/A/b'])(
    'the malformed SPIFFE ID %s → HALONG_PKI_MALFORMED_SPIFFE_ID',
    async (value) => {
      const custom = await signCustom({ issuer: ca.intermediate, sans: [[uri(value)]] });
      expect(codeOf(check({ leaf: custom.certificatePem }))).toBe('HALONG_PKI_MALFORMED_SPIFFE_ID');
    },
  );

  it('a CA certificate presented as a leaf → HALONG_PKI_CA_AS_LEAF', async () => {
    expect(codeOf(check({ leaf: ca.intermediate.certificatePem }))).toBe('HALONG_PKI_CA_AS_LEAF');
    expect(codeOf(check({ leaf: ca.rootCertificatePem }))).toBe('HALONG_PKI_CA_AS_LEAF');
    const subCa = await signCustom({ issuer: ca.intermediate, ca: true, sans: [[uri('spiffe://halong.local/device/a/b')]] });
    expect(codeOf(check({ leaf: subCa.certificatePem }))).toBe('HALONG_PKI_CA_AS_LEAF');
  });
});
