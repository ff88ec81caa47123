import { createPrivateKey } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { nodeCrypto } from '../pki/x509-webcrypto';

/** A fresh P-256 key and a CSR for it. The CA ignores the subject: the join token names the identity. */
export async function newKeyAndCsr(commonName: string): Promise<{ keyPem: string; csrPem: string }> {
  const keys = (await nodeCrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: `CN=${commonName.replace(/[,=+<>#;"\\]/g, '_')}`, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } }, nodeCrypto);
  const der = Buffer.from(await nodeCrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { keyPem, csrPem: csr.toString('pem') };
}
