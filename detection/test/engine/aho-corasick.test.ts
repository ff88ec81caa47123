import { AhoCorasick } from '../../src/engine/aho-corasick';
import { random } from './random';

function found(ac: AhoCorasick, text: string): string[] {
  const out: number[] = [];
  ac.scan(text, new Uint32Array(ac.patterns.length), 0, 1, out);
  return out.map((i) => ac.patterns[i]!).sort();
}

describe('AhoCorasick', () => {
  it('finds every pattern that occurs, overlapping or nested', () => {
    const ac = new AhoCorasick(['he', 'she', 'his', 'hers']);
    expect(found(ac, 'ushers')).toEqual(['he', 'hers', 'she']);
    expect(found(ac, 'xyz')).toEqual([]);
  });

  it('matches code units, so it agrees with String.prototype.includes where a grapheme matcher does not', () => {
    const ac = new AhoCorasick(['\n', 'e', '\ud83d']);
    expect(found(ac, 'a\r\nb')).toEqual(['\n']);
    expect(found(ac, 'e\u0301')).toEqual(['e']);
    expect(found(ac, '😀')).toEqual(['\ud83d']);
  });

  it('reports a pattern once per generation, at the caller-given offset', () => {
    const ac = new AhoCorasick(['ab']);
    const seen = new Uint32Array(5);
    const out: number[] = [];
    ac.scan('ab ab ab', seen, 3, 7, out);
    ac.scan('ab', seen, 3, 7, out);
    expect(out).toEqual([0]);
    expect(seen[3]).toBe(7);
    ac.scan('ab', seen, 3, 8, out);
    expect(out).toEqual([0, 0]);
  });

  it('answers a short text it has scanned before from memory, reporting what a scan would', () => {
    const patterns = ['ab', 'b', 'abc', 'zz'];
    const ac = new AhoCorasick(patterns);
    const text = (s: string) => [...s].join('');
    // What a scan reports, in order: from an automaton that has not seen the text.
    const scanned = (s: string, seen: Uint32Array, generation: number) => {
      const out: number[] = [];
      new AhoCorasick(patterns).scan(s, seen.slice(), 2, generation, out);
      return out;
    };
    const charCodeAt = jest.spyOn(String.prototype, 'charCodeAt');
    try {
      const seen = new Uint32Array(10);
      const first = scanned('xabcab', seen, 1);
      expect(first).toHaveLength(3);
      charCodeAt.mockClear();
      const out: number[] = [];
      ac.scan(text('xabcab'), seen, 2, 1, out);
      expect(charCodeAt).toHaveBeenCalled();
      expect(out).toEqual(first);
      charCodeAt.mockClear();
      // The same text again (another string object): nothing read, and patterns already seen
      // this generation are not reported twice.
      ac.scan(text('xabcab'), seen, 2, 1, out);
      expect(out).toEqual(first);
      ac.scan(text('xabcab'), seen, 2, 2, out);
      expect(out).toEqual([...first, ...first]);
      seen[2 + 1] = 3;
      const expected = scanned('xabcab', seen, 3);
      charCodeAt.mockClear();
      const next: number[] = [];
      ac.scan(text('xabcab'), seen, 2, 3, next);
      expect(next).toEqual(expected);
      expect(next).not.toContain(1);
      expect(charCodeAt).not.toHaveBeenCalled();
      // test() shares the memory: a text scanned before is answered without reading it.
      expect(ac.test(text('xabcab'))).toBe(true);
      expect(charCodeAt).not.toHaveBeenCalled();
      expect(ac.test(text('qqq'))).toBe(false);
      expect(charCodeAt).toHaveBeenCalled();
      charCodeAt.mockClear();
      expect(ac.test(text('qqq'))).toBe(false);
      expect(charCodeAt).not.toHaveBeenCalled();
      ac.scan(text('zzz'), seen, 2, 3, next);
      expect(charCodeAt).toHaveBeenCalled();
      expect(next).toEqual([...expected, 3]);
    } finally {
      charCodeAt.mockRestore();
    }
  });

  it('keeps agreeing with includes() when its memory of short texts fills up and starts over', () => {
    const rnd = random(21);
    const ac = new AhoCorasick(['ab', 'ba', 'aaa', 'c']);
    const seen = new Uint32Array(4);
    for (let n = 1; n <= 5000; n += 1) {
      let s = '';
      for (let k = rnd.int(0, 12); k > 0; k -= 1) s += rnd.pick(['a', 'b', 'c', 'd']);
      const out: number[] = [];
      ac.scan(s, seen, 0, n, out);
      expect(out.map((i) => ac.patterns[i]!).sort()).toEqual(ac.patterns.filter((p) => s.includes(p)).sort());
    }
  });

  it('refuses empty patterns', () => {
    expect(() => new AhoCorasick(['a', ''])).toThrow(RangeError);
  });

  it('equals a naive includes() over random dictionaries and texts', () => {
    const rnd = random(11);
    const alphabet = ['a', 'b', 'c', '\\', '.', 'é', '😀'];
    const word = (max: number) => {
      let s = '';
      for (let k = rnd.int(1, max); k > 0; k -= 1) s += rnd.pick(alphabet);
      return s;
    };
    for (let n = 0; n < 200; n += 1) {
      const patterns = [...new Set(Array.from({ length: rnd.int(1, 30) }, () => word(5)))];
      const ac = new AhoCorasick(patterns);
      for (let m = 0; m < 20; m += 1) {
        const text = word(40);
        const expected = patterns.filter((p) => text.includes(p)).sort();
        expect(found(ac, text)).toEqual(expected);
        expect(ac.test(text)).toBe(expected.length > 0);
      }
    }
  });
});

describe('AhoCorasick on long texts (copied to a buffer, gated by anchors)', () => {
  it('equals a naive includes() whether or not a few anchors cover the patterns', () => {
    const rnd = random(23);
    const alphabet = ['a', 'b', ':', '\\', 'é', '😀', 'mimi', 'katz', ' '];
    const word = (min: number, max: number) => {
      let s = '';
      for (let k = rnd.int(min, max); k > 0; k -= 1) s += rnd.pick(alphabet);
      return s;
    };
    let gated = 0;
    for (let n = 0; n < 200; n += 1) {
      const patterns = [...new Set(Array.from({ length: rnd.int(1, 6) }, () => word(1, 4)))];
      const ac = new AhoCorasick(patterns);
      if (ac.anchors !== undefined) gated += 1;
      for (let m = 0; m < 20; m += 1) {
        const text = word(40, 120);
        const expected = patterns.filter((p) => text.includes(p)).sort();
        expect(found(ac, text)).toEqual(expected);
        expect(ac.test(text)).toBe(expected.length > 0);
      }
    }
    // Most small sets are covered by a few anchors: the gate was exercised, not just the DFA.
    expect(gated).toBeGreaterThan(100);
  });

  it('finds a pattern after a lone surrogate and beyond the first buffer size', () => {
    const ac = new AhoCorasick(['mimikatz', 'sekurlsa::']);
    const long = `${'x'.repeat(10_000)}\ud800 sekurlsa::logonpasswords ${'y'.repeat(5_000)}`;
    expect(found(ac, long)).toEqual(['sekurlsa::']);
    expect(found(ac, `${'z'.repeat(70)}mimikatz`)).toEqual(['mimikatz']);
    expect(found(ac, 'z'.repeat(70))).toEqual([]);
  });
});
