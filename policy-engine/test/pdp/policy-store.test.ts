import { PolicySetInvalidError, PolicyVersionNotFoundError } from '../../src/pdp/errors';
import { diffLines, formatDiff } from '../../src/pdp/line-diff';
import { diffPolicySets, policyToYaml } from '../../src/pdp/policy-diff';
import { createPolicyStore } from '../../src/pdp/policy-store';
import { fixture, load, T0 } from './helpers';

const base = fixture('soc-policies.yaml');
const changed = base
  .replace('context.risk < 70', 'context.risk < 50')
  .replace(/ {2}- id: collectors-ship-events[\s\S]*?actions: \[write\]\n\n/, '');
const added = `${changed}---\nid: auditors-read\ndescription: auditors read everything\neffect: allow\nsubjects: [{roles: [auditor]}]\nresources: [{type: "*"}]\nactions: [read]\n`;

describe('diffLines', () => {
  it('finds removed, added and kept lines', () => {
    expect(formatDiff(diffLines('a\nb\nc\n', 'a\nc\nd\n'))).toBe('  a\n- b\n  c\n+ d');
    expect(diffLines('', 'x')).toEqual([{ op: '+', text: 'x' }]);
    expect(diffLines('same', 'same')).toEqual([{ op: ' ', text: 'same' }]);
  });
});

describe('diffPolicySets', () => {
  it('lists added, removed and changed ids with a YAML line diff per policy', () => {
    const diff = diffPolicySets(load(base), load(added));
    expect(diff).toMatchObject({ added: ['auditors-read'], removed: ['collectors-ship-events'], changed: ['soc-analysts-read-alerts'] });
    const patch = diff.patches.find((p) => p.id === 'soc-analysts-read-alerts')!;
    expect(patch.diff.filter((l) => l.op !== ' ')).toEqual([
      { op: '-', text: '  context.risk < 70' },
      { op: '+', text: '  context.risk < 50' },
    ]);
    expect(diff.patches.find((p) => p.id === 'auditors-read')!.diff.every((l) => l.op === '+')).toBe(true);
  });

  it('ignores where a policy was written: moving it is not a change', () => {
    const [p] = load(base);
    expect(policyToYaml({ ...p!, source: { file: 'other.yaml', line: 99 } })).toBe(policyToYaml(p!));
  });
});

describe('createPolicyStore', () => {
  let now = T0;
  const store = createPolicyStore({ clock: () => now });

  it('publishes versions with author, timestamp and diff', () => {
    const v1 = store.publish({ sources: [{ file: 'soc.yaml', text: base }], author: 'lan@soc', message: 'initial' });
    expect(v1).toMatchObject({ version: 1, id: 'v1', author: 'lan@soc', timestamp: '2025-03-03T03:00:00.000Z', message: 'initial' });
    expect(v1.diff.added).toHaveLength(5);
    now += 60_000;
    const v2 = store.publish({ sources: [{ file: 'soc.yaml', text: added }], author: 'minh@soc' });
    expect(v2).toMatchObject({ version: 2, author: 'minh@soc', timestamp: '2025-03-03T03:01:00.000Z' });
    expect(v2.diff).toMatchObject({ added: ['auditors-read'], removed: ['collectors-ship-events'], changed: ['soc-analysts-read-alerts'] });
    expect(store.current()).toBe(v2);
  });

  it('rejects a version with any problem as a whole, listing every problem', () => {
    const broken = fixture('broken-policies.yaml');
    let error: unknown;
    try {
      store.publish({ sources: [{ file: 'soc.yaml', text: base }, { file: 'broken.yaml', text: broken }], author: 'lan@soc' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicySetInvalidError);
    expect((error as PolicySetInvalidError).problems).toHaveLength(8);
    expect((error as PolicySetInvalidError).message).toContain('broken.yaml:11:3: unknown key "subject"');
    expect(store.current()!.version).toBe(2);
  });

  it('rolls back by publishing an earlier version as a new one', () => {
    now += 60_000;
    const v3 = store.rollback(1, 'lan@soc');
    expect(v3).toMatchObject({ version: 3, rollbackOf: 1, message: 'rollback to v1', author: 'lan@soc' });
    expect(v3.diff).toMatchObject({ added: ['collectors-ship-events'], removed: ['auditors-read'], changed: ['soc-analysts-read-alerts'] });
    expect(v3.policies).toEqual(store.get(1).policies);
    expect(() => store.rollback(42, 'lan@soc')).toThrow(PolicyVersionNotFoundError);
  });

  it('keeps history immutable and restorable', () => {
    const history = store.history();
    expect(history.map((h) => [h.version, h.author])).toEqual([
      [1, 'lan@soc'],
      [2, 'minh@soc'],
      [3, 'lan@soc'],
    ]);
    expect('policies' in history[0]!).toBe(false);
    const first = store.get(1).policies[0]!;
    expect(Object.isFrozen(first) && Object.isFrozen(first.subjects[0])).toBe(true);
    try {
      (first as { effect: string }).effect = 'deny';
    } catch {
      // strict mode throws; either way the version is unchanged
    }
    expect(store.get(1).policies[0]!.effect).toBe('allow');
    const restored = createPolicyStore({ clock: () => now, history: [store.get(1), store.get(2), store.get(3)] });
    expect(restored.current()!.version).toBe(3);
    expect(restored.publish({ sources: [{ file: 'soc.yaml', text: base }], author: 'x' }).version).toBe(4);
    expect(() => restored.publish({ sources: [], author: ' ' })).toThrow(expect.objectContaining({ code: 'HALONG_POLICY_INVALID_OPTION' }));
  });
});
