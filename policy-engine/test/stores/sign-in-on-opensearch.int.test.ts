// The sign-in and refresh-token behaviour of test/tokens, on the OpenSearch stores, with two
// service instances sharing them as two Halong processes would.
import type { SigningKey } from '../../src/tokens/signing-key';
import { createOpenSearchClient } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import { createTokenIssuer } from '../../src/tokens/issuer';
import { createLocalAccount } from '../../src/tokens/local-accounts';
import { createRefreshTokenService } from '../../src/tokens/refresh-tokens';
import { createSignInService } from '../../src/tokens/sign-in';
import { generateSigningKey } from '../../src/tokens/signing-key';
import { createTokenVerifier } from '../../src/tokens/verifier';
import { createOpenSearchAccountStore } from '../../src/stores/opensearch-account-store';
import { createOpenSearchRefreshTokenStore } from '../../src/stores/opensearch-refresh-token-store';
import { ensureStoreIndices, storeIndexNames } from '../../src/stores/store-indices';
import { AUDIENCE, ISSUER, NOW, expectDenied, testClock } from '../tokens/fixtures';

// Low scrypt cost for speed; production hashes with DEFAULT_SCRYPT_PARAMS (N = 2^15).
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = 'Hạ Long bay at dawn 2025';

describe('sign-in and refresh tokens on the OpenSearch stores', () => {
  const config = testConfig();
  const client = createOpenSearchClient(config);
  let signingKey: SigningKey;
  let made = 0;

  beforeAll(async () => {
    signingKey = await generateSigningKey();
  });
  afterAll(async () => {
    await client.indices.delete({ index: [`${config.indexPrefix}-*`] }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client.close();
  });

  async function setup() {
    made += 1;
    const names = storeIndexNames(`${config.indexPrefix}-${made}`);
    await ensureStoreIndices(client, names);
    const time = testClock();
    // Two instances: each its own stores, issuer and service, over the same indices and key.
    const instance = () => {
      const accounts = createOpenSearchAccountStore(client, names.accounts);
      const issuer = createTokenIssuer({ issuer: ISSUER, audience: AUDIENCE, signingKey, clock: time.clock });
      const refreshTokens = createRefreshTokenService({ store: createOpenSearchRefreshTokenStore(client, names.refreshTokens), clock: time.clock });
      return { accounts, issuer, refreshTokens, service: createSignInService({ accounts, issuer, refreshTokens, hashParams: FAST }) };
    };
    const a = instance();
    const b = instance();
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { kind: 'jwks', jwks: () => a.issuer.jwks() }, clock: time.clock });
    await createLocalAccount(a.accounts, { username: 'Lan.Nguyen', password: PASSWORD, roles: ['soc-analyst'], groups: ['soc'], site: 'quang-ninh' }, FAST);
    return { time, a, b, verifier };
  }

  const signIn = async (service: ReturnType<typeof createSignInService>) => {
    const session = await service.signIn({ username: 'lan.nguyen', password: PASSWORD });
    if (!session.ok) throw new Error(session.reason);
    return session;
  };

  it('signs in on one instance with an account created on the other', async () => {
    const { b, verifier } = await setup();
    const session = await signIn(b.service);
    expect(session).toMatchObject({ subject: 'local:lan.nguyen', accessTokenExpiresAt: NOW + 600, refreshToken: expect.stringMatching(/^hrt_/) });
    expect(await verifier.verify(session.accessToken)).toMatchObject({ ok: true, subject: 'local:lan.nguyen', roles: ['soc-analyst'], site: 'quang-ninh' });
    expectDenied(await b.service.signIn({ username: 'lan.nguyen', password: 'not the password' }), 'HALONG_TOKEN_INVALID_CREDENTIALS');
  });

  it('rotates refresh tokens across instances with the current roles; reuse revokes the family on both', async () => {
    const { a, b, verifier, time } = await setup();
    const first = await signIn(a.service);
    const account = await b.accounts.findByUsername('lan.nguyen');
    await b.accounts.update({ ...account!, roles: ['soc-lead'] });
    time.advanceSeconds(590);
    const second = await b.service.refresh({ refreshToken: first.refreshToken });
    if (!second.ok) throw new Error(second.reason);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await verifier.verify(second.accessToken)).toMatchObject({ ok: true, roles: ['soc-lead'] });
    // A thief replays the spent token on the other instance: denied, and the new one dies with it.
    expectDenied(await a.service.refresh({ refreshToken: first.refreshToken }), 'HALONG_TOKEN_REFRESH_REUSED');
    expectDenied(await b.service.refresh({ refreshToken: second.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');
    expectDenied(await a.service.refresh({ refreshToken: second.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');
  });

  it('lets only one of concurrent refreshes on two instances win, and revokes the family', async () => {
    const { a, b } = await setup();
    const session = await signIn(a.service);
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 === 0 ? a : b).service.refresh({ refreshToken: session.refreshToken })));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => !r.ok)) expect(['HALONG_TOKEN_REFRESH_REUSED', 'HALONG_TOKEN_REFRESH_REVOKED']).toContain(loser.ok ? '' : loser.code);
    const winner = winners[0]!;
    if (!winner.ok) throw new Error('no winner');
    expectDenied(await a.service.refresh({ refreshToken: winner.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');
  });

  it('denies refresh once the account is disabled, signs out, and signs out everywhere', async () => {
    const { a, b } = await setup();
    const first = await signIn(a.service);
    const account = await a.accounts.findByUsername('lan.nguyen');
    await a.accounts.update({ ...account!, disabled: true });
    expectDenied(await b.service.refresh({ refreshToken: first.refreshToken }), 'HALONG_TOKEN_ACCOUNT_DISABLED');
    await a.accounts.update({ ...account!, disabled: false });
    expectDenied(await b.service.refresh({ refreshToken: first.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');

    const session = await signIn(a.service);
    await b.service.signOut(session.refreshToken);
    expectDenied(await a.service.refresh({ refreshToken: session.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');

    const laptop = await signIn(a.service);
    const phone = await signIn(b.service);
    expect(await a.refreshTokens.revokeSubject('local:lan.nguyen')).toBe(2);
    expectDenied(await b.service.refresh({ refreshToken: laptop.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');
    expectDenied(await a.service.refresh({ refreshToken: phone.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');
  });

  it('upgrades a hash made with other parameters at sign-in, in the shared store', async () => {
    const { a, b } = await setup();
    await createLocalAccount(a.accounts, { username: 'old', password: PASSWORD }, { N: 2 ** 11, r: 8, p: 1 });
    expect((await b.service.signIn({ username: 'old', password: PASSWORD })).ok).toBe(true);
    expect((await a.accounts.findByUsername('old'))!.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect((await a.service.signIn({ username: 'old', password: PASSWORD })).ok).toBe(true);
  });
});
