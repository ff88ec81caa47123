import { createHash } from 'node:crypto';
import type { RefreshTokenStore } from '../../src/tokens/refresh-token-store';
import { TokenConfigError } from '../../src/tokens/errors';
import { createMemoryRefreshTokenStore } from '../../src/tokens/refresh-token-store';
import { createRefreshTokenService, hashRefreshToken } from '../../src/tokens/refresh-tokens';
import { NOW_MS, expectDenied, testClock } from './fixtures';

function setup(options: { ttlSeconds?: number; familyLifetimeSeconds?: number } = {}) {
  const time = testClock();
  const store = createMemoryRefreshTokenStore();
  const service = createRefreshTokenService({ store, clock: time.clock, ...options });
  return { time, store, service };
}

const thumbprint = (s: string) => createHash('sha256').update(s).digest('base64url');

describe('refresh tokens', () => {
  it('are opaque 256-bit random tokens stored only as their SHA-256', async () => {
    const { service, store } = setup();
    const issued = await service.issue('local:lan');
    expect(issued.token).toMatch(/^hrt_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(issued.token.slice(4), 'base64url')).toHaveLength(32);
    expect(issued).toMatchObject({ subject: 'local:lan', expiresAt: NOW_MS + 8 * 3600 * 1000 });
    const record = await store.find(hashRefreshToken(issued.token));
    expect(record).toMatchObject({ subject: 'local:lan', familyId: issued.familyId, issuedAt: NOW_MS, familyExpiresAt: NOW_MS + 24 * 3600 * 1000 });
    expect(JSON.stringify(record)).not.toContain(issued.token.slice(4));
    expect(hashRefreshToken(issued.token)).toBe(createHash('sha256').update(issued.token).digest('base64url'));
  });

  it('rotate on use: the used token is spent, a new one of the same family is returned', async () => {
    const { service } = setup();
    const first = await service.issue('local:lan');
    const second = await service.rotate(first.token);
    expect(second).toMatchObject({ ok: true, subject: 'local:lan', familyId: first.familyId });
    if (!second.ok) throw new Error(second.reason);
    expect(second.token).not.toBe(first.token);
    expect((await service.rotate(second.token)).ok).toBe(true);
  });

  it('reuse of a used token revokes the whole family (theft detection)', async () => {
    const { service } = setup();
    const first = await service.issue('local:lan');
    const second = await service.rotate(first.token);
    if (!second.ok) throw new Error(second.reason);
    // The thief replays the old token: denied, and the legitimate client's new token dies with it.
    expect(expectDenied(await service.rotate(first.token), 'HALONG_TOKEN_REFRESH_REUSED')).toMatch(/already used/);
    expectDenied(await service.rotate(second.token), 'HALONG_TOKEN_REFRESH_REVOKED');
    expectDenied(await service.rotate(first.token), 'HALONG_TOKEN_REFRESH_REVOKED');
  });

  it('lets only one of two concurrent uses of a token win, and revokes the family', async () => {
    const { service } = setup();
    const first = await service.issue('local:lan');
    const results = await Promise.all([service.rotate(first.token), service.rotate(first.token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const loser = results.find((r) => !r.ok);
    expectDenied(loser!, 'HALONG_TOKEN_REFRESH_REUSED');
    const winner = results.find((r) => r.ok);
    if (winner === undefined || !winner.ok) throw new Error('no winner');
    expectDenied(await service.rotate(winner.token), 'HALONG_TOKEN_REFRESH_REVOKED');
  });

  it('leaves other families of the same subject alone on reuse', async () => {
    const { service } = setup();
    const laptop = await service.issue('local:lan');
    const phone = await service.issue('local:lan');
    await service.rotate(laptop.token);
    await service.rotate(laptop.token);
    expect((await service.rotate(phone.token)).ok).toBe(true);
  });

  it('expire after their lifetime, and rotation never outlives the family', async () => {
    const { service, time } = setup({ ttlSeconds: 3600, familyLifetimeSeconds: 5400 });
    const first = await service.issue('s');
    time.advanceSeconds(3599);
    const second = await service.rotate(first.token);
    if (!second.ok) throw new Error(second.reason);
    expect(second.expiresAt).toBe(NOW_MS + 5400 * 1000);
    time.advanceSeconds(5400 - 3599);
    expectDenied(await service.rotate(second.token), 'HALONG_TOKEN_REFRESH_EXPIRED');
    const other = await service.issue('s');
    time.advanceSeconds(3600);
    expectDenied(await service.rotate(other.token), 'HALONG_TOKEN_REFRESH_EXPIRED');
  });

  it('revoke (sign out) kills the family; revokeSubject kills every family of the subject', async () => {
    const { service } = setup();
    const a = await service.issue('alice');
    await service.revoke(a.token);
    expectDenied(await service.rotate(a.token), 'HALONG_TOKEN_REFRESH_REVOKED');
    const b1 = await service.issue('bob');
    const b2 = await service.issue('bob');
    const c = await service.issue('carol');
    expect(await service.revokeSubject('bob')).toBe(2);
    expectDenied(await service.rotate(b1.token), 'HALONG_TOKEN_REFRESH_REVOKED');
    expectDenied(await service.rotate(b2.token), 'HALONG_TOKEN_REFRESH_REVOKED');
    expect((await service.rotate(c.token)).ok).toBe(true);
    await expect(service.revoke('not a token')).resolves.toBeUndefined();
  });

  it.each([
    ['garbage', 'hello'],
    ['a well-formed unknown token', `hrt_${'A'.repeat(43)}`],
    ['an access token', 'eyJhbGciOiJFUzI1NiJ9.e30.sig'],
  ])('deny %s as invalid', async (_what, token) => {
    expectDenied(await setup().service.rotate(token), 'HALONG_TOKEN_REFRESH_INVALID');
  });

  it('bound to a client certificate, rotate only with that certificate and without spending the token otherwise', async () => {
    const { service } = setup();
    const cert = thumbprint('console cert');
    const first = await service.issue('s', { certificateThumbprint: cert });
    expectDenied(await service.rotate(first.token), 'HALONG_TOKEN_CERT_BINDING');
    expectDenied(await service.rotate(first.token, { certificateThumbprint: thumbprint('other') }), 'HALONG_TOKEN_CERT_BINDING');
    const second = await service.rotate(first.token, { certificateThumbprint: cert });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expectDenied(await service.rotate(second.token), 'HALONG_TOKEN_CERT_BINDING');
  });

  it('refuses bad options and subjects', async () => {
    const store = createMemoryRefreshTokenStore();
    expect(() => createRefreshTokenService({ store, ttlSeconds: 0 })).toThrow(TokenConfigError);
    expect(() => createRefreshTokenService({ store, familyLifetimeSeconds: 1.5 })).toThrow(TokenConfigError);
    await expect(setup().service.issue('')).rejects.toThrow(TypeError);
    await expect(setup().service.issue('s', { certificateThumbprint: 'x' })).rejects.toThrow(TypeError);
  });
});

describe('createMemoryRefreshTokenStore', () => {
  const record = (hash: string, extra: Partial<Parameters<RefreshTokenStore['insert']>[0]> = {}) => ({
    tokenHash: hash, subject: 's', familyId: 'f', issuedAt: 0, expiresAt: 100, familyExpiresAt: 200, ...extra,
  });

  it('markUsed succeeds once', async () => {
    const store = createMemoryRefreshTokenStore();
    await store.insert(record('h'));
    expect(await store.markUsed('h', 1)).toBe(true);
    expect(await store.markUsed('h', 2)).toBe(false);
    expect(await store.markUsed('unknown', 2)).toBe(false);
    expect(await store.find('h')).toMatchObject({ usedAt: 1 });
  });

  it('returns copies, refuses duplicate hashes and prunes expired records', async () => {
    const store = createMemoryRefreshTokenStore();
    await store.insert(record('a', { expiresAt: 50 }));
    await store.insert(record('b', { expiresAt: 150 }));
    await expect(store.insert(record('a'))).rejects.toThrow(/collision/);
    const found = await store.find('a');
    (found as { subject: string }).subject = 'changed';
    expect((await store.find('a'))?.subject).toBe('s');
    expect(await store.revokeFamily('f', 10)).toBe(2);
    expect(await store.revokeFamily('f', 11)).toBe(0);
    expect(await store.prune(100)).toBe(1);
    expect(await store.find('a')).toBeUndefined();
    expect(await store.find('b')).toMatchObject({ revokedAt: 10 });
  });
});
