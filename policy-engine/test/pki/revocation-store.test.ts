import { X509Certificate } from 'node:crypto';
import type { NewCertificateAuthority } from '../../src/pki/certificate-authority';
import { issueWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import type { IssuedWorkloadCertificate } from '../../src/pki/issue-workload-certificate';
import { RevocationStore } from '../../src/pki/revocation-store';
import type { RevocationEntry } from '../../src/pki/revocation-store';
import { HOUR_MS } from '../../src/pki/time';
import { parseTrustBundle, trustBundlePem } from '../../src/pki/trust-bundle';
import { verifyClientCertificate } from '../../src/pki/verify-client-certificate';
import { at, KEYGEN_TIMEOUT_MS, makeCa, NOW, TRUST_DOMAIN, webCsr } from './support/fixtures';

let ca: NewCertificateAuthority;
let issued: IssuedWorkloadCertificate;
beforeAll(async () => {
  ca = await makeCa();
  issued = await issueWorkloadCertificate({ ca, csrPem: (await webCsr('ec')).csrPem, identity: { kind: 'device', site: 'hue', name: 'plc-3' }, now: NOW });
}, KEYGEN_TIMEOUT_MS);

const details = { reason: 'keyCompromise' as const, revokedAt: NOW, expiresAt: at(HOUR_MS) };

describe('RevocationStore', () => {
  it('stores serials in canonical form, whatever printed them', () => {
    const store = new RevocationStore();
    const entry = store.revokeSerial('00:0A:FF', details);
    expect(entry).toEqual({ type: 'serial', value: '0aff', ...details });
    expect(store.serials.has('0aff')).toBe(true);
    expect(() => store.revokeSerial('zz', details)).toThrow(expect.objectContaining({ code: 'HALONG_PKI_INVALID_SERIAL' }));
  });

  it('revokes a certificate until its own notAfter', () => {
    const store = new RevocationStore();
    const entry = store.revokeCertificate(issued.certificatePem, { reason: 'superseded', revokedAt: NOW });
    expect(entry.value).toBe(issued.serialNumber);
    expect(entry.expiresAt).toEqual(issued.notAfter);
    expect(() => store.revokeCertificate('', { reason: 'superseded', revokedAt: NOW })).toThrow(expect.objectContaining({ code: 'HALONG_PKI_NO_CERTIFICATE' }));
  });

  it('revokes identities, refusing malformed SPIFFE IDs, and can lift them', () => {
    const store = new RevocationStore();
    store.revokeSpiffeId(issued.spiffeId, details);
    expect(store.spiffeIds.get(issued.spiffeId)?.type).toBe('spiffe-id');
    expect(() => store.revokeSpiffeId('spiffe://halong.local/nope', details)).toThrow(expect.objectContaining({ code: 'HALONG_PKI_MALFORMED_SPIFFE_ID' }));
    expect(store.liftSpiffeId(issued.spiffeId)).toBe(true);
    expect(store.liftSpiffeId(issued.spiffeId)).toBe(false);
    expect(store.entries()).toEqual([]);
  });

  it('applies entries idempotently, keeping the earliest revocation and the latest expiry', () => {
    const a = new RevocationStore();
    const b = new RevocationStore();
    const early: RevocationEntry = { type: 'serial', value: 'ABCD', reason: 'keyCompromise', revokedAt: at(-HOUR_MS), expiresAt: at(HOUR_MS) };
    const late: RevocationEntry = { type: 'serial', value: 'abcd', reason: 'superseded', revokedAt: NOW, expiresAt: at(5 * HOUR_MS) };
    a.apply(early);
    a.apply(late);
    a.apply(late);
    b.apply(late);
    b.apply(early);
    expect(a.entries()).toEqual(b.entries());
    expect(a.entries()).toEqual([{ type: 'serial', value: 'abcd', reason: 'keyCompromise', revokedAt: at(-HOUR_MS), expiresAt: at(5 * HOUR_MS) }]);
  });

  it('prunes entries once they expire', () => {
    const store = new RevocationStore();
    store.revokeSerial('01', { ...details, expiresAt: at(HOUR_MS) });
    store.revokeSpiffeId(issued.spiffeId, { ...details, expiresAt: at(3 * HOUR_MS) });
    expect(store.prune(at(HOUR_MS - 1))).toBe(0);
    expect(store.prune(at(HOUR_MS))).toBe(1);
    expect(store.entries().map((e) => e.type)).toEqual(['spiffe-id']);
    expect(store.prune(at(3 * HOUR_MS))).toBe(1);
    expect(store.entries()).toEqual([]);
  });

  it('lists only unexpired serial entries for the CRL', () => {
    const store = new RevocationStore();
    store.revokeSerial('01', { ...details, expiresAt: at(HOUR_MS) });
    store.revokeSerial('02', { ...details, expiresAt: at(3 * HOUR_MS) });
    store.revokeSpiffeId(issued.spiffeId, details);
    expect(store.crlEntries(at(2 * HOUR_MS)).map((e) => e.value)).toEqual(['02']);
  });

  it('is the denylist of the verifier: a revocation applies to the very next verification', () => {
    const store = new RevocationStore();
    const options = { trustBundle: parseTrustBundle(trustBundlePem(ca)), trustDomain: TRUST_DOMAIN, now: NOW, denylist: store };
    const leaf = new X509Certificate(issued.certificatePem);
    expect(verifyClientCertificate({ leaf }, options).ok).toBe(true);
    store.revokeSerial(leaf.serialNumber, details);
    expect(verifyClientCertificate({ leaf }, options)).toMatchObject({ ok: false, code: 'HALONG_PKI_CERT_REVOKED' });
  });
});
