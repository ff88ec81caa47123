// The cache of successful verifications: fast repeat answers, never past exp or maxAge,
// revocation and certificate binding still checked on every hit.
import { createMemoryRevocationStore } from '../../src/tokens/revocation-store';
import { NOW, claims, expectDenied, headerFor, jwksOf, makeKey, signCompact, testClock, verifierFor } from './fixtures';

const es = makeKey('ES256', 'es-1');
const rs = makeKey('RS256', 'rs-1');

describe('createTokenVerifier: cache of verifications', () => {
  const counting = (keys = jwksOf(es)) => {
    const calls = { count: 0 };
    return { calls, source: { kind: 'jwks' as const, jwks: () => { calls.count += 1; return keys; } } };
  };

  it('verifies a token once and answers again from the cache', async () => {
    const { calls, source } = counting();
    const v = verifierFor([], { keys: source });
    const token = signCompact(headerFor(es), claims(), es);
    const first = await v.verify(token);
    expect(await v.verify(token)).toBe(first);
    expect(await v.verify(token)).toBe(first);
    expect(calls.count).toBe(1);
  });

  it('never serves an entry after the token exp, and then the token is denied', async () => {
    const time = testClock();
    const { calls, source } = counting();
    const v = verifierFor([], { keys: source, clock: time.clock, clockToleranceSeconds: 0, cache: { maxAgeSeconds: 300 } });
    const token = signCompact(headerFor(es), claims({ exp: NOW + 100 }), es);
    expect((await v.verify(token)).ok).toBe(true);
    time.advanceSeconds(99);
    expect((await v.verify(token)).ok).toBe(true);
    expect(calls.count).toBe(1);
    time.advanceSeconds(1);
    expectDenied(await v.verify(token), 'HALONG_TOKEN_EXPIRED');
    expect(calls.count).toBe(2);
  });

  it('verifies again after maxAgeSeconds (keys removed from the JWKS stop working)', async () => {
    const time = testClock();
    let jwks = jwksOf(es);
    const v = verifierFor([], { keys: { kind: 'jwks', jwks: () => jwks }, clock: time.clock, cache: { maxAgeSeconds: 60 } });
    const token = signCompact(headerFor(es), claims(), es);
    expect((await v.verify(token)).ok).toBe(true);
    jwks = jwksOf(rs);
    time.advanceSeconds(59);
    expect((await v.verify(token)).ok).toBe(true);
    time.advanceSeconds(1);
    expectDenied(await v.verify(token), 'HALONG_TOKEN_UNKNOWN_KID');
  });

  it('clearCache forgets every entry', async () => {
    const { calls, source } = counting();
    const v = verifierFor([], { keys: source });
    const token = signCompact(headerFor(es), claims(), es);
    await v.verify(token);
    v.clearCache();
    await v.verify(token);
    expect(calls.count).toBe(2);
  });

  it('does not cache denials, and cache: false verifies every time', async () => {
    const { calls, source } = counting();
    const bad = signCompact(headerFor(es), claims({ aud: 'other' }), es);
    const v = verifierFor([], { keys: source });
    await v.verify(bad);
    await v.verify(bad);
    expect(calls.count).toBe(2);
    const uncached = verifierFor([], { keys: counting().source, cache: false });
    const good = signCompact(headerFor(es), claims(), es);
    const a = await uncached.verify(good);
    expect(await uncached.verify(good)).not.toBe(a);
  });

  it('keeps at most maxEntries tokens, evicting the least recently used', async () => {
    const { calls, source } = counting();
    const v = verifierFor([], { keys: source, cache: { maxEntries: 2 } });
    const [a, b, c] = ['a', 'b', 'c'].map((jti) => signCompact(headerFor(es), claims({ jti }), es));
    await v.verify(a);
    await v.verify(b);
    await v.verify(a);
    await v.verify(c);
    expect(calls.count).toBe(3);
    await v.verify(a);
    expect(calls.count).toBe(3);
    await v.verify(b);
    expect(calls.count).toBe(4);
  });

  it('checks revocation on every cache hit', async () => {
    const revocations = createMemoryRevocationStore({ clock: testClock().clock });
    const v = verifierFor([es], { revocations });
    const token = signCompact(headerFor(es), claims({ jti: 'r-1' }), es);
    expect((await v.verify(token)).ok).toBe(true);
    revocations.revoke('r-1', NOW + 540);
    expectDenied(await v.verify(token), 'HALONG_TOKEN_REVOKED');
  });

  it('awaits an asynchronous revocation store', async () => {
    const v = verifierFor([es], { revocations: { isRevoked: async (jti) => jti === 'gone', revoke: async () => undefined } });
    expect((await v.verify(signCompact(headerFor(es), claims(), es))).ok).toBe(true);
    expectDenied(await v.verify(signCompact(headerFor(es), claims({ jti: 'gone' }), es)), 'HALONG_TOKEN_REVOKED');
  });
});
