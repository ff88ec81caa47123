import { createHash } from 'node:crypto';
import type { SigningKey } from '../../src/tokens/signing-key';
import { AccountExistsError, PasswordPolicyError } from '../../src/tokens/errors';
import { createMemoryAccountStore } from '../../src/tokens/account-store';
import { createTokenIssuer } from '../../src/tokens/issuer';
import { createLocalAccount } from '../../src/tokens/local-accounts';
import { createLoginLockout } from '../../src/tokens/login-lockout';
import { createMemoryRefreshTokenStore } from '../../src/tokens/refresh-token-store';
import { createRefreshTokenService } from '../../src/tokens/refresh-tokens';
import { createSignInService } from '../../src/tokens/sign-in';
import { generateSigningKey } from '../../src/tokens/signing-key';
import { createTokenVerifier } from '../../src/tokens/verifier';
import { AUDIENCE, ISSUER, NOW, expectDenied, testClock } from './fixtures';

// Low scrypt cost for speed; production hashes with DEFAULT_SCRYPT_PARAMS (N = 2^15).
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = 'Hạ Long bay at dawn 2025';

let signingKey: SigningKey;
beforeAll(async () => {
  signingKey = await generateSigningKey();
});

async function setup(lockoutOptions: { maxFailures?: number; windowSeconds?: number; lockSeconds?: number } = {}) {
  const time = testClock();
  const accounts = createMemoryAccountStore();
  const issuer = createTokenIssuer({ issuer: ISSUER, audience: AUDIENCE, signingKey, clock: time.clock });
  const refreshTokens = createRefreshTokenService({ store: createMemoryRefreshTokenStore(), clock: time.clock });
  const lockout = createLoginLockout({ clock: time.clock, ...lockoutOptions });
  const service = createSignInService({ accounts, issuer, refreshTokens, lockout, hashParams: FAST });
  const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, keys: { kind: 'jwks', jwks: () => issuer.jwks() }, clock: time.clock });
  await createLocalAccount(accounts, { username: 'Lan.Nguyen', password: PASSWORD, roles: ['soc-analyst'], groups: ['soc'], site: 'quang-ninh' }, FAST);
  return { time, accounts, service, verifier };
}

