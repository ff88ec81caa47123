import { X509Certificate } from 'node:crypto';
import { createCa, createIntermediateCa, createRootCa, INTERMEDIATE_CA_LIFETIME_MS } from '../../src/pki/create-ca';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { CLOCK_SKEW_MS, DAY_MS } from '../../src/pki/time';
import { at, KEYGEN_TIMEOUT_MS, NOW, TRUST_DOMAIN } from './support/fixtures';
import { Scratch, countOf, epochSeconds, openssl } from './support/openssl';

let ca: NewCertificateAuthority;
let scratch: Scratch;
let rootPath: string;
let intermediatePath: string;

beforeAll(() => {
  ca = createCa({ trustDomain: TRUST_DOMAIN, now: NOW });
  scratch = new Scratch();
  rootPath = scratch.write('root.pem', ca.rootCertificatePem);
  intermediatePath = scratch.write('intermediate.pem', ca.intermediate.certificatePem);
}, KEYGEN_TIMEOUT_MS);

afterAll(() => scratch.remove());

const text = (path: string): string => openssl(['x509', '-in', path, '-noout', '-text']).stdout;

describe('createCa', () => {
  it('makes a self-signed root with cA=true (critical), pathlen 1, keyCertSign and cRLSign', () => {
    const out = text(rootPath);
    expect(out).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:1/);
    expect(out).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(out).toContain('Issuer: O = Halong, CN = Halong Root CA');
    expect(out).toContain('Subject: O = Halong, CN = Halong Root CA');
    expect(out).toContain('URI:spiffe://halong.local');
    expect(out).toContain('Public-Key: (3072 bit)');
    expect(out).toContain('sha256WithRSAEncryption');
    expect(openssl(['verify', '-attime', epochSeconds(NOW), '-CAfile', rootPath, rootPath]).status).toBe(0);
  });

  it('makes an intermediate with pathlen 0, signed by the root, whose key identifiers chain', () => {
    const out = text(intermediatePath);
    expect(out).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(out).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(out).toContain('Subject: O = Halong, CN = Halong Intermediate CA');
    expect(countOf(out, 'URI:')).toBe(1);
    const result = openssl(['verify', '-attime', epochSeconds(at(DAY_MS)), '-CAfile', rootPath, intermediatePath]);
    expect(result.stdout.trim()).toBe(`${intermediatePath}: OK`);
    const rootSki = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(text(rootPath))?.[1];
    const aki = /Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(out)?.[1];
    expect(rootSki).toBeDefined();
    expect(aki).toBe(rootSki);
  });

  it('dates both certificates from the injected clock, backdated by the clock skew', () => {
    const root = new X509Certificate(ca.rootCertificatePem);
    const intermediate = new X509Certificate(ca.intermediate.certificatePem);
    expect(new Date(root.validFrom)).toEqual(at(-CLOCK_SKEW_MS));
    expect(new Date(root.validTo)).toEqual(at(3650 * DAY_MS));
    expect(new Date(intermediate.validFrom)).toEqual(at(-CLOCK_SKEW_MS));
    expect(new Date(intermediate.validTo)).toEqual(at(INTERMEDIATE_CA_LIFETIME_MS));
  });

  it('keys each certificate with its own RSA-3072 key', () => {
    expect(ca.root.privateKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(new X509Certificate(ca.rootCertificatePem).checkPrivateKey(ca.root.privateKey)).toBe(true);
    expect(new X509Certificate(ca.intermediate.certificatePem).checkPrivateKey(ca.intermediate.privateKey)).toBe(true);
    expect(new X509Certificate(ca.intermediate.certificatePem).checkPrivateKey(ca.root.privateKey)).toBe(false);
  });

  it('gives every CA certificate a different serial', () => {
    const serials = [ca.rootCertificatePem, ca.intermediate.certificatePem].map((pem) => new X509Certificate(pem).serialNumber);
    expect(new Set(serials).size).toBe(2);
  });
});

describe('createIntermediateCa', () => {
  it('never outlives the root', () => {
    const root = createRootCa({ trustDomain: TRUST_DOMAIN, now: NOW, lifetimeMs: 30 * DAY_MS, keyPair: { privateKey: ca.root.privateKey, publicKey: new X509Certificate(ca.rootCertificatePem).publicKey } });
    const intermediate = createIntermediateCa({ trustDomain: TRUST_DOMAIN, root, now: NOW, keyPair: { privateKey: ca.intermediate.privateKey, publicKey: new X509Certificate(ca.intermediate.certificatePem).publicKey } });
    expect(new X509Certificate(intermediate.certificatePem).validTo).toBe(new X509Certificate(root.certificatePem).validTo);
  });

  it('refuses to sign with an expired root', () => {
    expect(() => createIntermediateCa({ trustDomain: TRUST_DOMAIN, root: ca.root, now: at(3651 * DAY_MS) })).toThrow(expect.objectContaining({ code: 'HALONG_PKI_CA_EXPIRED' }));
  });

  it('refuses an invalid trust domain before generating keys', () => {
    expect(() => createRootCa({ trustDomain: 'Not Valid', now: NOW })).toThrow(expect.objectContaining({ code: 'HALONG_PKI_INVALID_TRUST_DOMAIN' }));
    expect(() => createIntermediateCa({ trustDomain: 'bad/domain', root: ca.root, now: NOW })).toThrow(expect.objectContaining({ code: 'HALONG_PKI_INVALID_TRUST_DOMAIN' }));
  });
});
