import { PlanCache } from '../../src/engine/event-plan';
import { buildPathIndexes, CandidateScratch, patternTotal } from '../../src/engine/literal-index';
import { LEAVES_PATH } from '../../src/engine/requirements';

describe('PlanCache', () => {
  // Rules 0 and 1 are in logsource 0 (every Windows event), rule 2 in logsource 1 (an application log).
  const indexes = buildPathIndexes([
    { item: 0, clause: [{ path: LEAVES_PATH, kind: 'sub', text: 'mimikatz' }] },
    { item: 1, clause: [{ path: 'process.command_line', kind: 'sub', text: '-enc' }] },
    { item: 2, clause: [{ path: LEAVES_PATH, kind: 'sub', text: 'hktl' }, { path: 'event.code', kind: 'eq', text: '1116' }] },
  ]);
  const pathOf = (p: string) => indexes.findIndex((i) => i.path.path === p);
  const groupPaths = [[pathOf(LEAVES_PATH), pathOf('process.command_line')], [pathOf(LEAVES_PATH), pathOf('event.code')]];
  const ruleGroup = Int32Array.from([0, 0, 1]);
  const make = () => new PlanCache(indexes, groupPaths, ruleGroup, new CandidateScratch(3, patternTotal(indexes)));

  it('narrows a shared index to the patterns of the matched logsources', () => {
    const plan = make().plan([0]);
    const leaves = plan.find((t) => t.leaves)!;
    expect(leaves.automaton!.patterns).toEqual(['mimikatz']);
    expect(plan.map((t) => t.path.path).sort()).toEqual([LEAVES_PATH, 'process.command_line'].sort());
  });

  it('keeps the shared index when every pattern is needed', () => {
    const plan = make().plan([1, 0]);
    const leaves = plan.find((t) => t.leaves)!;
    expect(leaves).toBe(indexes[pathOf(LEAVES_PATH)]);
    expect(plan).toHaveLength(3);
  });

  it('puts the leaves last, after the scans of fields (the leaf gate reuses their lower case)', () => {
    // The leaves index comes first among the shared ones.
    expect(pathOf(LEAVES_PATH)).toBe(0);
    for (const groups of [[0], [1], [0, 1]]) {
      const plan = make().plan(groups);
      expect(plan.findIndex((t) => t.leaves)).toBe(plan.length - 1);
    }
  });

  it('builds one plan per combination, whatever the order of the groups', () => {
    const cache = make();
    const first = cache.plan([0, 1]);
    expect(cache.plan([1, 0])).toBe(first);
    cache.plan([1]);
    expect(cache.size).toBe(2);
  });

  it('gives narrowed automata their own pattern stamps beyond the shared ones', () => {
    const scratch = new CandidateScratch(3, patternTotal(indexes));
    const cache = new PlanCache(indexes, groupPaths, ruleGroup, scratch);
    const narrowed = cache.plan([0]).find((t) => t.leaves)!;
    expect(narrowed.patternBase).toBeGreaterThanOrEqual(patternTotal(indexes));
  });
});
