import { PolicyOptionError } from '../../src/pdp/errors';
import { createQuarantineList } from '../../src/pdp/quarantine-list';
import { createRiskScores } from '../../src/pdp/risk-scores';

const HOUR = 3600_000;
const host = (id: string) => ({ kind: 'host' as const, id });

function frozenClock(start = 1_000_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

describe('createRiskScores', () => {
  it('decays exponentially with the half-life', () => {
    const t = frozenClock();
    const scores = createRiskScores({ halfLifeMs: HOUR, clock: t.clock });
    expect(scores.raise(host('web-1'), 60, 'alert 1')).toBe(60);
    expect(scores.scoreOf(host('web-1'))).toBe(60);
    t.advance(HOUR);
    expect(scores.scoreOf(host('web-1'))).toBeCloseTo(30, 9);
    t.advance(HOUR);
    expect(scores.riskOf(host('web-1'))).toBeCloseTo(15, 9);
    expect(scores.scoreOf(host('unknown'))).toBe(0);
  });

  it('adds a raise to the decayed score, caps at maxScore and never goes below 0', () => {
    const t = frozenClock();
    const scores = createRiskScores({ halfLifeMs: HOUR, clock: t.clock, maxScore: 100 });
    scores.raise(host('a'), 40, 'first');
    t.advance(HOUR);
    expect(scores.raise(host('a'), 30, 'second')).toBeCloseTo(50, 9);
    expect(scores.raise(host('a'), 500, 'third')).toBe(100);
    expect(scores.raise(host('a'), -1000, 'cleared by analyst')).toBe(0);
    expect(scores.reasonsOf(host('a')).map((r) => r.reason)).toEqual(['first', 'second', 'third', 'cleared by analyst']);
  });

  it('dates a raise: one in the past counts as decayed since, in whatever order raises arrive', () => {
    const t = frozenClock(10 * HOUR);
    const inOrder = createRiskScores({ halfLifeMs: HOUR, clock: t.clock });
    const outOfOrder = createRiskScores({ halfLifeMs: HOUR, clock: t.clock });
    // 40 two hours ago and 20 one hour ago: 10 + 10 = 20 now.
    expect(inOrder.raise(host('a'), 40, 'older', 8 * HOUR)).toBeCloseTo(10, 9);
    expect(inOrder.raise(host('a'), 20, 'newer', 9 * HOUR)).toBeCloseTo(20, 9);
    expect(outOfOrder.raise(host('a'), 20, 'newer', 9 * HOUR)).toBeCloseTo(10, 9);
    expect(outOfOrder.raise(host('a'), 40, 'older', 8 * HOUR)).toBeCloseTo(20, 9);
    expect(outOfOrder.scoreOf(host('a'))).toBeCloseTo(inOrder.scoreOf(host('a')), 9);
    // Reasons stay in time order, not arrival order.
    expect(outOfOrder.reasonsOf(host('a')).map((r) => [r.reason, r.at])).toEqual([
      ['older', 8 * HOUR],
      ['newer', 9 * HOUR],
    ]);
    t.advance(HOUR);
    expect(outOfOrder.scoreOf(host('a'))).toBeCloseTo(10, 9);
    // Undated raises are dated now, as before.
    expect(outOfOrder.raise(host('a'), 5, 'now')).toBeCloseTo(15, 9);
    expect(() => outOfOrder.raise(host('a'), 5, 'when?', Number.NaN)).toThrow(PolicyOptionError);
  });

  it('keeps only the last reasons and forgets negligible scores', () => {
    const t = frozenClock();
    const scores = createRiskScores({ halfLifeMs: HOUR, clock: t.clock, maxReasons: 2 });
    for (const r of ['a', 'b', 'c']) scores.raise(host('x'), 1, r);
    expect(scores.reasonsOf(host('x')).map((r) => r.reason)).toEqual(['b', 'c']);
    t.advance(20 * HOUR);
    expect(scores.scoreOf(host('x'))).toBe(0);
    expect(scores.size).toBe(0);
  });

  it('evicts the least recently raised entity beyond maxEntries', () => {
    const t = frozenClock();
    const scores = createRiskScores({ halfLifeMs: HOUR, clock: t.clock, maxEntries: 2 });
    scores.raise(host('a'), 10, 'a');
    scores.raise(host('b'), 10, 'b');
    scores.raise(host('a'), 10, 'a again'); // a is now the most recent
    scores.raise(host('c'), 10, 'c');
    expect(scores.size).toBe(2);
    expect(scores.scoreOf(host('b'))).toBe(0);
    expect(scores.scoreOf(host('a'))).toBe(20);
    expect(scores.scoreOf(host('c'))).toBe(10);
    scores.clear(host('c'));
    expect(scores.scoreOf(host('c'))).toBe(0);
  });

  it('rejects invalid options and raises with coded errors', () => {
    const { clock } = frozenClock();
    expect(() => createRiskScores({ halfLifeMs: 0, clock })).toThrow(PolicyOptionError);
    expect(() => createRiskScores({ halfLifeMs: HOUR, clock, maxEntries: 0 })).toThrow(expect.objectContaining({ code: 'HALONG_POLICY_INVALID_OPTION' }));
    expect(() => createRiskScores({ halfLifeMs: HOUR, clock }).raise(host('a'), NaN, 'x')).toThrow(PolicyOptionError);
  });
});

describe('createQuarantineList', () => {
  it('quarantines until a time or until lifted, and expires entries', () => {
    const t = frozenClock();
    const list = createQuarantineList({ clock: t.clock });
    list.set(host('web-1'), 'ransomware', t.clock() + HOUR);
    list.set({ kind: 'user', id: 'bob' }, 'phished');
    expect(list.quarantine(host('web-1'))).toEqual({ reason: 'ransomware', until: t.clock() + HOUR });
    expect(list.quarantine({ kind: 'user', id: 'bob' })).toEqual({ reason: 'phished' });
    t.advance(HOUR);
    expect(list.quarantine(host('web-1'))).toBeUndefined();
    expect(list.list().map((r) => r.entity)).toEqual([{ kind: 'user', id: 'bob' }]);
    expect(list.lift({ kind: 'user', id: 'bob' })).toBe(true);
    expect(list.lift({ kind: 'user', id: 'bob' })).toBe(false);
    expect(list.list()).toEqual([]);
  });

  it('bounds its size and requires a reason', () => {
    const t = frozenClock();
    const list = createQuarantineList({ clock: t.clock, maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) list.set(host(id), `reason ${id}`);
    expect(list.list().map((r) => r.entity.id)).toEqual(['b', 'c']);
    expect(() => list.set(host('d'), ' ')).toThrow(PolicyOptionError);
  });
});
