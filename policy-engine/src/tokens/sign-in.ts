import type { AccountStore, LocalAccount } from './account-store';
import type { TokenDenial } from './errors';
import type { TokenIssuer } from './issuer';
import type { LoginLockout } from './login-lockout';
import type { ScryptParams } from './password-hash';
import type { RefreshTokenService } from './refresh-tokens';
import { normalizeUsername } from './account-store';
import { deny } from './errors';
import { verifyPassword } from './local-accounts';
import { createLoginLockout } from './login-lockout';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash } from './password-hash';

export interface SignInServiceOptions {
  readonly accounts: AccountStore;
  readonly issuer: TokenIssuer;
  readonly refreshTokens: RefreshTokenService;
  /** Default: 5 failures in 15 min lock the username for 15 min. */
  readonly lockout?: LoginLockout;
  /** Parameters new hashes are made with; older hashes are upgraded at sign-in. */
  readonly hashParams?: ScryptParams;
}

/** Tokens handed to the console after sign-in or refresh. */
export interface SessionTokens {
  readonly ok: true;
  readonly subject: string;
  readonly accessToken: string;
  /** Seconds since the Unix epoch. */
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string;
  /** Milliseconds since the Unix epoch. */
  readonly refreshTokenExpiresAt: number;
}

export type SignInResult = SessionTokens | TokenDenial;

export interface SignInService {
  signIn(request: { username: string; password: string; certificateThumbprint?: string }): Promise<SignInResult>;
  /** Rotates the refresh token and issues an access token with the account's current roles. */
  refresh(request: { refreshToken: string; certificateThumbprint?: string }): Promise<SignInResult>;
  /** Revokes the refresh token's family. Access tokens live on until they expire (10 min). */
  signOut(refreshToken: string): Promise<void>;
}

const BAD_CREDENTIALS = 'invalid username or password';

/** Sign-in with local accounts: lockout, constant-shape password check, access + refresh tokens. */
export function createSignInService(options: SignInServiceOptions): SignInService {
  const { accounts, issuer, refreshTokens } = options;
  const lockout = options.lockout ?? createLoginLockout();
  const params = options.hashParams ?? DEFAULT_SCRYPT_PARAMS;

  const session = async (account: LocalAccount, refreshToken: string, refreshExpiresAt: number, thumbprint?: string): Promise<SessionTokens> => {
    const access = await issuer.issueAccessToken({
      subject: account.subject,
      roles: account.roles,
      groups: account.groups,
      ...(account.site === undefined ? {} : { site: account.site }),
      ...(thumbprint === undefined ? {} : { certificateThumbprint: thumbprint }),
    });
    return {
      ok: true,
      subject: account.subject,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt: refreshExpiresAt,
    };
  };

  return {
    async signIn({ username, password, certificateThumbprint }) {
      const key = typeof username === 'string' ? normalizeUsername(username) : '';
      const wait = lockout.lockedFor(key);
      if (wait > 0) return deny('HALONG_TOKEN_LOCKED_OUT', `too many failed sign-ins for this username; try again in ${wait} s`);
      const account = await verifyPassword(accounts, key, password, params);
      if (account === undefined) {
        lockout.recordFailure(key);
        return deny('HALONG_TOKEN_INVALID_CREDENTIALS', BAD_CREDENTIALS);
      }
      lockout.recordSuccess(key);
      if (account.disabled === true) return deny('HALONG_TOKEN_ACCOUNT_DISABLED', `account "${account.username}" is disabled`);
      if (needsRehash(account.passwordHash, params)) {
        await accounts.update({ ...account, passwordHash: await hashPassword(password, params) });
      }
      const refresh = await refreshTokens.issue(account.subject, certificateThumbprint === undefined ? {} : { certificateThumbprint });
      return session(account, refresh.token, refresh.expiresAt, certificateThumbprint);
    },
    async refresh({ refreshToken, certificateThumbprint }) {
      const rotated = await refreshTokens.rotate(refreshToken, certificateThumbprint === undefined ? {} : { certificateThumbprint });
      if (!rotated.ok) return rotated;
      const account = await accounts.findBySubject(rotated.subject);
      if (account === undefined || account.disabled === true) {
        await refreshTokens.revoke(rotated.token);
        return deny('HALONG_TOKEN_ACCOUNT_DISABLED', `the account of ${rotated.subject} is disabled or gone`);
      }
      return session(account, rotated.token, rotated.expiresAt, certificateThumbprint);
    },
    signOut: (refreshToken) => refreshTokens.revoke(refreshToken),
  };
}
