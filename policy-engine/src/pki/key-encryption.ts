import { createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { PkiError } from './errors';

/** Shortest passphrase accepted for encrypting CA keys. */
export const MIN_PASSPHRASE_LENGTH = 12;

const ENCRYPTED_PEM = '-----BEGIN ENCRYPTED PRIVATE KEY-----';

/** Throws `HALONG_PKI_WEAK_PASSPHRASE` unless the passphrase has at least 12 characters. */
export function assertPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new PkiError('HALONG_PKI_WEAK_PASSPHRASE', `The CA key passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
}

/**
 * The private key as encrypted PKCS#8 PEM (PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC), the
 * format `openssl pkcs8` and every TLS stack read.
 */
export function encryptPrivateKey(key: KeyObject, passphrase: string): string {
  assertPassphrase(passphrase);
  return key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString();
}

/**
 * Decrypts an encrypted PKCS#8 PEM. Throws `HALONG_PKI_KEY_NOT_ENCRYPTED` for a plaintext key
 * (keys must never sit on disk in clear) and `HALONG_PKI_WRONG_PASSPHRASE` when decryption fails.
 */
export function decryptPrivateKey(pem: string, passphrase: string, label = 'private key'): KeyObject {
  if (!pem.trimStart().startsWith(ENCRYPTED_PEM)) {
    throw new PkiError('HALONG_PKI_KEY_NOT_ENCRYPTED', `The ${label} is not an encrypted PKCS#8 key.`);
  }
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch (cause) {
    // OpenSSL cannot tell a wrong passphrase from a damaged file; the passphrase is the usual cause.
    throw new PkiError('HALONG_PKI_WRONG_PASSPHRASE', `Cannot decrypt the ${label}: the passphrase is wrong or the file is damaged.`, { cause });
  }
}
