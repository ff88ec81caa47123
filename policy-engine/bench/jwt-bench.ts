// JWT verification with and without the verifier's cache, in the same run: ES256 access tokens
// from createTokenIssuer, checked by createTokenVerifier against the issuer's JWKS, with a jti
// revocation store (checked on cache hits too, as in production).
// Run alone: npx tsx --expose-gc policy-engine/bench/jwt-bench.ts
import { createMemoryRevocationStore, createTokenIssuer, createTokenVerifier, generateSigningKey } from '../src/tokens/index';
import type { TokenVerifier } from '../src/tokens/index';
import type { BenchRow, PartResult } from './bench-stats';
import { count, fixed, percentiles, perSecond } from './bench-stats';

const TOKENS = Number(process.env.BENCH_JWT_TOKENS ?? 1_000);
const UNCACHED = Number(process.env.BENCH_JWT_UNCACHED ?? 20_000);
const CACHED = Number(process.env.BENCH_JWT_CACHED ?? 200_000);
const ISSUER = 'https://halong.bench';

async function timedVerifications(verifier: TokenVerifier, tokens: string[], n: number): Promise<{ ms: number; lat: Float64Array }> {
  const lat = new Float64Array(n);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    const result = await verifier.verify(tokens[i % tokens.length]!);
    lat[i] = Number(process.hrtime.bigint() - s) / 1000;
    if (!result.ok) throw new Error(`a valid token was denied: ${result.code} ${result.reason}`);
  }
  return { ms: performance.now() - t0, lat };
}

export async function runJwtBench(): Promise<PartResult> {
  const issuer = createTokenIssuer({ issuer: ISSUER, audience: 'halong', signingKey: await generateSigningKey('ES256') });
  const revocations = createMemoryRevocationStore();
  const options = { issuer: ISSUER, audience: 'halong', keys: { kind: 'jwks' as const, jwks: () => issuer.jwks() }, revocations };
  const cached = createTokenVerifier(options); // default cache: 10,000 entries, trusted for at most 60 s
  const uncached = createTokenVerifier({ ...options, cache: false });
  const issued = await Promise.all(
    Array.from({ length: TOKENS }, (_, i) => issuer.issueAccessToken({ subject: `user-${i}`, roles: ['analyst'], groups: ['night-shift'], site: 'qn-01' })),
  );
  const tokens = issued.map((t) => t.token);
  // Warm-up: JIT for both paths, and each token verified once so the cached verifier answers from its cache.
  await timedVerifications(uncached, tokens, Math.min(UNCACHED, 2_000));
  await timedVerifications(cached, tokens, tokens.length);

  console.log(`JWT verification: ES256 access tokens (${tokens[0]!.length} characters), ${count(TOKENS)} distinct tokens, JWKS source, jti revocation store`);
  const rows: BenchRow[] = [];
  for (const [name, verifier, n] of [
    ['uncached (cache: false)', uncached, UNCACHED],
    ['cached (hits)', cached, CACHED],
  ] as const) {
    const { ms, lat } = await timedVerifications(verifier, tokens, n);
    const p = percentiles(lat);
    const rate = `${count(perSecond(n, ms))} verifications/s`;
    console.log(`  ${name.padEnd(24)} ${rate.padStart(24)}   µs: p50 ${fixed(p.p50)}  p99 ${fixed(p.p99)}  p99.9 ${fixed(p.p999)}  max ${fixed(p.max)}  (${count(n)} verifications)`);
    rows.push({ part: 'JWT verify', what: name, rate, unit: 'µs', p50: p.p50, p99: p.p99, p999: p.p999 });
  }
  // The cache must never outlive a revocation: a revoked jti is refused on the next (cached) call.
  revocations.revoke(issued[0]!.jti, issued[0]!.expiresAt);
  const after = await cached.verify(tokens[0]!);
  const refused = !after.ok && after.code === 'HALONG_TOKEN_REVOKED';
  console.log(`  revoked jti on a cache hit: ${refused ? 'refused (HALONG_TOKEN_REVOKED)' : 'NOT refused'}`);
  if (!refused) throw new Error('a revoked token was accepted from the verification cache');
  rows[rows.length - 1]!.note = `${fixed(rows[0]!.p50! / rows[1]!.p50!, 0)}× faster p50 than uncached; revoked jti still refused`;
  return { rows };
}

if (require.main === module) {
  runJwtBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
