// Durations for `timespan` (correlations) and the legacy `timeframe`. The correlation
// specification fixes the format as "number + letter (in lowercase)" with s, m, h and d; pySigma
// also reads w, M and y, which Halong rejects: months and years are not fixed lengths, and a rule
// using them would not load in a tool that follows the specification.
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a Sigma duration such as `90m` or `1d`; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const m = /^([0-9]+)([smhd])$/.exec(text.trim());
  if (!m) return undefined;
  const count = Number(m[1]);
  if (!Number.isSafeInteger(count) || count <= 0) return undefined;
  return count * (UNIT_MS[m[2] ?? ''] ?? 0);
}
