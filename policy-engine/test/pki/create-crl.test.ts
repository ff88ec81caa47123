import { createCrl } from '../../src/pki/create-crl';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import type { IssuedWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import { RevocationStore } from '../../src/pki/revocation-store';
import { HOUR_MS } from '../../src/pki/time';
import { x509 } from '../../src/pki/x509-webcrypto';
import { at, KEYGEN_TIMEOUT_MS, makeCa, NOW, webCsr } from './support/fixtures';
import { Scratch, epochSeconds, openssl } from './support/openssl';

let ca: NewCertificateAuthority;
let foreign: NewCertificateAuthority;
let revoked: IssuedWorkloadCertificate;
let kept: IssuedWorkloadCertificate;
let store: RevocationStore;
let scratch: Scratch;
let chainPath: string;
let rootPath: string;

beforeAll(async () => {
  [ca, foreign] = await Promise.all([makeCa(), makeCa()]);
  const csrPem = (await webCsr('ec')).csrPem;
  revoked = await issueWorkloadCertificate({ ca, csrPem, identity: { kind: 'device', site: 'hanoi', name: 'stolen' }, now: NOW });
  kept = await issueWorkloadCertificate({ ca, csrPem, identity: { kind: 'device', site: 'hanoi', name: 'fine' }, now: NOW });
  store = new RevocationStore();
  store.revokeCertificate(revoked.certificatePem, { reason: 'keyCompromise', revokedAt: at(HOUR_MS) });
  store.revokeSerial('0badc0de', { reason: 'unspecified', revokedAt: at(HOUR_MS), expiresAt: at(48 * HOUR_MS) });
  store.revokeSpiffeId('spiffe://halong.local/device/hanoi/other', { reason: 'privilegeWithdrawn', revokedAt: NOW, expiresAt: at(HOUR_MS) });
  scratch = new Scratch();
  rootPath = scratch.write('root.pem', ca.rootCertificatePem);
  chainPath = scratch.write('chain.pem', `${ca.rootCertificatePem}${ca.intermediate.certificatePem}`);
}, KEYGEN_TIMEOUT_MS);
afterAll(() => scratch.remove());

describe('createCrl', () => {
  it('is accepted by openssl crl -verify against the Halong chain', async () => {
    const crl = await createCrl({ ca, entries: store.crlEntries(at(2 * HOUR_MS)), now: at(2 * HOUR_MS) });
    const result = openssl(['crl', '-in', scratch.write('crl.pem', crl.pem), '-CAfile', chainPath, '-noout', '-verify']);
    expect(result.status).toBe(0);
    expect(result.stderr.trim()).toBe('verify OK');
  });

  it('is refused by openssl crl -verify against a foreign CA', async () => {
    const crl = await createCrl({ ca, entries: [], now: NOW });
    const foreignChain = scratch.write('foreign.pem', `${foreign.rootCertificatePem}${foreign.intermediate.certificatePem}`);
    const result = openssl(['crl', '-in', scratch.write('crl-foreign.pem', crl.pem), '-CAfile', foreignChain, '-noout', '-verify']);
    expect(`${result.stdout}${result.stderr}`).toMatch(/verify failure/);
  });

  it('lists the revoked serials with reasons, the CRL number and dates from the clock', async () => {
    const now = at(2 * HOUR_MS);
    const crl = await createCrl({ ca, entries: store.crlEntries(now), now, crlNumber: 42n });
    const text = openssl(['crl', '-inform', 'DER', '-noout', '-text'], crl.der).stdout;
    expect(text).toContain('Issuer: O = Halong, CN = Halong Intermediate CA');
    expect(text).toContain('Last Update: Mar  1 11:00:00 2026 GMT');
    expect(text).toContain('Next Update: Mar  2 11:00:00 2026 GMT');
    expect(text).toMatch(/X509v3 CRL Number:\s+42/);
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).toContain(`Serial Number: ${revoked.serialNumber.toUpperCase()}`);
    expect(text).toMatch(/Key Compromise/);
    expect(text).toContain('Serial Number: 0BADC0DE');
    expect(text).not.toContain(kept.serialNumber.toUpperCase());
    expect(crl.thisUpdate).toEqual(now);
    expect(crl.nextUpdate).toEqual(at(26 * HOUR_MS));
  });

  it('gives the same CRL as PEM and DER, and defaults the CRL number to Unix seconds', async () => {
    const crl = await createCrl({ ca, entries: [], now: NOW, validityMs: HOUR_MS });
    const fromPem = Buffer.from(crl.pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    expect(fromPem.equals(crl.der)).toBe(true);
    expect(crl.pem).toMatch(/^-----BEGIN X509 CRL-----\n/);
    expect(crl.crlNumber).toBe(BigInt(epochSeconds(NOW)));
    const parsed = new x509.X509Crl(new Uint8Array(crl.der));
    expect(parsed.nextUpdate).toEqual(at(HOUR_MS));
    expect(await parsed.verify({ publicKey: new x509.X509Certificate(ca.intermediate.certificatePem) })).toBe(true);
  });

  it('makes openssl verify -crl_check refuse the revoked certificate and accept the other', async () => {
    const now = at(2 * HOUR_MS);
    const crl = await createCrl({ ca, entries: store.crlEntries(now), now });
    // -crl_check checks the leaf's CRL; the intermediate's issuer (the root) has no CRL here.
    const args = ['verify', '-attime', epochSeconds(now), '-crl_check', '-CAfile', rootPath, '-untrusted', scratch.write('int.pem', ca.intermediate.certificatePem), '-CRLfile', scratch.write('check.pem', crl.pem)];
    const bad = openssl([...args, scratch.write('revoked.pem', revoked.certificatePem)]);
    expect(bad.status).not.toBe(0);
    expect(`${bad.stdout}${bad.stderr}`).toContain('certificate revoked');
    const good = openssl([...args, scratch.write('kept.pem', kept.certificatePem)]);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
  });

  it('fails openssl verification once tampered with', async () => {
    const crl = await createCrl({ ca, entries: store.crlEntries(NOW), now: NOW });
    const tampered = Buffer.from(crl.der);
    tampered[tampered.length - 10] ^= 0xff;
    const result = openssl(['crl', '-inform', 'DER', '-in', scratch.write('tampered.der', tampered), '-CAfile', chainPath, '-noout', '-verify']);
    expect(`${result.stdout}${result.stderr}`).toMatch(/verify failure/);
  });

  it('refuses identity entries, which a CRL cannot express', async () => {
    const identityEntries = store.entries().filter((entry) => entry.type === 'spiffe-id');
    expect(identityEntries).toHaveLength(1);
    await expect(createCrl({ ca, entries: identityEntries, now: NOW })).rejects.toMatchObject({ code: 'HALONG_PKI_INVALID_SERIAL' });
  });
});