describe('createSignInService', () => {
  it('signs in with username and password and returns an access and a refresh token', async () => {
    const { service, verifier } = await setup();
    const session = await service.signIn({ username: ' lan.nguyen ', password: PASSWORD });
    if (!session.ok) throw new Error(session.reason);
    expect(session).toMatchObject({ subject: 'local:lan.nguyen', accessTokenExpiresAt: NOW + 600, refreshToken: expect.stringMatching(/^hrt_/) });
    expect(await verifier.verify(session.accessToken)).toMatchObject({
      ok: true, subject: 'local:lan.nguyen', roles: ['soc-analyst'], groups: ['soc'], site: 'quang-ninh',
    });
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    const { service } = await setup();
    const wrong = await service.signIn({ username: 'lan.nguyen', password: 'not the password' });
    const unknown = await service.signIn({ username: 'nobody', password: PASSWORD });
    expect(wrong).toEqual({ ok: false, code: 'HALONG_TOKEN_INVALID_CREDENTIALS', reason: 'invalid username or password' });
    expect(unknown).toEqual(wrong);
  });

  it('locks a username after 5 failures within 15 minutes, even with the right password, until the lock ends', async () => {
    const { service, time } = await setup();
    for (let i = 0; i < 5; i += 1) {
      expectDenied(await service.signIn({ username: 'lan.nguyen', password: `guess ${i}` }), 'HALONG_TOKEN_INVALID_CREDENTIALS');
      time.advanceSeconds(60);
    }
    expect(expectDenied(await service.signIn({ username: 'LAN.NGUYEN', password: PASSWORD }), 'HALONG_TOKEN_LOCKED_OUT')).toMatch(/840 s/);
    time.advanceSeconds(839);
    expectDenied(await service.signIn({ username: 'lan.nguyen', password: PASSWORD }), 'HALONG_TOKEN_LOCKED_OUT');
    time.advanceSeconds(1);
    expect((await service.signIn({ username: 'lan.nguyen', password: PASSWORD })).ok).toBe(true);
  });

  it('locks unknown usernames the same way, so a lockout does not reveal accounts', async () => {
    const { service } = await setup({ maxFailures: 3 });
    for (let i = 0; i < 3; i += 1) await service.signIn({ username: 'ghost', password: 'whatever it is' });
    expectDenied(await service.signIn({ username: 'ghost', password: 'whatever it is' }), 'HALONG_TOKEN_LOCKED_OUT');
  });

  it('counts failures in a sliding window and forgets them after a success', async () => {
    const { service, time } = await setup({ maxFailures: 3, windowSeconds: 600 });
    await service.signIn({ username: 'lan.nguyen', password: 'bad one xx' });
    time.advanceSeconds(400);
    await service.signIn({ username: 'lan.nguyen', password: 'bad two xx' });
    time.advanceSeconds(201);
    await service.signIn({ username: 'lan.nguyen', password: 'bad three x' });
    expect((await service.signIn({ username: 'lan.nguyen', password: PASSWORD })).ok).toBe(true);
    await service.signIn({ username: 'lan.nguyen', password: 'bad four xx' });
    await service.signIn({ username: 'lan.nguyen', password: 'bad five xx' });
    expect((await service.signIn({ username: 'lan.nguyen', password: PASSWORD })).ok).toBe(true);
  });

  it('denies a disabled account after a correct password only', async () => {
    const { service, accounts } = await setup();
    const account = await accounts.findByUsername('lan.nguyen');
    await accounts.update({ ...account!, disabled: true });
    expectDenied(await service.signIn({ username: 'lan.nguyen', password: PASSWORD }), 'HALONG_TOKEN_ACCOUNT_DISABLED');
    expectDenied(await service.signIn({ username: 'lan.nguyen', password: 'wrong password!' }), 'HALONG_TOKEN_INVALID_CREDENTIALS');
  });

  it('refresh rotates the refresh token and issues an access token with the current roles', async () => {
    const { service, accounts, verifier, time } = await setup();
    const first = await service.signIn({ username: 'lan.nguyen', password: PASSWORD });
    if (!first.ok) throw new Error(first.reason);
    const account = await accounts.findByUsername('lan.nguyen');
    await accounts.update({ ...account!, roles: ['soc-lead'] });
    time.advanceSeconds(590);
    const second = await service.refresh({ refreshToken: first.refreshToken });
    if (!second.ok) throw new Error(second.reason);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessTokenExpiresAt).toBe(NOW + 590 + 600);
    expect(await verifier.verify(second.accessToken)).toMatchObject({ ok: true, roles: ['soc-lead'] });
    expectDenied(await service.refresh({ refreshToken: first.refreshToken }), 'HALONG_TOKEN_REFRESH_REUSED');
    expectDenied(await service.refresh({ refreshToken: second.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');
  });

  it('refresh is denied, and the family revoked, once the account is disabled', async () => {
    const { service, accounts } = await setup();
    const first = await service.signIn({ username: 'lan.nguyen', password: PASSWORD });
    if (!first.ok) throw new Error(first.reason);
    const account = await accounts.findByUsername('lan.nguyen');
    await accounts.update({ ...account!, disabled: true });
    expectDenied(await service.refresh({ refreshToken: first.refreshToken }), 'HALONG_TOKEN_ACCOUNT_DISABLED');
    await accounts.update({ ...account!, disabled: false });
    expectDenied(await service.refresh({ refreshToken: first.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');
  });

  it('signOut revokes the refresh token', async () => {
    const { service } = await setup();
    const session = await service.signIn({ username: 'lan.nguyen', password: PASSWORD });
    if (!session.ok) throw new Error(session.reason);
    await service.signOut(session.refreshToken);
    expectDenied(await service.refresh({ refreshToken: session.refreshToken }), 'HALONG_TOKEN_REFRESH_REVOKED');
  });

  it('binds access and refresh tokens to the client certificate used at sign-in', async () => {
    const { service, verifier } = await setup();
    const cert = createHash('sha256').update('console cert').digest('base64url');
    const session = await service.signIn({ username: 'lan.nguyen', password: PASSWORD, certificateThumbprint: cert });
    if (!session.ok) throw new Error(session.reason);
    expectDenied(await verifier.verify(session.accessToken), 'HALONG_TOKEN_CERT_BINDING');
    expect((await verifier.verify(session.accessToken, { certificateThumbprint: cert })).ok).toBe(true);
    expectDenied(await service.refresh({ refreshToken: session.refreshToken }), 'HALONG_TOKEN_CERT_BINDING');
    const refreshed = await service.refresh({ refreshToken: session.refreshToken, certificateThumbprint: cert });
    if (!refreshed.ok) throw new Error(refreshed.reason);
    expect((await verifier.verify(refreshed.accessToken, { certificateThumbprint: cert })).ok).toBe(true);
  });

  it('upgrades a hash made with other parameters at sign-in', async () => {
    const { service, accounts } = await setup();
    await createLocalAccount(accounts, { username: 'old', password: PASSWORD }, { N: 2 ** 11, r: 8, p: 1 });
    expect((await service.signIn({ username: 'old', password: PASSWORD })).ok).toBe(true);
    expect((await accounts.findByUsername('old'))!.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect((await service.signIn({ username: 'old', password: PASSWORD })).ok).toBe(true);
  });
});

describe('createLocalAccount and the account store', () => {
  it('enforces the password policy and unique usernames', async () => {
    const accounts = createMemoryAccountStore();
    await expect(createLocalAccount(accounts, { username: 'minh', password: 'too short' }, FAST)).rejects.toThrow(PasswordPolicyError);
    await expect(createLocalAccount(accounts, { username: 'minh', password: 'minh-is-my-password' }, FAST)).rejects.toThrow(/username/);
    await createLocalAccount(accounts, { username: 'minh', password: PASSWORD }, FAST);
    await expect(createLocalAccount(accounts, { username: ' MINH ', password: PASSWORD }, FAST)).rejects.toThrow(AccountExistsError);
    await expect(createLocalAccount(accounts, { username: 'bad name!', password: PASSWORD }, FAST)).rejects.toThrow(TypeError);
  });

  it('stores only the hash, and finds accounts by normalized username and by subject', async () => {
    const accounts = createMemoryAccountStore();
    const created = await createLocalAccount(accounts, { username: 'Trang', password: PASSWORD, subject: 'user-42' }, FAST);
    expect(created.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(JSON.stringify(created)).not.toContain(PASSWORD);
    expect(await accounts.findByUsername('TRANG')).toMatchObject({ username: 'trang', subject: 'user-42' });
    expect(await accounts.findBySubject('user-42')).toMatchObject({ username: 'trang' });
    expect(await accounts.update({ ...created, username: 'nobody' })).toBe(false);
  });
});
