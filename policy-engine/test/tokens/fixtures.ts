// Test helpers: fixed clocks, keys made with node:crypto, and tokens signed by hand so attack
// cases are crafted without any JOSE library's guard rails.
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { Clock } from '../../src/tokens/clock';
import type { TokenVerification } from '../../src/tokens/verifier';
import type { TokenVerifierOptions } from '../../src/tokens/verifier-options';
import { createTokenVerifier } from '../../src/tokens/verifier';

/** 2025-06-01T08:00:00Z */
export const NOW_MS = Date.UTC(2025, 5, 1, 8, 0, 0);
export const NOW = NOW_MS / 1000;
export const ISSUER = 'https://halong.test';
export const AUDIENCE = 'halong-api';

export interface TestClock {
  readonly clock: Clock;
  advanceSeconds(seconds: number): void;
}

export function testClock(startMs = NOW_MS): TestClock {
  let now = startMs;
  return { clock: () => now, advanceSeconds: (s) => { now += s * 1000; } };
}

export type TestAlg = 'ES256' | 'RS256' | 'EdDSA';

export interface TestKey {
  readonly kid: string;
  readonly alg: TestAlg;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: JsonWebKey;
}

export function makeKey(alg: TestAlg, kid: string): TestKey {
  const pair = alg === 'ES256'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ed25519');
  const publicJwk = { ...pair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  return { kid, alg, privateKey: pair.privateKey, publicKey: pair.publicKey, publicJwk };
}

export function jwksOf(...keys: TestKey[]): JSONWebKeySet {
  return { keys: keys.map((k) => ({ ...k.publicJwk })) } as JSONWebKeySet;
}

export const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** Signs `header.payload` with the key named by `header.alg` (ES256, RS256, EdDSA) or an HMAC secret (HS256). */
export function signCompact(header: Record<string, unknown>, payload: Record<string, unknown>, key: TestKey | { hmacSecret: Uint8Array }): string {
  return signInput(`${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`, key);
}

/** Signs an arbitrary `header.payload` signing input. */
export function signInput(input: string, key: TestKey | { hmacSecret: Uint8Array }): string {
  const data = Buffer.from(input);
  let signature: Buffer;
  if ('hmacSecret' in key) signature = createHmac('sha256', key.hmacSecret).update(data).digest();
  else if (key.alg === 'ES256') signature = sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  else if (key.alg === 'RS256') signature = sign('sha256', data, key.privateKey);
  else signature = sign(null, data, key.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

export function headerFor(key: TestKey, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { alg: key.alg, kid: key.kid, typ: 'at+jwt', ...extra };
}

export function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'local:lan',
    iat: NOW - 60,
    exp: NOW + 540,
    jti: 'jti-0001',
    roles: ['soc-analyst'],
    groups: ['soc-hanoi'],
    site: 'hanoi',
    ...extra,
  };
}

export function without(record: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  const copy = { ...record };
  for (const name of names) delete copy[name];
  return copy;
}

export function verifierFor(keys: TestKey[], extra: Partial<TokenVerifierOptions> = {}) {
  return createTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: { kind: 'jwks', jwks: jwksOf(...keys) },
    clock: testClock().clock,
    ...extra,
  });
}

/** Asserts a deny with the code and a human reason, and returns the reason. */
export function expectDenied(result: TokenVerification | { ok: boolean; code?: string; reason?: string }, code: string): string {
  expect(result).toEqual({ ok: false, code, reason: expect.any(String) });
  const { reason } = result as { reason: string };
  expect(reason.length).toBeGreaterThan(10);
  return reason;
}
