import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8 } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { TokenConfigError } from './errors';

/** Algorithms Halong signs its access tokens with. */
export type SigningAlgorithm = 'ES256' | 'EdDSA';

/** A private signing key with its public JWK; `kid` is the RFC 7638 thumbprint of the public key. */
export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: CryptoKey;
  /** Public only: kty, crv, x(, y), kid, alg, use. */
  readonly publicJwk: Readonly<JWK>;
}

/** A signing key in a storable form: PKCS#8 PEM or a private JWK. Store it encrypted. */
export type ExportedSigningKey =
  | { readonly alg: SigningAlgorithm; readonly pkcs8: string }
  | { readonly alg: SigningAlgorithm; readonly jwk: JWK };

const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y'] as const;

/** Generates a new ES256 (P-256) or EdDSA (Ed25519) signing key. */
export async function generateSigningKey(alg: SigningAlgorithm = 'ES256'): Promise<SigningKey> {
  checkAlg(alg);
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  return fromPrivateKey(alg, privateKey);
}

/** Exports the private key as PKCS#8 PEM (default) or as a private JWK. */
export async function exportSigningKey(key: SigningKey, format: 'pkcs8' | 'jwk' = 'pkcs8'): Promise<ExportedSigningKey> {
  if (format === 'jwk') return { alg: key.alg, jwk: await exportJWK(key.privateKey) };
  return { alg: key.alg, pkcs8: await exportPKCS8(key.privateKey) };
}

/** Imports a key exported by `exportSigningKey`; the public JWK and kid are derived again. */
export async function importSigningKey(exported: ExportedSigningKey): Promise<SigningKey> {
  checkAlg(exported.alg);
  const options = { extractable: true };
  const privateKey = 'pkcs8' in exported
    ? await importPKCS8(exported.pkcs8, exported.alg, options)
    : await importJWK({ ...exported.jwk, ext: true }, exported.alg, options);
  if (!(typeof privateKey === 'object' && 'type' in privateKey && privateKey.type === 'private')) {
    throw new TokenConfigError('signing key: expected a private key');
  }
  return fromPrivateKey(exported.alg, privateKey);
}

async function fromPrivateKey(alg: SigningAlgorithm, privateKey: CryptoKey): Promise<SigningKey> {
  const full = await exportJWK(privateKey);
  const publicJwk: JWK = {};
  for (const member of PUBLIC_MEMBERS) if (full[member] !== undefined) publicJwk[member] = full[member];
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return Object.freeze({ kid, alg, privateKey, publicJwk: Object.freeze({ ...publicJwk, kid, alg, use: 'sig' }) });
}

function checkAlg(alg: string): void {
  if (alg !== 'ES256' && alg !== 'EdDSA') throw new TokenConfigError(`signing key: algorithm "${alg}" is not ES256 or EdDSA`);
}
