// Historical hunts: every event a rule matches in a time range, page by page through a point in
// time, so a week over millions of events holds one page in memory and sees one consistent
// snapshot. Hits come in (@timestamp, _index, _id) order; that triple is unique, so search_after
// never skips or repeats a hit.
import type { Client } from '@opensearch-project/opensearch';
import type { LogsourceMapping } from '../mapping/types';
import type { SigmaRule } from '../sigma/types';
import type { Dsl } from './dsl';
import { and } from './dsl';
import { HuntError, isProblem } from './errors';
import type { FieldCatalog } from './field-catalog';
import { loadFieldCatalog } from './field-catalog';
import { rulePaths, ruleToQuery } from './rule-query';

/** A time bound: a Date, epoch milliseconds or an ISO-8601 string. */
export type TimeBound = Date | number | string;

/** Options of huntRule. */
export interface HuntOptions {
  /** Start of the range (inclusive), on `@timestamp`. */
  since: TimeBound;
  /** End of the range (exclusive); open-ended when absent. */
  until?: TimeBound;
  /** Indices to search, e.g. `indexNames(prefix).eventsPattern`. */
  indexPattern: string;
  /** Stop after this many hits (default: all). */
  size?: number;
  /** Hits per request (default 1000, at most 10000). */
  pageSize?: number;
  /** Point-in-time keep-alive between pages (default `2m`). */
  keepAlive?: string;
  /** Timeout of each search request (default 120 000 ms). */
  timeoutMs?: number;
  /** `_source` filtering, e.g. `['@timestamp', 'event.id', 'process.*']` (default: whole source). */
  source?: string[] | boolean;
}

/** One matching event. */
export interface HuntHit {
  _index: string;
  _id: string;
  _source: Record<string, unknown>;
  /** Names of the named queries (`_name`) the event matched, when the query has some. */
  matched_queries?: string[];
}

/** Epoch milliseconds of a time bound (NaN when unparseable). */
export const toMillis = (t: TimeBound): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t));

/** `@timestamp` in [since, until). */
export function timeRange(since: TimeBound, until?: TimeBound): Dsl {
  const from = toMillis(since);
  const to = until === undefined ? undefined : toMillis(until);
  if (Number.isNaN(from) || (to !== undefined && Number.isNaN(to))) throw new HuntError('HALONG_HUNT_SEARCH_FAILED', 'since/until is not a valid time');
  return { range: { '@timestamp': { gte: from, ...(to === undefined ? {} : { lt: to }), format: 'epoch_millis' } } };
}

/** Rejects an answer that is missing shards: a partial hunt would look like a clean one. */
export function checkShards(body: { _shards?: { failed?: number; failures?: unknown[] } }): void {
  const failed = body._shards?.failed ?? 0;
  if (failed > 0) {
    const reasons = JSON.stringify(body._shards?.failures ?? []).slice(0, 2000);
    throw new HuntError('HALONG_HUNT_SHARD_FAILURE', `${failed} shard(s) failed: ${reasons}`);
  }
}

/** Runs a request, turning a client failure into HALONG_HUNT_SEARCH_FAILED with OpenSearch's answer. */
export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof HuntError) throw err;
    const body = (err as { meta?: { body?: unknown } }).meta?.body;
    const detail = body ? JSON.stringify(body).slice(0, 2000) : (err as Error).message;
    throw new HuntError('HALONG_HUNT_SEARCH_FAILED', `${what} failed: ${detail}`, { cause: err });
  }
}

/**
 * Pages through every document of `indices` matching `query`, in (@timestamp, _index, _id)
 * order, through a point in time that is always released.
 */
export async function* searchAll(client: Client, indices: string[], query: Dsl, options: Omit<HuntOptions, 'since' | 'until' | 'indexPattern'>): AsyncGenerator<HuntHit> {
  if (indices.length === 0) return;
  const keepAlive = options.keepAlive ?? '2m';
  const pageSize = Math.min(options.pageSize ?? 1000, 10_000);
  let remaining = options.size ?? Number.POSITIVE_INFINITY;
  const pit = await call('opening a point in time', () => client.createPit({ index: indices, keep_alive: keepAlive }));
  const pitId = pit.body.pit_id;
  try {
    let after: unknown[] | undefined;
    while (remaining > 0) {
      const body = {
        size: Math.min(pageSize, remaining),
        query,
        pit: { id: pitId, keep_alive: keepAlive },
        sort: [{ '@timestamp': { order: 'asc', unmapped_type: 'date' } }, { _index: 'asc' }, { _id: 'asc' }],
        track_total_hits: false,
        ...(options.source === undefined ? {} : { _source: options.source }),
        ...(after ? { search_after: after } : {}),
      };
      // A rule with a thousand substrings over many daily indices may take longer than the client's default.
      const res = await call('searching', () => client.search({ body: body as never }, { requestTimeout: options.timeoutMs ?? 120_000 }));
      checkShards(res.body as never);
      const hits = res.body.hits.hits as unknown as (HuntHit & { sort: unknown[] })[];
      for (const h of hits) yield { _index: h._index, _id: h._id, _source: h._source ?? {}, ...(h.matched_queries ? { matched_queries: h.matched_queries } : {}) };
      remaining -= hits.length;
      if (hits.length < body.size) return;
      after = hits[hits.length - 1]!.sort;
    }
  } finally {
    await client.deletePit({ body: { pit_id: [pitId] } }).catch(() => undefined);
  }
}

/**
 * Every event of `indexPattern` in [since, until) that the rule matches. The field types of the
 * indices are read first (field_caps), so the query is exact for each index's mapping; the
 * point in time is opened on exactly the indices those types were read from.
 *
 * Throws HuntError: HALONG_HUNT_UNSUPPORTED (with the SigmaProblem) when the rule cannot be run
 * exactly on these indices, HALONG_HUNT_SHARD_FAILURE / HALONG_HUNT_SEARCH_FAILED otherwise.
 */
export async function* huntRule(client: Client, rule: SigmaRule, mapping: LogsourceMapping, options: HuntOptions): AsyncGenerator<HuntHit> {
  const { catalog, indices } = await call('reading field types', () => loadFieldCatalog(client, options.indexPattern, rulePaths(rule, mapping)));
  const query = huntQuery(rule, mapping, catalog, options);
  yield* searchAll(client, indices, query, options);
}

/** The query of a hunt: the rule's, within the time range. */
export function huntQuery(rule: SigmaRule, mapping: LogsourceMapping, catalog: FieldCatalog, options: Pick<HuntOptions, 'since' | 'until'>): Dsl {
  const built = ruleToQuery(rule, mapping, { catalog });
  if (isProblem(built)) throw new HuntError('HALONG_HUNT_UNSUPPORTED', built.message, { problem: built });
  return and([timeRange(options.since, options.until), built.query]);
}
