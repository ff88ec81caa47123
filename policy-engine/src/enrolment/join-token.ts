import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every join token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const JOIN_TOKEN_PREFIX = 'hjt_';

// hjt_ + 16 bytes id (22 base64url characters) + "." + 32 bytes secret (43 characters).
const ID_CHARS = 22;
const SECRET_CHARS = 43;
/** The exact length of every join token. */
export const JOIN_TOKEN_LENGTH = JOIN_TOKEN_PREFIX.length + ID_CHARS + 1 + SECRET_CHARS;
const FORMAT = /^hjt_([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/;
const ID_FORMAT = /^[A-Za-z0-9_-]{22}$/;

/** A fresh join token and its id: 128 random bits of id, 256 of secret. */
export function mintJoinToken(): { id: string; token: string } {
  const id = randomBytes(16).toString('base64url');
  return { id, token: `${JOIN_TOKEN_PREFIX}${id}.${randomBytes(32).toString('base64url')}` };
}

/** The id of a well-formed join token, or undefined. The length is checked before any pattern. */
export function joinTokenId(token: unknown): string | undefined {
  if (typeof token !== 'string' || token.length !== JOIN_TOKEN_LENGTH) return undefined;
  return FORMAT.exec(token)?.[1];
}

/** Whether `id` has the form of a join token id. */
export function isJoinTokenId(id: unknown): id is string {
  return typeof id === 'string' && ID_FORMAT.test(id);
}

/** SHA-256 (base64url) of a whole join token: the only form of it a store keeps. */
export function hashJoinToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

/** Whether `token` hashes to `storedHash`, compared in constant time. */
export function joinTokenMatches(token: string, storedHash: string): boolean {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'base64url');
  // Lengths are public (always 32 bytes for a sound record); timingSafeEqual needs them equal.
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
