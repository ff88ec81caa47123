import { mergeLower } from '../../src/engine/merge-lower';
import { compileValueTest, type CompiledValueTest } from '../../src/engine/value-test';
import { contains, endswith, str } from './ir';
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
});
