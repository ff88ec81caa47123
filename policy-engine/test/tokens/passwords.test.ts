import { TokenConfigError, PasswordPolicyError } from '../../src/tokens/errors';
import { DEFAULT_SCRYPT_PARAMS, hashPassword, needsRehash, verifyPasswordHash } from '../../src/tokens/password-hash';
import { PASSWORD_MAX_LENGTH, assertPasswordPolicy, checkPasswordPolicy } from '../../src/tokens/password-policy';

// Tests hash at N = 2^10 to stay fast; production uses DEFAULT_SCRYPT_PARAMS (N = 2^15).
const FAST = { N: 2 ** 10, r: 8, p: 1 };
const PASSWORD = 'correct horse battery staple';

describe('hashPassword / verifyPasswordHash', () => {
  it('encodes scrypt$N$r$p$salt$hash with a 16-byte salt and a 32-byte hash', async () => {
    const encoded = await hashPassword(PASSWORD, FAST);
    const [scheme, n, r, p, salt, hash] = encoded.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '1024', '8', '1']);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash, 'base64')).toHaveLength(32);
  });

  it('uses N = 2^15, r = 8, p = 1 by default', async () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    const encoded = await hashPassword(PASSWORD);
    expect(encoded).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPasswordHash(PASSWORD, encoded)).toBe(true);
  });

  it('salts every hash', async () => {
    expect(await hashPassword(PASSWORD, FAST)).not.toBe(await hashPassword(PASSWORD, FAST));
  });

  it('verifies the right password and refuses others', async () => {
    const encoded = await hashPassword(PASSWORD, FAST);
    expect(await verifyPasswordHash(PASSWORD, encoded)).toBe(true);
    expect(await verifyPasswordHash('correct horse battery stapl', encoded)).toBe(false);
    expect(await verifyPasswordHash(`${PASSWORD} `, encoded)).toBe(false);
    expect(await verifyPasswordHash('', encoded)).toBe(false);
  });

  it('normalizes to NFKC, so composed and decomposed input match', async () => {
    const encoded = await hashPassword('mật khẩu rất dài', FAST);
    expect(await verifyPasswordHash('mật khẩu rất dài'.normalize('NFD'), encoded)).toBe(true);
  });

  it.each([
    ['another scheme', 'argon2$v=19$abc'],
    ['N not a power of two', 'scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['N above 2^20 (memory DoS)', 'scrypt$2097152$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['a short salt', 'scrypt$1024$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['empty', ''],
  ])('refuses a stored hash with %s', async (_what, encoded) => {
    expect(await verifyPasswordHash(PASSWORD, encoded)).toBe(false);
  });

  it('refuses an over-long password without hashing it', async () => {
    const encoded = await hashPassword(PASSWORD, FAST);
    expect(await verifyPasswordHash('x'.repeat(PASSWORD_MAX_LENGTH * 2 + 1), encoded)).toBe(false);
    await expect(hashPassword('x'.repeat(PASSWORD_MAX_LENGTH * 2 + 1), FAST)).rejects.toThrow(TypeError);
  });

  it.each([
    [{ N: 2 ** 9, r: 8, p: 1 }],
    [{ N: 3000, r: 8, p: 1 }],
    [{ N: 2 ** 10, r: 0, p: 1 }],
    [{ N: 2 ** 20, r: 8, p: 2 }],
  ])('refuses scrypt parameters %j', async (params) => {
    await expect(hashPassword(PASSWORD, params)).rejects.toThrow(TokenConfigError);
  });

  it('needsRehash is true for other parameters', async () => {
    const encoded = await hashPassword(PASSWORD, FAST);
    expect(needsRehash(encoded, FAST)).toBe(false);
    expect(needsRehash(encoded)).toBe(true);
    expect(needsRehash('garbage', FAST)).toBe(true);
  });
});

describe('password policy', () => {
  it.each([
    ['12 characters', 'abcdefghijkl'],
    ['a long passphrase', 'the quick brown fox jumps over the lazy dog'],
    ['exactly 1024 characters', 'ab'.repeat(512)],
    ['12 Vietnamese letters', 'đường phố hà'],
  ])('accepts %s', (_what, password) => {
    expect(checkPasswordPolicy(password)).toEqual({ ok: true });
  });

  it.each([
    ['11 characters', 'abcdefghijk', /shorter than 12/],
    ['1025 characters', 'ab'.repeat(512) + 'c', /longer than 1024/],
    ['a huge input', 'a'.repeat(1_000_000), /longer than 1024/],
    ['one repeated character', 'aaaaaaaaaaaaaaaa', /single character/],
    ['the username inside', 'xx-nguyenvan-2025', /username/],
  ])('refuses %s', (_what, password, reason) => {
    const result = checkPasswordPolicy(password, { username: 'NguyenVan' });
    expect(result).toEqual({ ok: false, code: 'HALONG_TOKEN_PASSWORD_POLICY', reason: expect.stringMatching(reason) });
  });

  it('counts code points, not UTF-16 units', () => {
    expect(checkPasswordPolicy('😀'.repeat(11)).ok).toBe(false);
    expect(checkPasswordPolicy('😀😁'.repeat(6)).ok).toBe(true);
  });

  it('assertPasswordPolicy throws a PasswordPolicyError with the stable code', () => {
    expect(() => assertPasswordPolicy('short')).toThrow(PasswordPolicyError);
    try {
      assertPasswordPolicy('short');
    } catch (error) {
      expect(error).toMatchObject({ code: 'HALONG_TOKEN_PASSWORD_POLICY', status: 400 });
    }
  });
});
