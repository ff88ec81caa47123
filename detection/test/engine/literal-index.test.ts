import { CachedView } from '../../src/engine/event-view';
import { buildPathIndexes, CandidateScratch, patternTotal } from '../../src/engine/literal-index';

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
});
