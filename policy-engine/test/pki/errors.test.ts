import { PKI_ERRORS, PkiError } from '../../src/pki/errors';
import type { PkiErrorCode } from '../../src/pki/errors';

describe('PkiError', () => {
  it('carries a stable code and its default message', () => {
    const error = new PkiError('HALONG_PKI_WRONG_PASSPHRASE');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PkiError');
    expect(error.code).toBe('HALONG_PKI_WRONG_PASSPHRASE');
    expect(error.message).toBe(PKI_ERRORS.HALONG_PKI_WRONG_PASSPHRASE);
    expect(error.cause).toBeUndefined();
  });

  it('takes a custom message and a cause', () => {
    const cause = new Error('bad decrypt');
    const error = new PkiError('HALONG_PKI_STORE_CORRUPT', 'custom', { cause });
    expect(error.message).toBe('custom');
    expect(error.cause).toBe(cause);
  });

  it('has only HALONG_PKI_<NAME> codes, each with a sentence', () => {
    for (const [code, message] of Object.entries(PKI_ERRORS) as [PkiErrorCode, string][]) {
      expect(code).toMatch(/^HALONG_PKI_[A-Z]+(_[A-Z]+)*$/);
      expect(message).toMatch(/^[A-Z].*\.$/);
    }
  });
});
