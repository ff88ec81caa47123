import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { TokenConfigError } from './errors';
import { PASSWORD_MAX_LENGTH } from './password-policy';

/** scrypt cost: N (CPU/memory, a power of two), r (block size), p (parallelism). */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** Production cost: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s). Tests pass a lower N explicitly. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MIN_LOG2_N = 10;
const MAX_LOG2_N = 20;
const MAX_MEMORY = 256 * 1024 * 1024;
const ENCODED = /^scrypt\$(\d{1,8})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Hashes a password as `scrypt$N$r$p$salt$hash` (salt and hash base64) with a fresh 16-byte salt. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  checkParams(params);
  if (typeof password !== 'string' || password.length > PASSWORD_MAX_LENGTH * 2) throw new TypeError('password: too long');
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params, KEY_BYTES);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Checks a password against an encoded hash in constant time (`timingSafeEqual`). An unreadable
 * hash or an over-long password gives false.
 */
export async function verifyPasswordHash(password: string, encoded: string): Promise<boolean> {
  const parsed = parsePasswordHash(encoded);
  if (parsed === undefined || typeof password !== 'string' || password.length > PASSWORD_MAX_LENGTH * 2) return false;
  const actual = await derive(password, parsed.salt, parsed.params, parsed.hash.length);
  return timingSafeEqual(actual, parsed.hash);
}

/** True if the hash was made with other parameters than `params` (rehash after the next sign-in). */
export function needsRehash(encoded: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parsePasswordHash(encoded);
  return parsed === undefined || parsed.params.N !== params.N || parsed.params.r !== params.r || parsed.params.p !== params.p;
}

function parsePasswordHash(encoded: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | undefined {
  const match = typeof encoded === 'string' ? ENCODED.exec(encoded) : null;
  if (match === null) return undefined;
  const params = { N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  const salt = Buffer.from(match[4], 'base64');
  const hash = Buffer.from(match[5], 'base64');
  if (!validParams(params) || salt.length < SALT_BYTES || hash.length < KEY_BYTES || hash.length > 64) return undefined;
  return { params, salt, hash };
}

function validParams({ N, r, p }: ScryptParams): boolean {
  const log2N = Math.log2(N);
  return Number.isInteger(log2N) && log2N >= MIN_LOG2_N && log2N <= MAX_LOG2_N
    && Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16
    && 128 * N * r * p <= MAX_MEMORY;
}

function checkParams(params: ScryptParams): void {
  if (!validParams(params)) {
    throw new TokenConfigError(`scrypt: N must be a power of two from 2^${MIN_LOG2_N} to 2^${MAX_LOG2_N}, r 1–32, p 1–16, memory at most 256 MiB`);
  }
}

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, { N, r, p, maxmem: 256 * N * r * p }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}
