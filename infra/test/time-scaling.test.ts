import { timeAtTwoScales } from '../src/time-scaling';

// A fake clock that only runs moves: no real time is measured.
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('timeAtTwoScales', () => {
  it('reports the fastest run at n and 4n, with runs repeated up to the sample length', () => {
    const clock = fakeClock();
    let calls = 0;
    // Linear work: 0.5 ms per unit of scale, except one slow outlier the minimum ignores.
    const [n, n4] = timeAtTwoScales(
      (scale) => ({
        size: 1000 * scale,
        run: () => clock.advance(++calls === 5 ? 50 : 0.5 * scale),
      }),
      { now: clock.now, minSamples: 3, maxSamples: 3, minSampleMs: 4 },
    );
    expect(n).toEqual({ size: 1000, us: 500 });
    expect(n4).toEqual({ size: 4000, us: 2000 });
  });

  it('shows quadratic work as a 16× ratio', () => {
    const clock = fakeClock();
    const [n, n4] = timeAtTwoScales((scale) => ({ size: scale, run: () => clock.advance(scale * scale) }), { now: clock.now });
    expect(n4.us / n.us).toBe(16);
  });

  it('samples until the budget is spent, within the bounds, and calls gc before each sample', () => {
    const clock = fakeClock();
    const gc = jest.fn();
    timeAtTwoScales((scale) => ({ size: scale, run: () => clock.advance(100 * scale) }), { now: clock.now, gc, minSamples: 2, maxSamples: 10, budgetMs: 1_200, minSampleMs: 1 });
    // Each sample costs 100 + 400 ms of fake time after 500 ms of warm-up: samples start at 0, 500 and 1,000 ms into
    // the 1,200 ms budget, and the fourth would start past it: 3 samples, 2 scales each.
    expect(gc).toHaveBeenCalledTimes(6);
  });
});
