import { X509Certificate, createHash } from 'node:crypto';
import { certificateThumbprint, checkCertificateBinding, readCertificateBinding } from '../../src/tokens/cert-binding';
import { TokenDeniedError } from '../../src/tokens/errors';

// A real self-signed certificate; its thumbprint was computed independently with
// openssl x509 -outform DER | openssl dgst -sha256 -binary | base64url.
const PEM = `-----BEGIN CERTIFICATE-----
MIIBjzCCATWgAwIBAgIUTGNz4xNDXC++CSP9MR6aPKKf4A0wCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSaGFsb25nLXRlc3QtY2xpZW50MB4XDTI2MTEyMzIwMTkwMVoX
DTM2MTEyMDIwMTkwMVowHTEbMBkGA1UEAwwSaGFsb25nLXRlc3QtY2xpZW50MFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEx32EYC+2FCYjdih7b0M7hQmpxpiT/aHG
gSDO//TK6AuPXJGXi7IeF5eNqQ7Tgxt9+m0QYT45h0/O+PR00iitKqNTMFEwHQYD
VR0OBBYEFP5RR1p8W3/tqAIm2zfsNpr7YTodMB8GA1UdIwQYMBaAFP5RR1p8W3/t
qAIm2zfsNpr7YTodMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIg
VDW2Ats2L7FrWi+kZ4TEisWtbb+nQnPT7J80snxUesICIQD896KDWqVuwH1MwONw
i/lCVj30dn+hSV2u4GLi3aMTTg==
-----END CERTIFICATE-----`;
const OPENSSL_THUMBPRINT = 'gwplDV5y1rrTgg1V3SYctOi3LLjix12c_-ajAd5_JyY';

describe('certificateThumbprint', () => {
  it('matches openssl for a real certificate (node X509Certificate)', () => {
    expect(certificateThumbprint(new X509Certificate(PEM))).toBe(OPENSSL_THUMBPRINT);
  });

  it('takes the DER bytes directly', () => {
    const der = Buffer.from(PEM.split('\n').filter((line) => !line.startsWith('-----')).join(''), 'base64');
    expect(certificateThumbprint(der)).toBe(OPENSSL_THUMBPRINT);
    expect(certificateThumbprint(new Uint8Array(der))).toBe(OPENSSL_THUMBPRINT);
  });
});

describe('certificate binding', () => {
  const bound = createHash('sha256').update('a').digest('base64url');
  const denied = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(TokenDeniedError);
      return (error as TokenDeniedError).code;
    }
    return 'allowed';
  };

  it('reads cnf x5t#S256 or nothing', () => {
    expect(readCertificateBinding({})).toBeUndefined();
    expect(readCertificateBinding({ cnf: { 'x5t#S256': bound } })).toBe(bound);
  });

  it.each([[{ cnf: 'x' }], [{ cnf: [] }], [{ cnf: null }], [{ cnf: {} }], [{ cnf: { 'x5t#S256': 'short' } }], [{ cnf: { jkt: bound } }]])(
    'denies an unenforceable cnf %j',
    (claims) => {
      expect(denied(() => readCertificateBinding(claims))).toBe('HALONG_TOKEN_CERT_BINDING');
    },
  );

  it('allows a match, an unbound token unless required, and denies the rest', () => {
    expect(denied(() => checkCertificateBinding(bound, bound, false))).toBe('allowed');
    expect(denied(() => checkCertificateBinding(undefined, undefined, false))).toBe('allowed');
    expect(denied(() => checkCertificateBinding(undefined, bound, true))).toBe('HALONG_TOKEN_CERT_BINDING');
    expect(denied(() => checkCertificateBinding(bound, undefined, false))).toBe('HALONG_TOKEN_CERT_BINDING');
    expect(denied(() => checkCertificateBinding(bound, `${bound}x`, false))).toBe('HALONG_TOKEN_CERT_BINDING');
    expect(denied(() => checkCertificateBinding(bound, bound.toUpperCase(), false))).toBe('HALONG_TOKEN_CERT_BINDING');
  });
});
