import { LiveMatcher, RULE_STATE_KIND, RuleStates } from '../../src/runtime';
import { MemoryControl, QUIET_ID, RULE_ID, T0, processEvent, ruleSetOf, standardFiles } from './support';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('RuleStates', () => {
  it('reads disabled rules from the control channel and follows its changes', async () => {
    const control = new MemoryControl();
    await control.set({ kind: RULE_STATE_KIND, id: RULE_ID, data: { enabled: false }, at: '2026-03-01T09:00:00.000Z', by: 'root' });
    await control.set({ kind: 'quarantine', id: QUIET_ID, data: { enabled: false }, at: 'x', by: 'y' });
    const states = new RuleStates(control, () => NOW);
    expect(states.info(RULE_ID)).toEqual({ enabled: false, changedAt: '2026-03-01T09:00:00.000Z', changedBy: 'root' });
    expect(states.isEnabled(QUIET_ID)).toBe(true);

    const seen: [string, boolean][] = [];
    states.onChange((key, enabled) => seen.push([key, enabled]));
    // Another process disables a rule: it arrives through the channel.
    await control.set({ kind: RULE_STATE_KIND, id: QUIET_ID, data: { enabled: false }, at: 'x', by: 'other' });
    expect(states.disabledKeys()).toEqual(new Set([RULE_ID, QUIET_ID]));
    expect(seen).toEqual([[QUIET_ID, false]]);
  });

  it('publishes a disable as a record and an enable as a tombstone, applying each once', async () => {
    const control = new MemoryControl();
    const states = new RuleStates(control, () => NOW);
    const seen: [string, boolean][] = [];
    states.onChange((key, enabled) => seen.push([key, enabled]));
    await expect(states.setEnabled(RULE_ID, false, 'admin')).resolves.toEqual({ enabled: false, changedAt: NOW.toISOString(), changedBy: 'admin' });
    expect(control.records.get(`${RULE_STATE_KIND}:${RULE_ID}`)).toMatchObject({ data: { enabled: false }, by: 'admin' });
    await states.setEnabled(RULE_ID, true, 'admin');
    expect(control.records.size).toBe(0);
    expect(seen).toEqual([
      [RULE_ID, false],
      [RULE_ID, true],
    ]);
  });

  it('treats anything but an explicit enabled: false as enabled', async () => {
    const control = new MemoryControl();
    await control.set({ kind: RULE_STATE_KIND, id: RULE_ID, data: 'garbage', at: 'x', by: 'y' });
    expect(new RuleStates(control).isEnabled(RULE_ID)).toBe(true);
  });
});

describe('LiveMatcher', () => {
  const hitting = processEvent('e1', T0);

  it('keeps a disabled rule silent at once, and rebuilds without it after the quiet period', async () => {
    jest.useFakeTimers();
    try {
      const states = new RuleStates(new MemoryControl());
      const builds: number[] = [];
      const matcher = new LiveMatcher(await ruleSetOf(standardFiles()), states, { rebuildDelayMs: 1000, onRebuilt: (b) => builds.push(b.rules) });
      expect(matcher.match(hitting).map((m) => m.entry.key)).toEqual([RULE_ID]);

      await states.setEnabled(RULE_ID, false, 'admin');
      matcher.schedule();
      expect(matcher.match(hitting)).toEqual([]);
      matcher.schedule(); // a second toggle inside the quiet period: still one rebuild
      jest.advanceTimersByTime(999);
      expect(builds).toEqual([2]);
      jest.advanceTimersByTime(1);
      expect(builds).toEqual([2, 1]);
      expect(matcher.describe()).toMatchObject({ rules: 1, lastBuild: { rules: 1 } });
      expect(matcher.match(hitting)).toEqual([]);
      matcher.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps each rule’s counters across rebuilds', async () => {
    const states = new RuleStates(new MemoryControl());
    const matcher = new LiveMatcher(await ruleSetOf(standardFiles()), states, { sampleEvery: 1 });
    matcher.match(hitting);
    matcher.match(processEvent('e2', T0, { cmd: 'ls' }));
    matcher.rebuild();
    matcher.match(processEvent('e3', T0));
    const c = matcher.counters().get(RULE_ID)!;
    // `ls` lacks the rule's literals: the index never evaluates the rule on it.
    expect(c).toMatchObject({ evaluations: 2, matches: 2, errors: 0, sampledEvaluations: 2, failing: false });
    expect(c.sampledNanos).toBeGreaterThan(0);
    expect(matcher.problems()).toEqual([]);
  });
});
