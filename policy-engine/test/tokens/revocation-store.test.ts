import { createMemoryRevocationStore } from '../../src/tokens/revocation-store';
import { NOW, testClock } from './fixtures';

describe('createMemoryRevocationStore', () => {
  it('answers revoked for a revoked jti and not for others', () => {
    const store = createMemoryRevocationStore({ clock: testClock().clock });
    store.revoke('a', NOW + 600);
    expect(store.isRevoked('a')).toBe(true);
    expect(store.isRevoked('b')).toBe(false);
  });

  it('keeps an entry until its expiry plus grace, then prune drops it', () => {
    const time = testClock();
    const store = createMemoryRevocationStore({ clock: time.clock, graceSeconds: 30 });
    store.revoke('a', NOW + 600);
    store.revoke('b', NOW + 60);
    time.advanceSeconds(89);
    expect(store.prune()).toBe(0);
    time.advanceSeconds(1);
    expect(store.prune()).toBe(1);
    expect(store.isRevoked('b')).toBe(false);
    expect(store.isRevoked('a')).toBe(true);
    expect(store.size).toBe(1);
  });

  it('prunes by itself on revoke once a minute has passed', () => {
    const time = testClock();
    const store = createMemoryRevocationStore({ clock: time.clock, graceSeconds: 0 });
    store.revoke('short', NOW + 10);
    time.advanceSeconds(59);
    store.revoke('x', NOW + 600);
    expect(store.size).toBe(2);
    time.advanceSeconds(1);
    store.revoke('y', NOW + 600);
    expect(store.size).toBe(2);
    expect(store.isRevoked('short')).toBe(false);
  });

  it('keeps the later expiry when a jti is revoked twice', () => {
    const time = testClock();
    const store = createMemoryRevocationStore({ clock: time.clock, graceSeconds: 0 });
    store.revoke('a', NOW + 600);
    store.revoke('a', NOW + 10);
    time.advanceSeconds(100);
    store.prune();
    expect(store.isRevoked('a')).toBe(true);
  });
});
