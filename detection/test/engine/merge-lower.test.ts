import { mergeLower } from '../../src/engine/merge-lower';
import { compileValueTest, type CompiledValueTest } from '../../src/engine/value-test';
import { prefixTest, suffixTest } from '../../src/engine/affix-set';
import { contains, endswith, startswith, str } from './ir';
import { random } from './random';

const ctx = { placeholder: () => undefined, fieldPaths: () => [] };
const compiled = (tests: ReturnType<typeof str>[]): CompiledValueTest[] => tests.map((t) => compileValueTest(t, ctx));

describe('mergeLower', () => {
  it('agrees with testing each value one by one, whichever strategy it picks (Set, automaton, loop)', () => {
    const rnd = random(5);
    const words = ['cmd', 'exe', 'power', 'shell', '\\', '-', 'a', 'ab', 'Σ'];
    const word = () => Array.from({ length: rnd.int(1, 3) }, () => rnd.pick(words)).join('');
    for (let n = 0; n < 300; n += 1) {
      const tests = Array.from({ length: rnd.int(1, 12) }, () => {
        const kind = rnd.int(0, 2);
        return kind === 0 ? str(word()) : kind === 1 ? contains(word()) : endswith(word());
      });
      const parts = compiled(tests);
      const merged = mergeLower(parts);
      for (let m = 0; m < 30; m += 1) {
        const value = word().toLowerCase() + (rnd.bool() ? word().toLowerCase() : '');
        expect(merged(value)).toBe(parts.some((p) => p.lowerPredicate!(value)));
      }
    }
  });

  it('finds any of many contained literals with one automaton pass', () => {
    const merged = mergeLower(compiled(Array.from({ length: 200 }, (_, i) => contains(`Invoke-Tool${i}.ps1`))));
    expect(merged('x invoke-tool137.ps1 y')).toBe(true);
    expect(merged('invoke-tool200.ps1')).toBe(false);
  });

  it('tests many prefixes and suffixes by lookups, agreeing with startsWith and endsWith', () => {
    const rnd = random(9);
    const pieces = ['a', 'b', 'ab', '\\', '.', 'dll', 'x\\y', 'Σ'];
    const word = () => Array.from({ length: rnd.int(1, 3) }, () => rnd.pick(pieces)).join('');
    for (let n = 0; n < 300; n += 1) {
      // `\name` suffixes (one lead character, nowhere else: the shape of most rules), short ones
      // of few lengths (looked up by length), or anything (tested one by one).
      const mode = rnd.int(0, 2);
      const short = () => Array.from({ length: rnd.int(2, 3) }, () => rnd.pick(['a', 'b', '\\', '.'])).join('');
      const affix = () => (mode === 0 ? `\\${word().replace(/\\/g, '')}` : mode === 1 ? short() : word());
      const tests = Array.from({ length: rnd.int(8, 40) }, () => (rnd.bool(0.5) ? endswith(affix()) : startswith(affix())));
      const parts = compiled(tests);
      const merged = mergeLower(parts);
      for (let m = 0; m < 40; m += 1) {
        const value = Array.from({ length: rnd.int(0, 4) }, () => (rnd.bool(0.3) ? affix() : rnd.bool() ? short() : word())).join('').toLowerCase();
        expect({ value, hit: merged(value) }).toEqual({ value, hit: parts.some((p) => p.lowerPredicate!(value)) });
      }
    }
  });

  it('finds a suffix after the last lead character, and handles texts shorter than every value', () => {
    const dlls = suffixTest(['\\aclui.dll', '\\atl.dll', '\\bcd.dll']);
    expect(dlls('c:\\windows\\system32\\atl.dll')).toBe(true);
    expect(dlls('\\atl.dll')).toBe(true);
    expect(dlls('c:\\atl.dll\\x')).toBe(false);
    expect(dlls('atl.dll')).toBe(false);
    const mixed = suffixTest(['.ps1', 'x\\y.ps1', '\\a']);
    expect(mixed('c:\\x\\y.ps1')).toBe(true);
    expect(mixed('p')).toBe(false);
    expect(prefixTest(['c:\\windows\\', 'c:\\users\\'])('c:\\users\\bob')).toBe(true);
    expect(prefixTest(['c:\\windows\\', 'c:\\users\\'])('c:\\user')).toBe(false);
    expect(suffixTest(['', 'a'])('b')).toBe(true);
  });
});
