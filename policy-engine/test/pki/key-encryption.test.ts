import { generateKeyPairSync } from 'node:crypto';
import { decryptPrivateKey, encryptPrivateKey } from '../../src/pki/key-encryption';
import { PASSPHRASE } from './support/fixtures';
import { Scratch, openssl } from './support/openssl';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
let scratch: Scratch;
beforeAll(() => {
  scratch = new Scratch();
});
afterAll(() => scratch.remove());

describe('encryptPrivateKey / decryptPrivateKey', () => {
  it('writes encrypted PKCS#8 (PBES2, AES-256-CBC) that round-trips', () => {
    const pem = encryptPrivateKey(privateKey, PASSPHRASE);
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
    const back = decryptPrivateKey(pem, PASSPHRASE);
    expect(back.export({ type: 'pkcs8', format: 'der' }).equals(privateKey.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
  });

  it('is readable by openssl with the passphrase, and only with it', () => {
    const path = scratch.write('key.pem', encryptPrivateKey(privateKey, PASSPHRASE));
    const info = openssl(['asn1parse', '-in', path]).stdout;
    expect(info).toContain('PBES2');
    expect(info).toContain('aes-256-cbc');
    expect(openssl(['pkey', '-in', path, '-passin', `pass:${PASSPHRASE}`, '-noout']).status).toBe(0);
    expect(openssl(['pkey', '-in', path, '-passin', 'pass:wrong passphrase!', '-noout']).status).not.toBe(0);
  });

  it('reports a wrong passphrase with HALONG_PKI_WRONG_PASSPHRASE', () => {
    const pem = encryptPrivateKey(privateKey, PASSPHRASE);
    expect(() => decryptPrivateKey(pem, 'not the passphrase')).toThrow(expect.objectContaining({ code: 'HALONG_PKI_WRONG_PASSPHRASE' }));
  });

  it('refuses a plaintext key with HALONG_PKI_KEY_NOT_ENCRYPTED', () => {
    const plain = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => decryptPrivateKey(plain, PASSPHRASE)).toThrow(expect.objectContaining({ code: 'HALONG_PKI_KEY_NOT_ENCRYPTED' }));
  });

  it('refuses passphrases shorter than 12 characters', () => {
    expect(() => encryptPrivateKey(privateKey, 'short')).toThrow(expect.objectContaining({ code: 'HALONG_PKI_WEAK_PASSPHRASE' }));
  });
});
