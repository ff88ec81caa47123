import { CachedView } from '../../src/engine/event-view';
import { pathRef } from '../../src/engine/field-access';
import { buildPathIndexes, CandidateScratch, patternTotal } from '../../src/engine/literal-index';
import { LEAVES_PATH, type Clause } from '../../src/engine/requirements';

describe('literal index', () => {
  const indexes = buildPathIndexes([
    { item: 0, clause: [{ path: 'process.command_line', kind: 'sub', text: 'mimikatz' }] },
    { item: 1, clause: [{ path: 'event.code', kind: 'eq', text: '4688' }] },
    { item: 2, clause: [{ path: 'process.command_line', kind: 'sub', text: 'katz' }, { path: 'user.name', kind: 'eq', text: 'root' }] },
  ]);
  const view = new CachedView();
  const candidates = (scratch: CandidateScratch, event: Record<string, unknown>) => {
    view.reset(event);
    scratch.next();
    const out: number[] = [];
    for (const index of indexes) scratch.collect(index, view, out);
    return out.sort();
  };

  it('returns each item whose atom holds, once, from exact values and substrings', () => {
    const scratch = new CandidateScratch(3, patternTotal(indexes));
    expect(candidates(scratch, { process: { command_line: 'MIMIKATZ.exe' }, event: { code: 4688 }, user: { name: 'root' } })).toEqual([0, 1, 2]);
    expect(candidates(scratch, { process: { command_line: ['x', 'a-katz'] } })).toEqual([2]);
    expect(candidates(scratch, { event: { code: '4688.0' } })).toEqual([1]);
    expect(candidates(scratch, { event: { code: '04688' } })).toEqual([1]);
    expect(candidates(scratch, { event: { code: '+4688' } })).toEqual([1]);
    expect(candidates(scratch, { event: { code: '46880' } })).toEqual([]);
    expect(candidates(scratch, { user: { name: 'ROOT' } })).toEqual([2]);
    expect(candidates(scratch, { user: { name: 'rooty' } })).toEqual([]);
  });

  it('keeps working across the wrap of its 32-bit event stamp', () => {
    const scratch = new CandidateScratch(3, patternTotal(indexes));
    expect(candidates(scratch, { event: { code: 4688 } })).toEqual([1]);
    scratch.generation = 0xfffffffd;
    expect(candidates(scratch, { event: { code: 4688 } })).toEqual([1]);
    expect(candidates(scratch, { event: { code: 4688 } })).toEqual([1]);
    expect(scratch.generation).toBe(1);
    expect(candidates(scratch, { process: { command_line: 'mimikatz' } })).toEqual([0, 2]);
  });

  it('does not ask for the lower-cased form of a path the event lacks', () => {
    const scratch = new CandidateScratch(3, patternTotal(indexes));
    const lower = jest.spyOn(view, 'lower');
    expect(candidates(scratch, { host: { name: 'x' } })).toEqual([]);
    expect(lower).not.toHaveBeenCalled();
    expect(candidates(scratch, { user: { name: 'root' } })).toEqual([2]);
    expect(lower).toHaveBeenCalledTimes(1);
    lower.mockRestore();
  });

  it('skips, without lower-casing it, a long value in which no anchor can occur', () => {
    const gated = buildPathIndexes([{ item: 0, clause: ['mimikatz', 'sekurlsa::'].map((text) => ({ path: 'message', kind: 'sub' as const, text })) }]);
    expect(gated[0]!.automaton!.gated).toBe(true);
    const scratch = new CandidateScratch(1, patternTotal(gated));
    const lower = jest.spyOn(view, 'lower');
    const run = (event: Record<string, unknown>) => {
      view.reset(event);
      scratch.next();
      const out: number[] = [];
      scratch.collect(gated[0]!, view, out);
      return out;
    };
    const filler = 'x'.repeat(80);
    expect(run({ message: `${filler} nothing` })).toEqual([]);
    expect(lower).not.toHaveBeenCalled();
    expect(run({ message: `${filler} SEKURLSA::pth` })).toEqual([0]);
    expect(run({ message: `${filler} mimi\u212aatz` })).toEqual([0]);
    expect(run({ message: [filler, 'MIMIKATZ'] })).toEqual([0]);
    expect(run({ message: 'short mimikatz' })).toEqual([0]);
    lower.mockClear();
    // A long text is lower-cased and searched with indexOf: cheaper there than the regex.
    expect(run({ message: 'x'.repeat(300) })).toEqual([]);
    expect(lower).toHaveBeenCalled();
    expect(run({ message: `${'x'.repeat(300)}Mimi\u212aatz` })).toEqual([0]);
    lower.mockRestore();
  });

  describe('over every string leaf', () => {
    const atoms = {
      bc: { item: 0, clause: [{ path: LEAVES_PATH, kind: 'sub' as const, text: 'bc' }] },
      sigma: { item: 1, clause: [{ path: LEAVES_PATH, kind: 'sub' as const, text: 'σx' }] },
      nul: { item: 2, clause: [{ path: LEAVES_PATH, kind: 'sub' as const, text: 'zz' }, { path: LEAVES_PATH, kind: 'sub' as const, text: 'a\u0000b' }] },
      exact: { item: 3, clause: [{ path: LEAVES_PATH, kind: 'eq' as const, text: 'exact' }] },
    };
    const leafView = new CachedView();
    const leafCandidates = (entries: { item: number; clause: Clause }[], event: Record<string, unknown>) => {
      const [index] = buildPathIndexes(entries);
      const scratch = new CandidateScratch(4, index!.patternItems.length);
      leafView.reset(event);
      scratch.next();
      const out: number[] = [];
      scratch.collect(index!, leafView, out);
      return out.sort();
    };

    it('scans the leaves joined, finding a pattern only within one leaf', () => {
      const joined = [atoms.bc, atoms.sigma];
      expect(buildPathIndexes(joined)[0]!.automaton!.separable).toBe(true);
      expect(leafCandidates(joined, { a: 'xab', b: 'cy' })).toEqual([]);
      expect(leafCandidates(joined, { a: 'xab', b: ['q', 'ABC'] })).toEqual([0]);
      expect(leafCandidates(joined, { a: 'ΑΣ', b: 'X' })).toEqual([]);
      expect(leafCandidates(joined, { a: 'ΑΣX' })).toEqual([1]);
      expect(leafCandidates(joined, { a: 'ας', b: { c: 'ςX' } })).toEqual([1]);
      expect(leafCandidates(joined, {})).toEqual([]);
    });

    it('skips, without lower-casing them, leaves in which no anchor can occur', () => {
      const [index] = buildPathIndexes([{ item: 0, clause: ['mimikatz', 'sekurlsa::', 'lsadump::'].map((text) => ({ path: LEAVES_PATH, kind: 'sub' as const, text })) }]);
      expect(index!.automaton!.gated).toBe(true);
      const scratch = new CandidateScratch(1, index!.patternItems.length);
      const run = (event: Record<string, unknown>) => {
        leafView.reset(event);
        const leaves = leafView.leaves();
        let lowered = 0;
        for (const name of ['lower', 'joinedLower']) {
          const get = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(leaves), name)!.get!;
          Object.defineProperty(leaves, name, {
            get() {
              lowered += 1;
              return get.call(this) as unknown;
            },
          });
        }
        scratch.next();
        const out: number[] = [];
        scratch.collect(index!, leafView, out);
        return { out, lowered };
      };
      const filler = 'x'.repeat(80);
      expect(run({ a: filler, b: 'nothing : here' })).toEqual({ out: [], lowered: 0 });
      expect(run({ a: filler, b: ['q', 'Invoke-MimiKatz'] })).toEqual({ out: [0], lowered: 1 });
      expect(run({ a: filler, b: { c: 'SE\u212aURLSA::logonpasswords' } })).toEqual({ out: [0], lowered: 1 });
      // An anchor that is found without a pattern: scanned, nothing found.
      expect(run({ a: filler, b: 'an LSA key' })).toEqual({ out: [], lowered: 1 });
      expect(run({ a: 'x', b: 'LSA' })).toEqual({ out: [], lowered: 1 });
      expect(run({ a: 'x', b: 'LS' })).toEqual({ out: [], lowered: 0 });
      // Long leaves too: through the regex, nothing lower-cased unless an anchor may occur.
      const long = 'y'.repeat(300);
      expect(run({ a: long, b: 'x' })).toEqual({ out: [], lowered: 0 });
      expect(run({ a: `${long}MIMI\u212aATZ`, b: 'x' })).toEqual({ out: [0], lowered: 1 });
      expect(run({ a: `${long}lsadump::sam`, b: 'x' })).toEqual({ out: [0], lowered: 1 });
    });

    it('builds no leaf list for an event in which no leaf holds an anchor', () => {
      const [index] = buildPathIndexes([{ item: 0, clause: ['mimikatz', 'sekurlsa::', 'lsadump::'].map((text) => ({ path: LEAVES_PATH, kind: 'sub' as const, text })) }]);
      const scratch = new CandidateScratch(1, index!.patternItems.length);
      const view = new CachedView();
      const leaves = jest.spyOn(view, 'leaves');
      const run = (event: Record<string, unknown>) => {
        view.reset(event);
        scratch.next();
        const out: number[] = [];
        scratch.collect(index!, view, out);
        return out;
      };
      const filler = 'x'.repeat(80);
      expect(run({ a: filler, b: ['nothing : here', { c: 'y'.repeat(300) }] })).toEqual([]);
      expect(run({ a: 'LS', b: 'mimi::' })).toEqual([]);
      expect(leaves).not.toHaveBeenCalled();
      // The walk stops at the first leaf that may hold one, and the leaves are scanned.
      expect(run({ a: filler, b: { c: 'Invoke-MimiKatz' } })).toEqual([0]);
      expect(leaves).toHaveBeenCalledTimes(1);
      expect(run({ a: `${'y'.repeat(300)}SE\u212aURLSA::logonpasswords` })).toEqual([0]);
      expect(run({ a: filler, b: 'an LSA key' })).toEqual([]);
      expect(leaves).toHaveBeenCalledTimes(3);
    });

    it('gates a long leaf with indexOf when the event lower-cased it already, with the regex otherwise', () => {
      const [index] = buildPathIndexes([{ item: 0, clause: ['mimikatz', 'sekurlsa::', 'lsadump::'].map((text) => ({ path: LEAVES_PATH, kind: 'sub' as const, text })) }]);
      const scratch = new CandidateScratch(1, index!.patternItems.length);
      const view = new CachedView();
      const regexTest = jest.spyOn(RegExp.prototype, 'test');
      const lowerCase = jest.spyOn(String.prototype, 'toLowerCase');
      const run = (event: Record<string, unknown>, lowerFirst: boolean) => {
        view.reset(event);
        if (lowerFirst) view.lower(pathRef('message'));
        regexTest.mockClear();
        lowerCase.mockClear();
        scratch.next();
        const out: number[] = [];
        scratch.collect(index!, view, out);
        return { out, regex: regexTest.mock.calls.length, lowered: lowerCase.mock.calls.length };
      };
      try {
        const long = 'y'.repeat(300);
        expect(run({ message: long }, false)).toEqual({ out: [], regex: 1, lowered: 0 });
        expect(run({ message: long }, true)).toEqual({ out: [], regex: 0, lowered: 0 });
        expect(run({ message: `${long} MIMI\u212aATZ` }, false).out).toEqual([0]);
        expect(run({ message: `${long} MIMI\u212aATZ` }, true)).toMatchObject({ out: [0], regex: 0 });
        expect(run({ message: `${long} lsadump::sam` }, true)).toMatchObject({ out: [0], regex: 0 });
      } finally {
        regexTest.mockRestore();
        lowerCase.mockRestore();
      }
    });

    it('scans leaf by leaf when a pattern holds the separator, and looks exact values up leaf by leaf', () => {
      const split = [atoms.bc, atoms.nul];
      expect(buildPathIndexes(split)[0]!.automaton!.separable).toBe(false);
      expect(leafCandidates(split, { a: 'a', b: 'b' })).toEqual([]);
      expect(leafCandidates(split, { a: 'xab', b: 'cy' })).toEqual([]);
      expect(leafCandidates(split, { a: 'A\u0000B' })).toEqual([2]);
      expect(leafCandidates(split, { a: 'y', b: 'zz' })).toEqual([2]);
      const both = [atoms.bc, atoms.exact];
      expect(leafCandidates(both, { a: 'ex', b: 'act' })).toEqual([]);
      expect(leafCandidates(both, { a: 'xab', b: 'cy' })).toEqual([]);
      expect(leafCandidates(both, { a: 'ab', b: 'EXACT', c: 'BC' })).toEqual([0, 3]);
    });
  });
});
