import * as pki from '../../src/pki/index';

describe('the PKI barrel', () => {
  it('exports the public functions and classes', () => {
    for (const name of [
      'createCa',
      'createRootCa',
      'createIntermediateCa',
      'loadOrCreateCa',
      'rotateIntermediateCa',
      'changeCaPassphrase',
      'issueWorkloadCertificate',
      'issueServerCertificate',
      'renewWorkloadCertificate',
      'readCsr',
      'verifyClientCertificate',
      'createCrl',
      'trustBundlePem',
      'trustBundleJwks',
      'parseTrustBundle',
      'formatSpiffeId',
      'parseSpiffeId',
      'normalizeSerialNumber',
      'encryptPrivateKey',
      'decryptPrivateKey',
    ] as const) {
      expect(typeof pki[name]).toBe('function');
    }
    expect(new pki.RevocationStore().entries()).toEqual([]);
    expect(new pki.PkiError('HALONG_PKI_CA_AS_LEAF').code).toBe('HALONG_PKI_CA_AS_LEAF');
    expect(pki.WORKLOAD_KINDS).toEqual(['collector', 'device', 'service']);
  });
});
