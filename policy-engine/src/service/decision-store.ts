// Logged decisions, read back from OpenSearch (the indexer writes them from the decisions topic):
// the admin's decision search and the replay set of a policy simulation.
import type { Decision } from '@halong/core';
import type { OpenSearchClient } from '@halong/core/node';
import type { RecordedDecision } from '../pdp/simulate';
import type { DecisionQuery } from '../http/admin-options';

const PAGE = 5000;

type Hit = { _source: Decision; sort?: unknown[] };

function filters(q: Partial<DecisionQuery>): unknown[] {
  const f: unknown[] = [];
  if (q.subject) f.push({ term: { 'subject.id': q.subject } });
  if (q.resourceType) f.push({ term: { 'resource.type': q.resourceType } });
  if (q.resourceId) f.push({ term: { 'resource.id': q.resourceId } });
  if (q.action) f.push({ term: { 'action.name': q.action } });
  if (q.decision !== undefined) f.push({ term: { decision: q.decision } });
  if (q.since || q.until) f.push({ range: { '@timestamp': { ...(q.since ? { gte: q.since } : {}), ...(q.until ? { lte: q.until } : {}) } } });
  return f;
}

const missingIndex = (err: unknown): boolean => (err as { meta?: { statusCode?: number } }).meta?.statusCode === 404;

/** Decision search and replay over the decisions index. */
export function createDecisionStore(client: OpenSearchClient, index: string) {
  return {
    async search(q: DecisionQuery): Promise<{ total: number; decisions: Decision[] }> {
      try {
        const res = await client.search({
          index,
          body: { query: { bool: { filter: filters(q) } }, sort: [{ '@timestamp': 'desc' }], size: q.limit, track_total_hits: true } as never,
        });
        const hits = res.body.hits as { total: { value: number }; hits: Hit[] };
        return { total: hits.total.value, decisions: hits.hits.map((h) => h._source) };
      } catch (err) {
        if (missingIndex(err)) return { total: 0, decisions: [] };
        throw err;
      }
    },

    async recent(since: Date, limit: number): Promise<RecordedDecision[]> {
      const out: RecordedDecision[] = [];
      let after: unknown[] | undefined;
      try {
        while (out.length < limit) {
          const res = await client.search({
            index,
            body: {
              query: { bool: { filter: filters({ since: since.toISOString() }) } },
              sort: [{ '@timestamp': 'asc' }, { id: 'asc' }],
              size: Math.min(PAGE, limit - out.length),
              ...(after ? { search_after: after } : {}),
            } as never,
          });
          const hits = (res.body.hits as { hits: Hit[] }).hits;
          for (const h of hits) out.push(h._source);
          if (hits.length === 0 || hits.length < PAGE) break;
          after = hits[hits.length - 1]!.sort;
        }
      } catch (err) {
        if (!missingIndex(err)) throw err;
      }
      return out;
    },
  };
}
