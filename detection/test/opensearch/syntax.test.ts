import ipaddr from 'ipaddr.js';
import { ipv4NetworkRegexp, isIpLiteral, parseNetwork, prefixNetwork } from '../../src/opensearch/ip-syntax';
import type { GlobPart } from '../../src/opensearch/lucene-syntax';
import { globMatches, globToRegexp, normalizeGlob, toWildcard } from '../../src/opensearch/lucene-syntax';
import { expandTest, parseSigmaString } from '../../src/opensearch/placeholders';
import { any, lit, mapping, one, ph, str } from './fixtures/ir';
import { luceneToJs } from './fixtures/lucene-to-js';

const g = (...parts: GlobPart[]) => parts;
const L = (text: string): GlobPart => ({ kind: 'literal', text });
const ANY: GlobPart = { kind: 'any' };
const ONE: GlobPart = { kind: 'one' };

describe('globs', () => {
  it('normalize: merge literals, drop empty ones, collapse `**`', () => {
    expect(normalizeGlob(g(L('a'), L(''), L('b'), ANY, ANY, ONE))).toEqual(g(L('ab'), ANY, ONE));
  });

  it('escape wildcard metacharacters for Lucene', () => {
    expect(toWildcard(g(ANY, L('a*b?c\\d'), ONE))).toBe('*a\\*b\\?c\\\\d?');
  });

  it('become regexps folding case by orbit, escaping punctuation', () => {
    const re = globToRegexp(g(L('C:\\k'), ANY, L('é.'), ONE), true);
    expect(re).toBe('[Cc]\\:\\\\[Kk\u212A].*[Éé]\\..');
    expect(luceneToJs(re).test('c:\\\u212Axyz\u00c9.!')).toBe(true);
    expect(luceneToJs(re).test('c:\\kxyzé.')).toBe(false);
  });

  it('match in code, code point by code point', () => {
    expect(globMatches(g(L('a'), ONE, L('c')), 'a😀c')).toBe(true);
    expect(globMatches(g(ANY, L('b'), ANY), 'abc')).toBe(true);
    expect(globMatches(g(ANY, L('B')), 'ab')).toBe(false);
    expect(globMatches(g(ANY, L('B')), 'ab', (s) => s.toLowerCase())).toBe(true);
    expect(globMatches(g(), '')).toBe(true);
  });
});

describe('placeholders', () => {
  it('parse values as Sigma strings', () => {
    expect(parseSigmaString('adm*')).toEqual(g(L('adm'), ANY));
    expect(parseSigmaString('a\\*b\\?c\\\\d\\e?')).toEqual(g(L('a*b?c\\d\\e'), ONE));
  });

  it('expand into one test per combination of values', () => {
    const m = mapping('x', { placeholders: { a: ['1', '2*'], b: ['x'] } });
    expect(expandTest(str([ph('a'), lit('-'), ph('b'), any, one]), m)).toEqual([
      { kind: 'string', cased: false, pattern: g(L('1'), L('-'), L('x'), ANY, ONE) },
      { kind: 'string', cased: false, pattern: g(L('2'), ANY, L('-'), L('x'), ANY, ONE) },
    ]);
    expect(() => expandTest(str([ph('nope')]), m)).toThrow(/%nope%/);
  });
});

describe('IP syntax', () => {
  it('accepts the literals an ip field can take', () => {
    expect(['10.1.2.3', '2001:db8::1', '::ffff:10.1.2.3', 'FE80::1'].every(isIpLiteral)).toBe(true);
    expect(['010.1.2.3', '1', '10.1.2', 'fe80::1%eth0', 'x', '256.1.1.1'].some(isIpLiteral)).toBe(false);
  });

  it('normalizes networks to their address', () => {
    expect(parseNetwork('10.1.2.3/8')).toEqual({ cidr: '10.0.0.0/8', v4: { octets: [10, 0, 0, 0], bits: 8 } });
    expect(parseNetwork('2001:db8::1/32')).toEqual({ cidr: '2001:db8::/32' });
    expect(() => parseNetwork('10.0.0.0/33')).toThrow(/not an IPv4 or IPv6 network/);
  });

  it.each(['10.0.0.0/8', '192.168.1.0/28', '172.16.0.0/12', '0.0.0.0/0', '1.2.3.4/32', '100.64.0.0/10', '10.20.30.128/25'])(
    'matches exactly the dotted quads of %s',
    (network) => {
      const { v4 } = parseNetwork(network);
      const re = luceneToJs(ipv4NetworkRegexp(v4!.octets, v4!.bits));
      const range = ipaddr.IPv4.parseCIDR(network);
      const [o0, o1, o2, o3] = v4!.octets;
      const samples = [[o0, o1, o2, o3], [o0, o1, o2, 255], [o0, o1, 255, 0], [o0, 255, 0, 1], [(o0! + 1) % 256, o1, o2, o3], [o0, o1, (o2! + 16) % 256, o3], [0, 0, 0, 0], [255, 255, 255, 255]];
      for (let n = 0; n < 256; n += 7) samples.push([o0, o1, n, n], [o0, n, o2, o3], [n, o1, o2, o3]);
      for (const s of samples) {
        const text = s.join('.');
        expect([text, re.test(text)]).toEqual([text, ipaddr.IPv4.parse(text).match(range)]);
      }
      expect(re.test(`${o0}.0${o1}.${o2}.${o3}`)).toBe(false);
    },
  );

  it('turns dotted prefixes into networks only when exact', () => {
    expect(prefixNetwork('192.168.')).toBe('192.168.0.0/16');
    expect(prefixNetwork('10.')).toBe('10.0.0.0/8');
    expect(prefixNetwork('10.1.2.')).toBe('10.1.2.0/24');
    expect(prefixNetwork('10.1')).toBeUndefined();
    expect(prefixNetwork('01.')).toBeUndefined();
    expect(prefixNetwork('1.2.3.4.')).toBeUndefined();
  });
});
