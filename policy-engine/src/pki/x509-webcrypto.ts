// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs the Reflect
// metadata API loaded first; every PKI module reaches @peculiar/x509 through this file.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { PkiError } from './errors';

/** Node's WebCrypto, typed as the DOM `Crypto` that @peculiar/x509 expects. */
export const nodeCrypto = webcrypto as unknown as Crypto;

/** The signature algorithm of every certificate and CRL the Halong CA signs. */
export const CA_SIGNING_ALGORITHM: RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

const signingKeys = new WeakMap<KeyObject, Promise<CryptoKey>>();

/**
 * The CA's RSA private key as a non-extractable WebCrypto signing key, cached per `KeyObject`
 * because the PKCS#8 import costs more than a signature.
 */
export function toSigningCryptoKey(privateKey: KeyObject): Promise<CryptoKey> {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new PkiError('HALONG_PKI_STORE_CORRUPT', 'The CA signing key must be an RSA private key.');
  }
  let key = signingKeys.get(privateKey);
  if (key === undefined) {
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    key = nodeCrypto.subtle.importKey('pkcs8', pkcs8, CA_SIGNING_ALGORITHM, false, ['sign']);
    signingKeys.set(privateKey, key);
  }
  return key;
}

export { x509 };
