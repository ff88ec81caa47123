import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A private key with its public half, as Node `KeyObject`s. */
export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** RSA modulus size of the root and intermediate CA keys. */
export const CA_RSA_BITS = 3072;
/** RSA modulus size of server keys Halong generates for its own listeners. */
export const SERVER_RSA_BITS = 2048;

/**
 * Generates an RSA key pair with OpenSSL through node:crypto: node-forge can only make RSA keys,
 * and its pure-JS generator takes seconds for 3072 bits.
 */
export function generateRsaKeyPair(modulusLength: number): KeyPair {
  return generateKeyPairSync('rsa', { modulusLength, publicExponent: 0x10001 });
}

/** The DER SubjectPublicKeyInfo of a key (private or public), for comparing keys. */
export function spkiDer(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'der' });
}
