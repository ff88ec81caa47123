import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CA_FILE_NAMES, loadOrCreateCa } from '../../src/pki/ca-store';
import type { LoadedCa } from '../../src/pki/ca-store';
import { decryptPrivateKey } from '../../src/pki/key-encryption';
import { PkiError } from '../../src/pki/errors';
import type { Clock } from '../../src/pki/time';
import { KEYGEN_TIMEOUT_MS, NOW, PASSPHRASE, TRUST_DOMAIN } from './support/fixtures';
import { Scratch, openssl } from './support/openssl';

const clock: Clock = () => NOW;
let scratch: Scratch;
let dir: string;
let first: LoadedCa;

beforeAll(async () => {
  scratch = new Scratch();
  dir = join(scratch.dir, 'ca');
  first = await loadOrCreateCa(dir, PASSPHRASE, TRUST_DOMAIN, clock);
}, KEYGEN_TIMEOUT_MS);
afterAll(() => scratch.remove());

const mode = (path: string): number => statSync(path).mode & 0o777;
const copyOf = (name: string, files: readonly string[] = Object.values(CA_FILE_NAMES)): string => {
  const target = join(scratch.dir, name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { mode: 0o700 });
  chmodSync(target, 0o700);
  for (const file of files) writeFileSync(join(target, file), readFileSync(join(dir, file)), { mode: statSync(join(dir, file)).mode & 0o777 });
  return target;
};
const failure = async (promise: Promise<unknown>): Promise<PkiError> => {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PkiError);
  return error as PkiError;
};

describe('loadOrCreateCa', () => {
  it('creates the CA on first run: 0700 directory, 0600 encrypted keys, 0644 certificates', () => {
    expect(first.created).toBe(true);
    expect(first.trustDomain).toBe(TRUST_DOMAIN);
    expect(mode(dir)).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual(Object.values(CA_FILE_NAMES).sort());
    for (const key of [CA_FILE_NAMES.rootKey, CA_FILE_NAMES.intermediateKey]) {
      expect(mode(join(dir, key))).toBe(0o600);
      expect(readFileSync(join(dir, key), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    }
    for (const cert of [CA_FILE_NAMES.rootCertificate, CA_FILE_NAMES.intermediateCertificate]) expect(mode(join(dir, cert))).toBe(0o644);
  });

  it('loads the same CA afterwards, without exposing the root key', async () => {
    const again = await loadOrCreateCa(dir, PASSPHRASE, TRUST_DOMAIN, () => new Date('2027-01-01T00:00:00Z'));
    expect(again.created).toBe(false);
    expect(again.rootCertificatePem).toBe(first.rootCertificatePem);
    expect(again.intermediate.certificatePem).toBe(first.intermediate.certificatePem);
    expect(new X509Certificate(again.intermediate.certificatePem).checkPrivateKey(again.intermediate.privateKey)).toBe(true);
    expect(Object.keys(again)).not.toContain('root');
  });

  it('stores the key openssl can open with the passphrase and that matches the certificate', () => {
    const keyPath = join(dir, CA_FILE_NAMES.intermediateKey);
    const fromKey = openssl(['pkey', '-in', keyPath, '-passin', `pass:${PASSPHRASE}`, '-pubout']).stdout;
    const fromCert = openssl(['x509', '-in', join(dir, CA_FILE_NAMES.intermediateCertificate), '-noout', '-pubkey']).stdout;
    expect(fromKey).toContain('BEGIN PUBLIC KEY');
    expect(fromKey).toBe(fromCert);
  });

  it('fails with HALONG_PKI_WRONG_PASSPHRASE for a wrong passphrase', async () => {
    const error = await failure(loadOrCreateCa(dir, 'definitely the wrong one', TRUST_DOMAIN, clock));
    expect(error.code).toBe('HALONG_PKI_WRONG_PASSPHRASE');
    expect(error.message).toMatch(/passphrase is wrong/);
  });

  it('refuses a short passphrase before touching the disk', async () => {
    expect((await failure(loadOrCreateCa(join(scratch.dir, 'never'), 'short', TRUST_DOMAIN, clock))).code).toBe('HALONG_PKI_WEAK_PASSPHRASE');
    expect(readdirSync(scratch.dir)).not.toContain('never');
  });

  it('refuses a key file others can read', async () => {
    const copy = copyOf('loose-key');
    chmodSync(join(copy, CA_FILE_NAMES.intermediateKey), 0o644);
    expect((await failure(loadOrCreateCa(copy, PASSPHRASE, TRUST_DOMAIN, clock))).code).toBe('HALONG_PKI_INSECURE_PERMISSIONS');
  });

  it('refuses a plaintext key on disk', async () => {
    const copy = copyOf('plaintext');
    const plain = decryptPrivateKey(readFileSync(join(dir, CA_FILE_NAMES.rootKey), 'utf8'), PASSPHRASE).export({ type: 'pkcs8', format: 'pem' });
    writeFileSync(join(copy, CA_FILE_NAMES.rootKey), plain, { mode: 0o600 });
    expect((await failure(loadOrCreateCa(copy, PASSPHRASE, TRUST_DOMAIN, clock))).code).toBe('HALONG_PKI_KEY_NOT_ENCRYPTED');
  });

  it('refuses a partial directory instead of creating a second CA over it', async () => {
    const copy = copyOf('partial', [CA_FILE_NAMES.rootKey, CA_FILE_NAMES.rootCertificate]);
    const error = await failure(loadOrCreateCa(copy, PASSPHRASE, TRUST_DOMAIN, clock));
    expect(error.code).toBe('HALONG_PKI_STORE_INCOMPLETE');
    expect(error.message).toContain(CA_FILE_NAMES.intermediateKey);
    expect(readdirSync(copy).sort()).toEqual([CA_FILE_NAMES.rootCertificate, CA_FILE_NAMES.rootKey].sort());
  });

  it('refuses keys that do not belong to their certificates', async () => {
    const copy = copyOf('swapped');
    writeFileSync(join(copy, CA_FILE_NAMES.intermediateKey), readFileSync(join(dir, CA_FILE_NAMES.rootKey)), { mode: 0o600 });
    expect((await failure(loadOrCreateCa(copy, PASSPHRASE, TRUST_DOMAIN, clock))).code).toBe('HALONG_PKI_STORE_CORRUPT');
  });

  it('refuses a CA of another trust domain', async () => {
    const error = await failure(loadOrCreateCa(dir, PASSPHRASE, 'other.domain', clock));
    expect(error.code).toBe('HALONG_PKI_TRUST_DOMAIN_MISMATCH');
    expect(error.message).toContain('halong.local');
  });
});
