import type { Client } from '@opensearch-project/opensearch';

const DAY_MS = 86_400_000;

/**
 * The daily events indices whose day ended more than `retentionDays` ago. Pure: the index
 * name carries its day (`<prefix>-events-<dataset>-YYYY.MM.DD`), so no query is needed.
 */
export function expiredIndices(indices: readonly string[], prefix: string, retentionDays: number, now: Date): string[] {
  const pattern = new RegExp(`^${escape(prefix)}-events-.+-(\\d{4})\\.(\\d{2})\\.(\\d{2})$`);
  const cutoff = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - retentionDays * DAY_MS;
  return indices.filter((name) => {
    const m = pattern.exec(name);
    if (!m) return false;
    const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return !Number.isNaN(day) && day < cutoff;
  });
}

/**
 * Halong's retention job (the embedded OpenSearch has no ISM plugin): deletes daily events
 * indices past retention. Returns what it deleted.
 */
export async function applyRetention(client: Pick<Client, 'cat' | 'indices'>, prefix: string, retentionDays: number, now = new Date()): Promise<string[]> {
  const { body } = await client.cat.indices({ index: [`${prefix}-events-*`], format: 'json', h: ['index'] });
  const names = (body as { index: string }[]).map((r) => r.index);
  const expired = expiredIndices(names, prefix, retentionDays, now);
  // Deleted by exact name, a few at a time: never a wildcard delete.
  for (let i = 0; i < expired.length; i += 50) {
    await client.indices.delete({ index: expired.slice(i, i + 50) });
  }
  return expired;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
