import { AhoCorasick } from '../../src/engine/aho-corasick';
import { RESUME_FROM } from '../../src/engine/prefix-resume';
import { random } from './random';

describe('prefix resumption of long scans', () => {
  const rnd = random(5);
  const alphabet = ['a', 'b', 'c', 'x', '\r', '\n', ' ', 'é', '\ud83d', '\ude00'];
  const text = (n: number) => Array.from({ length: n }, () => rnd.pick(alphabet)).join('');
  const patterns = [...new Set(Array.from({ length: 40 }, () => text(rnd.int(2, 5))))];

  /** Patterns found, and code units the DFA read (through run). */
  function scan(automaton: AhoCorasick, t: string, generation: number): { found: string[]; read: number } {
    const run = automaton.run.bind(automaton);
    let read = 0;
    const spy = jest.spyOn(automaton, 'run').mockImplementation((units, from, to, row, sink) => {
      read += to - from;
      return run(units, from, to, row, sink);
    });
    const out: number[] = [];
    automaton.scan(t, seen, 0, generation, out);
    spy.mockRestore();
    return { found: out.map((p) => automaton.patterns[p]!).sort(), read };
  }
  const seen = new Uint32Array(patterns.length);

  it('finds what includes() finds, resuming texts that share a prefix with one of the last few', () => {
    const automaton = new AhoCorasick(patterns);
    // Six families (more than are remembered), each a fixed head and a varying tail.
    const heads = Array.from({ length: 6 }, () => text(rnd.int(RESUME_FROM, 3000)));
    let resumed = 0;
    for (let n = 1; n < 400; n += 1) {
      const family = rnd.int(0, rnd.bool(0.7) ? 2 : 5);
      const head = heads[family]!;
      // Cut the head anywhere, even mid-block, and sometimes change a unit inside it.
      let t = head.slice(0, rnd.int(0, head.length)) + text(rnd.int(0, 1500));
      if (rnd.bool(0.2) && t.length > 10) {
        const at = rnd.int(0, t.length - 1);
        t = t.slice(0, at) + rnd.pick(alphabet) + t.slice(at + 1);
      }
      const { found, read } = scan(automaton, t, n);
      expect(found).toEqual(patterns.filter((p) => t.includes(p)).sort());
      if (t.length >= RESUME_FROM && read < t.length - 256) resumed += 1;
    }
    expect(resumed).toBeGreaterThan(100);
  });

  it('carries the DFA state across the resume point: a pattern that straddles it is found', () => {
    const automaton = new AhoCorasick(['qwert', 'zz']);
    const head = `${'x'.repeat(509)}qwe`;
    const first = `${head}zz${'-'.repeat(RESUME_FROM)}`;
    const second = `${head}rt${'+'.repeat(RESUME_FROM)}`;
    expect(scan(automaton, first, 1).found).toEqual(['zz']);
    const { found, read } = scan(automaton, second, 2);
    expect(found).toEqual(['qwert']);
    expect(read).toBe(second.length - head.length);
  });

  it('reports nothing twice in one generation, and what an earlier scan of the generation did not report', () => {
    const automaton = new AhoCorasick(['abc', 'xyz', 'cx']);
    const long = 'abc'.padEnd(RESUME_FROM + 300, '-');
    const local = new Uint32Array(3);
    const out: number[] = [];
    automaton.scan(long, local, 0, 1, out);
    automaton.scan(`${long}xyz`, local, 0, 1, out);
    automaton.scan(`${long}cx`, local, 0, 2, out);
    expect(out).toEqual([0, 1, 0, 2]);
  });
});
