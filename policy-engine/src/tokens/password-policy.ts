import type { TokenDenial } from './errors';
import { PasswordPolicyError, deny } from './errors';

/** Shortest accepted password, in Unicode code points after NFKC normalization. */
export const PASSWORD_MIN_LENGTH = 12;
/** Longest accepted password: bounds the hashing work an attacker can ask for. */
export const PASSWORD_MAX_LENGTH = 1024;

/** The password policy check, as a result (`HALONG_TOKEN_PASSWORD_POLICY` on failure). */
export function checkPasswordPolicy(password: string, context: { username?: string } = {}): { readonly ok: true } | TokenDenial {
  const fail = (reason: string) => deny('HALONG_TOKEN_PASSWORD_POLICY', reason);
  if (typeof password !== 'string') return fail('the password must be a string');
  // Checked before normalizing, so a huge input costs nothing.
  if (password.length > PASSWORD_MAX_LENGTH * 2) return fail(`the password is longer than ${PASSWORD_MAX_LENGTH} characters`);
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return fail(`the password is shorter than ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) return fail(`the password is longer than ${PASSWORD_MAX_LENGTH} characters`);
  if (new Set(normalized).size === 1) return fail('the password repeats a single character');
  const username = context.username?.normalize('NFKC').toLowerCase();
  if (username !== undefined && username.length >= 3 && normalized.toLowerCase().includes(username)) {
    return fail('the password contains the username');
  }
  return { ok: true };
}

/** Throws a `PasswordPolicyError` if the password breaks the policy. */
export function assertPasswordPolicy(password: string, context: { username?: string } = {}): void {
  const result = checkPasswordPolicy(password, context);
  if (!result.ok) throw new PasswordPolicyError(result.reason);
}
