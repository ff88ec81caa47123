import { backoffDelay } from '../../../src/inputs/mqtt';

describe('backoffDelay', () => {
  const bounds = { minMs: 500, maxMs: 30_000 };

  it('doubles from the first step, between half and all of it', () => {
    expect(backoffDelay(0, bounds, () => 0)).toBe(250);
    expect(backoffDelay(0, bounds, () => 1)).toBe(500);
    expect(backoffDelay(3, bounds, () => 1)).toBe(4000);
    expect(backoffDelay(3, bounds, () => 0.5)).toBe(3000);
  });

  it('stops at the largest step, however many attempts', () => {
    expect(backoffDelay(6, bounds, () => 1)).toBe(30_000);
    expect(backoffDelay(10_000, bounds, () => 1)).toBe(30_000);
    expect(backoffDelay(10_000, bounds, () => 0)).toBe(15_000);
  });
});
