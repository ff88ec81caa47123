import { X509Certificate, createHash } from 'node:crypto';
import { createIntermediateCa } from '../../src/pki/create-ca';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import type { IssuedWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import type { WorkloadKind } from '../../src/pki/spiffe-id';
import { CLOCK_SKEW_MS, HOUR_MS } from '../../src/pki/time';
import { at, KEYGEN_TIMEOUT_MS, makeCa, NOW, opensslEcCsr, TRUST_DOMAIN, webCsr } from './support/fixtures';
import { Scratch, countOf, epochSeconds, openssl } from './support/openssl';

let ca: NewCertificateAuthority;
let foreign: NewCertificateAuthority;
let scratch: Scratch;
let rootPath: string;
let intermediatePath: string;
let ecCsr: string;
let ecIssued: IssuedWorkloadCertificate;

const identity = { kind: 'collector' as const, site: 'hanoi-dc1', name: 'syslog-01' };

beforeAll(async () => {
  [ca, foreign] = await Promise.all([makeCa(), makeCa()]);
  scratch = new Scratch();
  rootPath = scratch.write('root.pem', ca.rootCertificatePem);
  intermediatePath = scratch.write('intermediate.pem', ca.intermediate.certificatePem);
  // The requester asks for a CA certificate with extra SANs and its own subject: all of it must be ignored.
  ecCsr = opensslEcCsr(scratch, 'ec', ['-addext', 'subjectAltName=URI:spiffe://evil.example/service/x/y,DNS:evil.example', '-addext', 'basicConstraints=critical,CA:TRUE']);
  ecIssued = await issueWorkloadCertificate({ ca, csrPem: ecCsr, identity, now: NOW });
}, KEYGEN_TIMEOUT_MS);
afterAll(() => scratch.remove());

const verify = (leafPem: string, root = rootPath, intermediate = intermediatePath): ReturnType<typeof openssl> =>
  openssl(['verify', '-attime', epochSeconds(at(HOUR_MS)), '-CAfile', root, '-untrusted', intermediate, scratch.write(`leaf-${Math.random()}.pem`, leafPem)]);

describe('issueWorkloadCertificate with an openssl EC P-256 CSR', () => {
  it('issues a certificate openssl verifies against the root through the intermediate', () => {
    const result = verify(ecIssued.certificatePem);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/: OK\n$/);
  });

  it('carries exactly one URI SAN, CA:FALSE and the workload key usages, ignoring what the CSR asked', () => {
    const out = openssl(['x509', '-noout', '-text'], ecIssued.certificatePem).stdout;
    expect(countOf(out, 'URI:')).toBe(1);
    expect(out).toContain('URI:spiffe://halong.local/collector/hanoi-dc1/syslog-01');
    expect(out).not.toContain('evil');
    expect(out).not.toContain('requested');
    expect(out).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(out).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    expect(out).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(out).toContain('id-ecPublicKey');
    expect(out).toContain('Issuer: O = Halong, CN = Halong Intermediate CA');
    expect(ecIssued.spiffeId).toBe('spiffe://halong.local/collector/hanoi-dc1/syslog-01');
  });

  it('is valid for clientAuth and serverAuth purposes in openssl', () => {
    const leaf = scratch.write('purpose.pem', ecIssued.certificatePem);
    for (const purpose of ['sslclient', 'sslserver']) {
      const result = openssl(['verify', '-attime', epochSeconds(NOW), '-purpose', purpose, '-CAfile', rootPath, '-untrusted', intermediatePath, leaf]);
      expect(result.status).toBe(0);
    }
  });

  it('uses a random positive 128-bit serial, reported as openssl prints it', () => {
    expect(ecIssued.serialNumber).toMatch(/^[0-7][0-9a-f]{31}$/);
    const printed = openssl(['x509', '-noout', '-serial'], ecIssued.certificatePem).stdout.trim();
    expect(printed).toBe(`serial=${ecIssued.serialNumber.toUpperCase()}`);
  });

  it('reports the RFC 8705 x5t#S256 thumbprint of the DER', () => {
    const der = new X509Certificate(ecIssued.certificatePem).raw;
    expect(ecIssued.fingerprintSha256).toBe(createHash('sha256').update(der).digest('base64url'));
    expect(ecIssued.fingerprintSha256).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is refused by openssl when a foreign CA issued it', async () => {
    const alien = await issueWorkloadCertificate({ ca: foreign, csrPem: ecCsr, identity, now: NOW });
    const result = verify(alien.certificatePem);
    expect(result.status).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/unable to get local issuer certificate|certificate signature failure/);
    // The same certificate verifies against the CA that issued it, so the refusal is about trust.
    const foreignRoot = scratch.write('foreign-root.pem', foreign.rootCertificatePem);
    const foreignIntermediate = scratch.write('foreign-intermediate.pem', foreign.intermediate.certificatePem);
    expect(verify(alien.certificatePem, foreignRoot, foreignIntermediate).status).toBe(0);
  });
});

