import { X509Certificate } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { changeCaPassphrase, RETIRED_DIR, rotateIntermediateCa } from '../../src/pki/ca-rotation';
import { CA_FILE_NAMES, loadOrCreateCa } from '../../src/pki/ca-store';
import type { LoadedCa } from '../../src/pki/ca-store';
import { DAY_MS } from '../../src/pki/time';
import { at, KEYGEN_TIMEOUT_MS, NOW, PASSPHRASE, TRUST_DOMAIN } from './support/fixtures';
import { Scratch, epochSeconds, openssl } from './support/openssl';

let scratch: Scratch;
let dir: string;
let original: LoadedCa;

beforeAll(async () => {
  scratch = new Scratch();
  dir = join(scratch.dir, 'ca');
  original = await loadOrCreateCa(dir, PASSPHRASE, TRUST_DOMAIN, () => NOW);
}, KEYGEN_TIMEOUT_MS);
afterAll(() => scratch.remove());

describe('rotateIntermediateCa', () => {
  it('signs a new intermediate with the stored root, retires the old certificate and loads afterwards', async () => {
    const later = at(400 * DAY_MS);
    const rotated = await rotateIntermediateCa(dir, PASSPHRASE, TRUST_DOMAIN, () => later);
    expect(rotated.rootCertificatePem).toBe(original.rootCertificatePem);
    expect(rotated.intermediate.certificatePem).not.toBe(original.intermediate.certificatePem);
    const fresh = new X509Certificate(rotated.intermediate.certificatePem);
    expect(new Date(fresh.validFrom).getTime()).toBeGreaterThan(NOW.getTime());
    const path = scratch.write('new-intermediate.pem', rotated.intermediate.certificatePem);
    const root = join(dir, CA_FILE_NAMES.rootCertificate);
    expect(openssl(['verify', '-attime', epochSeconds(later), '-CAfile', root, path]).status).toBe(0);

    const retired = readdirSync(join(dir, RETIRED_DIR));
    expect(retired).toHaveLength(1);
    expect(readFileSync(join(dir, RETIRED_DIR, retired[0]!), 'utf8')).toBe(original.intermediate.certificatePem);
    expect(statSync(join(dir, CA_FILE_NAMES.intermediateKey)).mode & 0o777).toBe(0o600);

    const loaded = await loadOrCreateCa(dir, PASSPHRASE, TRUST_DOMAIN, () => later);
    expect(loaded.created).toBe(false);
    expect(loaded.intermediate.certificatePem).toBe(rotated.intermediate.certificatePem);
  }, KEYGEN_TIMEOUT_MS);

  it('needs the right passphrase', async () => {
    await expect(rotateIntermediateCa(dir, 'wrong passphrase here', TRUST_DOMAIN, () => NOW)).rejects.toMatchObject({ code: 'HALONG_PKI_WRONG_PASSPHRASE' });
  });
});

describe('changeCaPassphrase', () => {
  it('re-encrypts both keys: the new passphrase opens the CA, the old one no longer does', async () => {
    const next = 'a brand new passphrase';
    await changeCaPassphrase(dir, PASSPHRASE, next, TRUST_DOMAIN);
    await expect(loadOrCreateCa(dir, PASSPHRASE, TRUST_DOMAIN, () => NOW)).rejects.toMatchObject({ code: 'HALONG_PKI_WRONG_PASSPHRASE' });
    await expect(loadOrCreateCa(dir, next, TRUST_DOMAIN, () => NOW)).resolves.toMatchObject({ created: false });
    for (const key of [CA_FILE_NAMES.rootKey, CA_FILE_NAMES.intermediateKey]) {
      expect(statSync(join(dir, key)).mode & 0o777).toBe(0o600);
      expect(openssl(['pkey', '-in', join(dir, key), '-passin', `pass:${next}`, '-noout']).status).toBe(0);
    }
  });

  it('refuses a weak new passphrase and leaves the keys alone', async () => {
    await expect(changeCaPassphrase(dir, 'a brand new passphrase', 'weak', TRUST_DOMAIN)).rejects.toMatchObject({ code: 'HALONG_PKI_WEAK_PASSPHRASE' });
    await expect(loadOrCreateCa(dir, 'a brand new passphrase', TRUST_DOMAIN, () => NOW)).resolves.toMatchObject({ created: false });
  });
});
