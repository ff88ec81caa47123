import { ErrorWithReasonCode } from 'mqtt';
import { isRefusal } from '../../../src/inputs/mqtt/fatal-error';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('isRefusal', () => {
  it('is a certificate either side refused, or a CONNACK refusal', () => {
    expect(isRefusal(coded('SELF_SIGNED_CERT_IN_CHAIN'))).toBe(true);
    expect(isRefusal(coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'))).toBe(true);
    expect(isRefusal(coded('CERT_HAS_EXPIRED'))).toBe(true);
    expect(isRefusal(coded('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe(true);
    expect(isRefusal(coded('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'))).toBe(true);
    expect(isRefusal(new ErrorWithReasonCode('Connection refused: Not authorized', 0x87))).toBe(true);
  });

  it('is not a broker that is down or unreachable, which may come back', () => {
    expect(isRefusal(coded('ECONNREFUSED'))).toBe(false);
    expect(isRefusal(coded('ECONNRESET'))).toBe(false);
    expect(isRefusal(coded('ETIMEDOUT'))).toBe(false);
    expect(isRefusal(new Error('connack timeout'))).toBe(false);
    expect(isRefusal(null)).toBe(false);
  });
});