describe('issueWorkloadCertificate lifetimes under a frozen clock', () => {
  it('backdates notBefore by the clock skew and defaults to a 12 hour lifetime', async () => {
    expect(ecIssued.notBefore).toEqual(at(-CLOCK_SKEW_MS));
    expect(ecIssued.notAfter).toEqual(at(12 * HOUR_MS));
    const dates = openssl(['x509', '-noout', '-startdate', '-enddate'], ecIssued.certificatePem).stdout;
    expect(dates).toContain('notBefore=Mar  1 08:55:00 2026 GMT');
    expect(dates).toContain('notAfter=Mar  1 21:00:00 2026 GMT');
  });

  it('takes a lifetime parameter', async () => {
    const issued = await issueWorkloadCertificate({ ca, csrPem: ecCsr, identity, now: NOW, lifetimeMs: 2 * HOUR_MS });
    expect(issued.notAfter).toEqual(at(2 * HOUR_MS));
    expect(new Date(new X509Certificate(issued.certificatePem).validTo)).toEqual(at(2 * HOUR_MS));
  });

  it.each([60_000, 8 * 24 * HOUR_MS, Number.NaN, -HOUR_MS])('refuses a lifetime of %p ms', async (lifetimeMs) => {
    await expect(issueWorkloadCertificate({ ca, csrPem: ecCsr, identity, now: NOW, lifetimeMs })).rejects.toMatchObject({ code: 'HALONG_PKI_INVALID_LIFETIME' });
  });

  it('never outlives the intermediate, and refuses once the intermediate has expired', async () => {
    const shortLived = createIntermediateCa({ trustDomain: TRUST_DOMAIN, root: ca.root, now: NOW, lifetimeMs: HOUR_MS });
    const shortCa = { ...ca, intermediate: shortLived };
    const issued = await issueWorkloadCertificate({ ca: shortCa, csrPem: ecCsr, identity, now: NOW });
    expect(issued.notAfter).toEqual(at(HOUR_MS));
    await expect(issueWorkloadCertificate({ ca: shortCa, csrPem: ecCsr, identity, now: at(2 * HOUR_MS) })).rejects.toMatchObject({ code: 'HALONG_PKI_CA_EXPIRED' });
  }, KEYGEN_TIMEOUT_MS);

  it('gives every certificate a new serial', async () => {
    const again = await issueWorkloadCertificate({ ca, csrPem: ecCsr, identity, now: NOW });
    expect(again.serialNumber).not.toBe(ecIssued.serialNumber);
  });
});

describe('issueWorkloadCertificate with other keys and requests', () => {
  it('adds keyEncipherment for an RSA key from openssl', async () => {
    const path = scratch.path('rsa.csr');
    expect(openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', scratch.path('rsa.key'), '-out', path, '-subj', '/CN=x']).status).toBe(0);
    const issued = await issueWorkloadCertificate({ ca, csrPem: openssl(['req', '-in', path]).stdout, identity: { kind: 'device', site: 's1', name: 'cam-9' }, now: NOW });
    expect(openssl(['x509', '-noout', '-text'], issued.certificatePem).stdout).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
    expect(verify(issued.certificatePem).status).toBe(0);
  });

  it.each(['ec', 'rsa'] as const)('issues for a %s WebCrypto CSR', async (type) => {
    const { csrPem, privateKey } = await webCsr(type);
    const issued = await issueWorkloadCertificate({ ca, csrPem, identity: { kind: 'service', site: 'core', name: 'pdp' }, now: NOW });
    expect(new X509Certificate(issued.certificatePem).checkPrivateKey(privateKey)).toBe(true);
    expect(issued.chainPem).toBe(`${issued.certificatePem.trim()}\n${ca.intermediate.certificatePem.trim()}\n`);
  });

  it('refuses a CSR whose signature does not verify', async () => {
    const { csrPem } = await webCsr('rsa');
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    der[der.length - 1] ^= 0x01;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await expect(issueWorkloadCertificate({ ca, csrPem: tampered, identity, now: NOW })).rejects.toMatchObject({ code: 'HALONG_PKI_CSR_BAD_SIGNATURE' });
  });

  it.each([
    ['garbage', '-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3Ny\n-----END CERTIFICATE REQUEST-----\n'],
    ['a certificate instead of a CSR', 'CERT'],
    ['an oversized request', `-----BEGIN CERTIFICATE REQUEST-----\n${'A'.repeat(20_000)}\n-----END CERTIFICATE REQUEST-----\n`],
  ])('refuses %s as HALONG_PKI_CSR_MALFORMED', async (_label, pem) => {
    const csrPem = pem === 'CERT' ? ca.intermediate.certificatePem : pem;
    await expect(issueWorkloadCertificate({ ca, csrPem, identity, now: NOW })).rejects.toMatchObject({ code: 'HALONG_PKI_CSR_MALFORMED' });
  });

  it.each([
    ['RSA-1024', ['-newkey', 'rsa:1024']],
    ['secp256k1', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1']],
  ])('refuses a %s key as HALONG_PKI_CSR_UNSUPPORTED_KEY', async (label, args) => {
    const path = scratch.path(`${label}.csr`);
    expect(openssl(['req', '-new', ...args, '-nodes', '-keyout', scratch.path(`${label}.key`), '-out', path, '-subj', '/CN=x']).status).toBe(0);
    const csrPem = openssl(['req', '-in', path]).stdout;
    await expect(issueWorkloadCertificate({ ca, csrPem, identity, now: NOW })).rejects.toMatchObject({ code: 'HALONG_PKI_CSR_UNSUPPORTED_KEY' });
  });

  it.each([
    ['an uppercase site', { kind: 'device', site: 'Hanoi', name: 'a' }],
    ['a slash in the name', { kind: 'device', site: 's', name: 'a/b' }],
    ['an empty name', { kind: 'device', site: 's', name: '' }],
    ['a dot-dot site', { kind: 'device', site: '..', name: 'a' }],
    ['a 64-character name', { kind: 'device', site: 's', name: 'n'.repeat(64) }],
    ['an unknown kind', { kind: 'user', site: 's', name: 'a' }],
  ])('refuses %s as HALONG_PKI_INVALID_IDENTITY', async (_label, bad) => {
    const badIdentity = bad as { kind: WorkloadKind; site: string; name: string };
    await expect(issueWorkloadCertificate({ ca, csrPem: ecCsr, identity: badIdentity, now: NOW })).rejects.toMatchObject({ code: 'HALONG_PKI_INVALID_IDENTITY' });
  });
});
