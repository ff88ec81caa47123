import { constants, createPublicKey, privateEncrypt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import forge from 'node-forge';

// DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256 (RFC 8017 §9.2 note 1).
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** A node-forge RSA public key for a Node RSA key (forge only models RSA). */
export function toForgePublicKey(key: KeyObject): forge.pki.rsa.PublicKey {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()) as forge.pki.rsa.PublicKey;
}

/**
 * Something forge's `certificate.sign` accepts as a key, whose signing runs in OpenSSL: forge's
 * pure-JS RSA takes ~200 ms per RSA-3072 signature, native takes well under 5 ms. forge hands us
 * the SHA-256 digest of the TBSCertificate; RSASSA-PKCS1-v1_5 is a private-key operation on its
 * DigestInfo, which is what `privateEncrypt` with PKCS#1 padding computes.
 */
export function forgeSigner(privateKey: KeyObject): forge.pki.rsa.PrivateKey {
  const signer = {
    sign(md: forge.md.MessageDigest): string {
      if (md.algorithm !== 'sha256') throw new Error(`forgeSigner signs SHA-256 digests only, not ${md.algorithm}`);
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, digest]);
      return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString('binary');
    },
  };
  // forge only ever calls `sign(md)` on the key it is given.
  return signer as unknown as forge.pki.rsa.PrivateKey;
}

/** The DER bytes of a forge certificate. */
export function forgeCertificateDer(certificate: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
}

/** A distinguished-name attribute encoded as UTF8String, which RFC 5280 §4.1.2.4 asks for. */
export function utf8Attribute(shortName: string, value: string): forge.pki.CertificateField {
  // @types/node-forge types valueTagClass as an asn1.Class; forge reads it as an asn1.Type.
  return { shortName, value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
}
