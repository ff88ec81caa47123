import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { PkiError } from './errors';
import { assertCaConsistent } from './ca-consistency';
import { createCa } from './create-ca';
import { assertPassphrase, decryptPrivateKey, encryptPrivateKey } from './key-encryption';
import { PUBLIC_FILE_MODE, SECRET_FILE_MODE, assertSecretFile, ensurePrivateDirectory, writeFileAtomic } from './secure-files';
import { assertTrustDomain } from './spiffe-id';
import type { Clock } from './time';
import type { CertificateAuthority } from './certificate-authority';

/** Names of the files in a CA directory. Keys are encrypted PKCS#8 PEM (0600), certificates PEM (0644). */
export const CA_FILE_NAMES = {
  rootKey: 'root-ca.key.pem',
  rootCertificate: 'root-ca.pem',
  intermediateKey: 'intermediate-ca.key.pem',
  intermediateCertificate: 'intermediate-ca.pem',
} as const;

/** A CA read from (or just written to) its directory. */
export interface LoadedCa extends CertificateAuthority {
  /** True when this call created the CA. */
  readonly created: boolean;
}

/** The stored CA with the root key decrypted, for rotation. */
export interface StoredCaWithRoot extends CertificateAuthority {
  readonly rootKey: KeyObject;
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

async function readKey(dir: string, file: string, passphrase: string, label: string): Promise<KeyObject> {
  const path = join(dir, file);
  await assertSecretFile(path);
  return decryptPrivateKey(await readFile(path, 'utf8'), passphrase, label);
}

/** Reads and checks a stored CA, decrypting both keys (the root key proves the passphrase still opens it). */
export async function readStoredCa(dir: string, passphrase: string, trustDomain: string): Promise<StoredCaWithRoot> {
  const rootKey = await readKey(dir, CA_FILE_NAMES.rootKey, passphrase, 'root CA key');
  const intermediateKey = await readKey(dir, CA_FILE_NAMES.intermediateKey, passphrase, 'intermediate CA key');
  const rootCertificatePem = await readFile(join(dir, CA_FILE_NAMES.rootCertificate), 'utf8');
  const intermediateCertificatePem = await readFile(join(dir, CA_FILE_NAMES.intermediateCertificate), 'utf8');
  assertCaConsistent({ trustDomain, rootCertificatePem, rootKey, intermediateCertificatePem, intermediateKey });
  return { trustDomain, rootCertificatePem, rootKey, intermediate: { certificatePem: intermediateCertificatePem, privateKey: intermediateKey } };
}

/**
 * Loads the Halong CA from `dir`, or creates it there on first run: a root and an intermediate
 * CA, keys encrypted with `passphrase` in 0600 files inside a 0700 directory. Keys are written
 * before certificates and never overwrite a file, so a half-written or concurrently created
 * directory fails with `HALONG_PKI_STORE_INCOMPLETE` instead of mixing two CAs.
 * A wrong passphrase fails with `HALONG_PKI_WRONG_PASSPHRASE`.
 */
export async function loadOrCreateCa(dir: string, passphrase: string, trustDomain: string, clock: Clock): Promise<LoadedCa> {
  assertTrustDomain(trustDomain);
  assertPassphrase(passphrase);
  await ensurePrivateDirectory(dir);
  const names = Object.values(CA_FILE_NAMES);
  const present = await Promise.all(names.map((name) => exists(join(dir, name))));
  if (present.every(Boolean)) {
    const stored = await readStoredCa(dir, passphrase, trustDomain);
    return { trustDomain, rootCertificatePem: stored.rootCertificatePem, intermediate: stored.intermediate, created: false };
  }
  if (present.some(Boolean)) {
    const missing = names.filter((_, i) => !present[i]);
    throw new PkiError('HALONG_PKI_STORE_INCOMPLETE', `${dir} holds part of a CA; missing: ${missing.join(', ')}. Restore them from backup or empty the directory.`);
  }
  const ca = createCa({ trustDomain, now: clock() });
  const write = (file: string, content: string, mode: number): Promise<void> => writeFileAtomic(join(dir, file), content, mode, { replace: false });
  await write(CA_FILE_NAMES.rootKey, encryptPrivateKey(ca.root.privateKey, passphrase), SECRET_FILE_MODE);
  await write(CA_FILE_NAMES.intermediateKey, encryptPrivateKey(ca.intermediate.privateKey, passphrase), SECRET_FILE_MODE);
  await write(CA_FILE_NAMES.rootCertificate, ca.rootCertificatePem, PUBLIC_FILE_MODE);
  await write(CA_FILE_NAMES.intermediateCertificate, ca.intermediate.certificatePem, PUBLIC_FILE_MODE);
  return { trustDomain, rootCertificatePem: ca.rootCertificatePem, intermediate: ca.intermediate, created: true };
}
