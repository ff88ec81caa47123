import { AuthzenError } from '../../src/authzen';
import { canonicalJson } from '../../src/authzen/canonical-json';
import { decodePageToken, encodePageToken, searchFingerprint } from '../../src/authzen/page-token';

const request = { subject: { type: 'user', id: 'alice' }, action: { name: 'read' }, resource: { type: 'alert' }, page: { limit: 2 } };

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: [{ y: true, x: null }], c: undefined })).toBe('{"a":[{"x":null,"y":true}],"b":1}');
  });

  it('refuses JSON nested deeper than 64 levels instead of overflowing the stack', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => canonicalJson({ context: deep })).toThrow(AuthzenError);
    expect(() => canonicalJson({ context: deep })).toThrow('the request nests deeper than 64 levels');
  });
});

describe('page tokens', () => {
  it('fingerprint what is asked, whatever the key order and the token', () => {
    const a = searchFingerprint('resource', request);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(searchFingerprint('resource', { page: { token: 'abc', limit: 2 }, resource: { type: 'alert' }, action: { name: 'read' }, subject: { id: 'alice', type: 'user' } })).toBe(a);
    expect(searchFingerprint('subject', request)).not.toBe(a);
    expect(searchFingerprint('resource', { ...request, page: { limit: 3 } })).not.toBe(a);
    expect(searchFingerprint('resource', { ...request, context: { ip: '10.0.0.1' } })).not.toBe(a);
  });

  it('round-trip an offset for the same search only', () => {
    const fingerprint = searchFingerprint('resource', request);
    const token = encodePageToken(1234, fingerprint);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageToken(token, fingerprint)).toBe(1234);
    expect(() => decodePageToken(token, searchFingerprint('action', request))).toThrow('belongs to another search');
  });

  it.each(['', 'not-base64!', Buffer.from('-1.AAAAAAAAAAAAAAAAAAAAAA').toString('base64url'), Buffer.from('12.short').toString('base64url')])(
    'refuse a malformed token %j with HALONG_AUTHZEN_INVALID_PAGE_TOKEN',
    (token) => {
      let err: unknown;
      try {
        decodePageToken(token, searchFingerprint('resource', request));
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'HALONG_AUTHZEN_INVALID_PAGE_TOKEN', statusCode: 400, message: 'page.token is not a token this PDP issued' });
    },
  );
});
