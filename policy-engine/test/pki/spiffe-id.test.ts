import { PkiError } from '../../src/pki/errors';
import { assertTrustDomain, formatSpiffeId, isValidSegment, parseSpiffeId, trustDomainId } from '../../src/pki/spiffe-id';
import type { WorkloadKind } from '../../src/pki/spiffe-id';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof PkiError ? error.code : 'not a PkiError';
  }
};

describe('formatSpiffeId', () => {
  it.each(['collector', 'device', 'service'] as const)('formats a %s identity', (kind) => {
    expect(formatSpiffeId({ trustDomain: 'halong.local', kind, site: 'hanoi-dc1', name: 'syslog_01.a' })).toBe(`spiffe://halong.local/${kind}/hanoi-dc1/syslog_01.a`);
  });

  it('accepts 63-character segments and refuses 64', () => {
    const ok = 'a'.repeat(63);
    expect(formatSpiffeId({ trustDomain: 'halong.local', kind: 'device', site: ok, name: ok })).toBe(`spiffe://halong.local/device/${ok}/${ok}`);
    expect(codeOf(() => formatSpiffeId({ trustDomain: 'halong.local', kind: 'device', site: 'a'.repeat(64), name: 'x' }))).toBe('HALONG_PKI_INVALID_IDENTITY');
  });

  it.each([
    ['uppercase', 'Hanoi'],
    ['slash', 'a/b'],
    ['empty', ''],
    ['dot', '.'],
    ['dot-dot', '..'],
    ['space', 'a b'],
    ['percent-encoding', 'a%2fb'],
    ['unicode', 'hà-nội'],
    ['colon', 'a:b'],
  ])('refuses a site or name with %s', (_label, bad) => {
    expect(codeOf(() => formatSpiffeId({ trustDomain: 'halong.local', kind: 'device', site: bad, name: 'ok' }))).toBe('HALONG_PKI_INVALID_IDENTITY');
    expect(codeOf(() => formatSpiffeId({ trustDomain: 'halong.local', kind: 'device', site: 'ok', name: bad }))).toBe('HALONG_PKI_INVALID_IDENTITY');
    expect(isValidSegment(bad)).toBe(false);
  });

  it('refuses an unknown kind and a bad trust domain', () => {
    expect(codeOf(() => formatSpiffeId({ trustDomain: 'halong.local', kind: 'user' as WorkloadKind, site: 's', name: 'n' }))).toBe('HALONG_PKI_INVALID_IDENTITY');
    expect(codeOf(() => formatSpiffeId({ trustDomain: 'Halong.Local', kind: 'device', site: 's', name: 'n' }))).toBe('HALONG_PKI_INVALID_TRUST_DOMAIN');
  });
});

describe('assertTrustDomain and trustDomainId', () => {
  it('accepts DNS-like trust domains and gives their SPIFFE ID', () => {
    expect(() => assertTrustDomain('gov.example-province.vn')).not.toThrow();
    expect(trustDomainId('halong.local')).toBe('spiffe://halong.local');
  });

  it.each(['', 'HALONG', 'halong.local/x', 'halong local', 'halong:8443', 'a'.repeat(256)])('refuses %j', (bad) => {
    expect(codeOf(() => assertTrustDomain(bad))).toBe('HALONG_PKI_INVALID_TRUST_DOMAIN');
  });
});

describe('parseSpiffeId', () => {
  it('parses a Halong workload ID into its parts', () => {
    expect(parseSpiffeId('spiffe://halong.local/collector/danang/edge-7')).toEqual({ trustDomain: 'halong.local', kind: 'collector', site: 'danang', name: 'edge-7' });
  });

  it('round-trips with formatSpiffeId', () => {
    const identity = { trustDomain: 'other.domain', kind: 'service' as const, site: 'core', name: 'pdp' };
    expect(parseSpiffeId(formatSpiffeId(identity))).toEqual(identity);
  });

  it.each([
    ['another scheme', 'https://halong.local/device/a/b'],
    ['an uppercase scheme', 'SPIFFE://halong.local/device/a/b'],
    ['no path', 'spiffe://halong.local'],
    ['a trailing slash', 'spiffe://halong.local/device/a/b/'],
    ['two segments', 'spiffe://halong.local/device/a'],
    ['four segments', 'spiffe://halong.local/device/a/b/c'],
    ['an unknown kind', 'spiffe://halong.local/user/a/b'],
    ['an empty segment', 'spiffe://halong.local/device//b'],
    ['a dot-dot segment', 'spiffe://halong.local/device/../b'],
    ['a query', 'spiffe://halong.local/device/a/b?x=1'],
    ['a fragment', 'spiffe://halong.local/device/a/b#x'],
    ['a port', 'spiffe://halong.local:443/device/a/b'],
    ['user info', 'spiffe://u@halong.local/device/a/b'],
    ['percent-encoding', 'spiffe://halong.local/device/a/b%41'],
    ['an uppercase trust domain', 'spiffe://Halong.local/device/a/b'],
    ['an overlong ID', `spiffe://halong.local/device/a/${'b'.repeat(2100)}`],
  ])('refuses %s', (_label, uri) => {
    expect(codeOf(() => parseSpiffeId(uri))).toBe('HALONG_PKI_MALFORMED_SPIFFE_ID');
  });
});
