import { createExpiringLru } from '../../src/tokens/verification-cache';

describe('createExpiringLru', () => {
  it('returns a value until its expiry, capped by maxAge', () => {
    const lru = createExpiringLru<string>({ maxAgeSeconds: 10 });
    lru.set('a', 'A', 0, 5_000);
    lru.set('b', 'B', 0, 60_000);
    expect(lru.get('a', 4_999)).toBe('A');
    expect(lru.get('a', 5_000)).toBeUndefined();
    expect(lru.get('b', 9_999)).toBe('B');
    expect(lru.get('b', 10_000)).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('does not store entries that are already expired, or anything with maxEntries 0', () => {
    const lru = createExpiringLru<string>();
    lru.set('a', 'A', 1_000, 1_000);
    expect(lru.size).toBe(0);
    const none = createExpiringLru<string>({ maxEntries: 0 });
    none.set('a', 'A', 0, 5_000);
    expect(none.get('a', 1)).toBeUndefined();
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const lru = createExpiringLru<number>({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) lru.set(key, 1, 0, 5_000);
    lru.get('a', 1);
    lru.set('d', 1, 1, 5_000);
    expect(['a', 'b', 'c', 'd'].map((key) => lru.get(key, 2) !== undefined)).toEqual([true, false, true, true]);
    lru.clear();
    expect(lru.size).toBe(0);
  });
});
