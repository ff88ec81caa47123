import { X509Certificate } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CA_FILE_NAMES, readStoredCa } from './ca-store';
import { createIntermediateCa } from './create-ca';
import { assertPassphrase, encryptPrivateKey } from './key-encryption';
import { PRIVATE_DIR_MODE, PUBLIC_FILE_MODE, SECRET_FILE_MODE, writeFileAtomic } from './secure-files';
import { normalizeSerialNumber } from './serial-number';
import type { Clock } from './time';
import type { CertificateAuthority } from './certificate-authority';

/** Folder inside the CA directory that keeps retired intermediate certificates (never their keys). */
export const RETIRED_DIR = 'retired';

/**
 * Replaces the intermediate CA with a new one signed by the stored root. The old certificate is
 * kept under `retired/` (certificates it issued stay verifiable until they expire as long as
 * peers present it in their chain); the old key is overwritten, since it must not sign again.
 */
export async function rotateIntermediateCa(dir: string, passphrase: string, trustDomain: string, clock: Clock): Promise<CertificateAuthority> {
  const stored = await readStoredCa(dir, passphrase, trustDomain);
  const intermediate = createIntermediateCa({ trustDomain, root: { certificatePem: stored.rootCertificatePem, privateKey: stored.rootKey }, now: clock() });
  const oldSerial = normalizeSerialNumber(new X509Certificate(stored.intermediate.certificatePem).serialNumber);
  await mkdir(join(dir, RETIRED_DIR), { recursive: true, mode: PRIVATE_DIR_MODE });
  await writeFileAtomic(join(dir, RETIRED_DIR, `intermediate-ca-${oldSerial}.pem`), stored.intermediate.certificatePem, PUBLIC_FILE_MODE, { replace: true });
  await writeFileAtomic(join(dir, CA_FILE_NAMES.intermediateKey), encryptPrivateKey(intermediate.privateKey, passphrase), SECRET_FILE_MODE, { replace: true });
  await writeFileAtomic(join(dir, CA_FILE_NAMES.intermediateCertificate), intermediate.certificatePem, PUBLIC_FILE_MODE, { replace: true });
  return { trustDomain, rootCertificatePem: stored.rootCertificatePem, intermediate };
}

/** Re-encrypts both CA keys with a new passphrase (after checking the old one opens them). */
export async function changeCaPassphrase(dir: string, oldPassphrase: string, newPassphrase: string, trustDomain: string): Promise<void> {
  assertPassphrase(newPassphrase);
  const stored = await readStoredCa(dir, oldPassphrase, trustDomain);
  await writeFileAtomic(join(dir, CA_FILE_NAMES.rootKey), encryptPrivateKey(stored.rootKey, newPassphrase), SECRET_FILE_MODE, { replace: true });
  await writeFileAtomic(join(dir, CA_FILE_NAMES.intermediateKey), encryptPrivateKey(stored.intermediate.privateKey, newPassphrase), SECRET_FILE_MODE, { replace: true });
}
