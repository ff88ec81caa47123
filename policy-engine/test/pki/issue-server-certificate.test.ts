import { X509Certificate } from 'node:crypto';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueServerCertificate } from '../../src/pki/issue-server-certificate';
import type { IssuedServerCertificate } from '../../src/pki/issue-server-certificate';
import { CLOCK_SKEW_MS, DAY_MS } from '../../src/pki/time';
import { parseTrustBundle, trustBundlePem } from '../../src/pki/trust-bundle';
import { verifyClientCertificate } from '../../src/pki/verify-client-certificate';
import { at, KEYGEN_TIMEOUT_MS, makeCa, NOW, TRUST_DOMAIN } from './support/fixtures';
import { Scratch, epochSeconds, openssl } from './support/openssl';

let ca: NewCertificateAuthority;
let server: IssuedServerCertificate;
let scratch: Scratch;
let verifyArgs: string[];

beforeAll(async () => {
  ca = await makeCa();
  server = issueServerCertificate({ ca, dnsNames: ['Halong.Local', 'localhost'], ipAddresses: ['127.0.0.1', '::1'], now: NOW });
  scratch = new Scratch();
  verifyArgs = ['verify', '-attime', epochSeconds(NOW), '-CAfile', scratch.write('root.pem', ca.rootCertificatePem), '-untrusted', scratch.write('int.pem', ca.intermediate.certificatePem)];
}, KEYGEN_TIMEOUT_MS);
afterAll(() => scratch.remove());

describe('issueServerCertificate', () => {
  it('issues a TLS server certificate openssl accepts for its names and addresses', () => {
    const leaf = scratch.write('server.pem', server.certificatePem);
    for (const check of [['-verify_hostname', 'halong.local'], ['-verify_hostname', 'localhost'], ['-verify_ip', '127.0.0.1'], ['-verify_ip', '::1']]) {
      const result = openssl([...verifyArgs, '-purpose', 'sslserver', ...check, leaf]);
      expect(result.stdout).toMatch(/: OK\n$/);
    }
    expect(openssl([...verifyArgs, '-verify_hostname', 'evil.example', leaf]).status).not.toBe(0);
  });

  it('has serverAuth only, CA:FALSE, DNS and IP SANs and a fresh RSA-2048 key', () => {
    const text = openssl(['x509', '-noout', '-text'], server.certificatePem).stdout;
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication\n/);
    expect(text).toContain('DNS:halong.local, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(text).not.toContain('URI:');
    expect(text).toContain('Subject: O = Halong, CN = halong.local');
    expect(server.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(new X509Certificate(server.certificatePem).checkPrivateKey(server.privateKey)).toBe(true);
    expect(server.chainPem).toContain(ca.intermediate.certificatePem.trim());
  });

  it('dates the certificate from the clock: 30 days by default, backdated by the skew', () => {
    expect(server.notBefore).toEqual(at(-CLOCK_SKEW_MS));
    expect(server.notAfter).toEqual(at(30 * DAY_MS));
    const short = issueServerCertificate({ ca, dnsNames: ['api.halong.local'], now: NOW, lifetimeMs: DAY_MS });
    expect(new Date(new X509Certificate(short.certificatePem).validTo)).toEqual(at(DAY_MS));
  });

  it('is not a client identity: the verifier finds no URI SAN', () => {
    const result = verifyClientCertificate({ leaf: server.certificatePem }, { trustBundle: parseTrustBundle(trustBundlePem(ca)), trustDomain: TRUST_DOMAIN, now: NOW });
    expect(result).toMatchObject({ ok: false, code: 'HALONG_PKI_NO_URI_SAN' });
  });

  it.each([
    ['no names', {}],
    ['a wildcard', { dnsNames: ['*.halong.local'] }],
    ['an underscore', { dnsNames: ['bad_name.local'] }],
    ['an empty label', { dnsNames: ['a..b'] }],
    ['a bad IP', { ipAddresses: ['300.1.1.1'] }],
  ])('refuses %s with HALONG_PKI_INVALID_SAN', (_label, names) => {
    expect(() => issueServerCertificate({ ca, now: NOW, ...names })).toThrow(expect.objectContaining({ code: 'HALONG_PKI_INVALID_SAN' }));
  });

  it('refuses lifetimes beyond 200 days', () => {
    expect(() => issueServerCertificate({ ca, dnsNames: ['a.local'], now: NOW, lifetimeMs: 201 * DAY_MS })).toThrow(expect.objectContaining({ code: 'HALONG_PKI_INVALID_LIFETIME' }));
  });
});
