import RE2 from 're2';
import { asciiFoldIsExact, caseOrbit, casedCodePoints, foldString } from '../../src/opensearch/case-fold';

// The streaming matcher's case-insensitive comparison (engine/field-access.ts lowerText).
const lowerText = (s: string) => s.toLowerCase().replace(/ς/g, 'σ');
const chr = (cp: number) => String.fromCodePoint(cp);

describe("'lower' orbits", () => {
  it('relate two code points exactly when the stream lower-cases them to the same text', () => {
    const cased = casedCodePoints('lower');
    for (const cp of cased) {
      const orbit = caseOrbit(cp, 'lower');
      for (const other of orbit) expect([cp, other, lowerText(chr(cp)) === lowerText(chr(other))]).toEqual([cp, other, true]);
    }
    // And nothing outside an orbit lower-cases like its members (İ lower-cases to two code points: it stays alone).
    for (let cp = 0; cp < 0x3000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const lower = lowerText(chr(cp));
      if (Array.from(lower).length !== 1) continue;
      const target = lower.codePointAt(0)!;
      if (target !== cp) expect([cp, caseOrbit(cp, 'lower').includes(target)]).toEqual([cp, true]);
    }
  });

  it('treat ς as σ, K (Kelvin) as k, and keep ſ, ß and İ apart', () => {
    expect(caseOrbit(0x3c3, 'lower').map(chr).join('')).toBe('Σςσ');
    expect(caseOrbit(0x6b, 'lower')).toEqual([0x4b, 0x6b, 0x212a]);
    expect(caseOrbit(0x73, 'lower')).toEqual([0x53, 0x73]);
    expect(caseOrbit(0xdf, 'lower')).toEqual([0xdf, 0x1e9e]);
    expect(caseOrbit(0x130, 'lower')).toEqual([0x130]);
  });

  it('tell when OpenSearch ASCII case_insensitive is exact', () => {
    expect(asciiFoldIsExact('a'.codePointAt(0)!)).toBe(true);
    expect(asciiFoldIsExact('S'.codePointAt(0)!)).toBe(true);
    expect(asciiFoldIsExact('1'.codePointAt(0)!)).toBe(true);
    expect(asciiFoldIsExact('\\'.codePointAt(0)!)).toBe(true);
    expect(asciiFoldIsExact('k'.codePointAt(0)!)).toBe(false);
    expect(asciiFoldIsExact('é'.codePointAt(0)!)).toBe(false);
    expect(asciiFoldIsExact('中'.codePointAt(0)!)).toBe(true);
  });

  it('fold strings as the painless scripts do', () => {
    expect(foldString('ΣΑΣ Émile \u212A')).toBe('σασ émile k');
  });
});

describe("'re2' orbits", () => {
  it("equal RE2's (?i) for every code point RE2's Unicode tables know", () => {
    const differ: number[] = [];
    const cased = casedCodePoints('re2');
    for (const cp of cased) {
      const re = new RE2(`^\\x{${cp.toString(16)}}$`, 'i');
      if (!caseOrbit(cp, 're2').every((o) => re.test(chr(o)))) differ.push(cp);
    }
    // Only orbits with a letter from Unicode 16, newer than RE2's tables (V8's are), differ.
    const unicode16 = (cp: number) => (cp >= 0x1c89 && cp <= 0x1c8a) || (cp >= 0xa7cb && cp <= 0xa7dc) || (cp >= 0x10d50 && cp <= 0x10d85) || (cp >= 0x16ea0 && cp <= 0x16ed3);
    expect(cased.length).toBeGreaterThan(2500);
    expect(differ.filter((cp) => !caseOrbit(cp, 're2').some(unicode16))).toEqual([]);
    expect(caseOrbit(0x73, 're2')).toEqual([0x53, 0x73, 0x17f]);
    expect(caseOrbit(0xb5, 're2')).toEqual([0x39c, 0x3bc, 0xb5].sort((a, b) => a - b));
  });
});
