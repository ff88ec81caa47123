// The local state ARCHITECTURE allows on one machine: the CA (keys encrypted at rest), the
// passphrase when none is configured, and the key that signs access tokens (encrypted like the CA keys).
import { createPrivateKey, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { decryptPrivateKey, encryptPrivateKey } from '../pki/key-encryption';
import { SECRET_FILE_MODE, assertSecretFile, ensurePrivateDirectory, writeFileAtomic } from '../pki/secure-files';
import { exportSigningKey, generateSigningKey, importSigningKey } from '../tokens/signing-key';
import type { SigningKey } from '../tokens/signing-key';

/** File names inside the PKI directory besides the CA's own. */
export const LOCAL_SECRET_FILES = { tokenSigningKey: 'token-signing-key.pem' } as const;

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * The CA passphrase: the configured one, else `<pkiDir>.passphrase` (0600), generated on first
 * use. A generated passphrase next to the keys only protects backups that leave it behind; the
 * README tells operators to set HALONG_PKI_PASSPHRASE from a secret store instead.
 */
export async function resolvePassphrase(pkiDir: string, configured: string | undefined): Promise<{ passphrase: string; file?: string; generated: boolean }> {
  if (configured !== undefined) return { passphrase: configured, generated: false };
  const file = `${pkiDir.replace(/\/+$/, '')}.passphrase`;
  try {
    await assertSecretFile(file);
    return { passphrase: (await readFile(file, 'utf8')).trim(), file, generated: false };
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  // The parent is shared (engines live there too); the file itself is what is kept private.
  await mkdir(dirname(file), { recursive: true });
  const passphrase = randomBytes(32).toString('base64url');
  try {
    await writeFileAtomic(file, `${passphrase}\n`, SECRET_FILE_MODE, { replace: false });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { passphrase: (await readFile(file, 'utf8')).trim(), file, generated: false };
  }
  return { passphrase, file, generated: true };
}

/** Loads the access-token signing key from the PKI directory, creating it (ES256) on first use. */
export async function loadOrCreateTokenSigningKey(pkiDir: string, passphrase: string): Promise<{ key: SigningKey; created: boolean }> {
  const path = join(pkiDir, LOCAL_SECRET_FILES.tokenSigningKey);
  try {
    await assertSecretFile(path);
    const keyObject = decryptPrivateKey(await readFile(path, 'utf8'), passphrase, 'token signing key');
    const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'pem' }).toString();
    return { key: await importSigningKey({ alg: 'ES256', pkcs8 }), created: false };
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  await ensurePrivateDirectory(pkiDir);
  const key = await generateSigningKey('ES256');
  const exported = await exportSigningKey(key, 'pkcs8');
  if (!('pkcs8' in exported)) throw new Error('unreachable: pkcs8 export requested');
  try {
    await writeFileAtomic(path, encryptPrivateKey(createPrivateKey(exported.pkcs8), passphrase), SECRET_FILE_MODE, { replace: false });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return loadOrCreateTokenSigningKey(pkiDir, passphrase);
  }
  return { key, created: true };
}
