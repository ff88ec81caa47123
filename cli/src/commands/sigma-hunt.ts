import type { HalongConfig } from '@halong/core/node';
import { createOpenSearchClient } from '@halong/core/node';
import { indexNames } from '@halong/core';
import type { FieldMapper, RulePack } from '@halong/detection';
import { HuntError, huntRule, isSigmaProblem, parseDuration } from '@halong/detection';
import type { Output } from '../output';

export interface HuntArgs {
  since: string;
  until?: string;
  limit?: number;
}

/** `--since 7d` or an ISO date; `--until` an ISO date. Undefined when unreadable. */
export function huntRange(args: HuntArgs, now: number): { since: number; until?: number } | undefined {
  const back = parseDuration(args.since);
  const since = back !== undefined ? now - back : Date.parse(args.since);
  const until = args.until === undefined ? undefined : Date.parse(args.until);
  if (!Number.isFinite(since) || (until !== undefined && !Number.isFinite(until))) return undefined;
  return { since, ...(until === undefined ? {} : { until }) };
}

/**
 * `halong sigma hunt`: each rule of the pack as an OpenSearch query over the events indices in
 * the time range; prints one line per matching event. Exit 1 when a rule cannot be hunted.
 */
export async function hunt(config: HalongConfig, pack: RulePack, mapper: FieldMapper, args: HuntArgs, io: Output): Promise<number> {
  const range = huntRange(args, Date.now());
  if (!range) {
    io.err('halong sigma hunt: --since takes a duration (30m, 24h, 7d) or an ISO date; --until an ISO date');
    return 2;
  }
  if (pack.correlations.length) io.err(`halong sigma hunt: ${pack.correlations.length} correlation rules skipped (hunted through the API's aggregations, not yet from the command line)`);
  const client = createOpenSearchClient(config);
  let failed = 0;
  try {
    for (const rule of pack.rules) {
      const mapping = mapper.forLogsource(rule.logsource);
      if (isSigmaProblem(mapping)) {
        io.err(`${rule.title} [${rule.id}]: ${mapping.message}`);
        failed++;
        continue;
      }
      let count = 0;
      try {
        const hits = huntRule(client, rule, mapping, { ...range, indexPattern: indexNames(config.indexPrefix).eventsPattern, source: ['@timestamp', 'event.id', 'host.name'], ...(args.limit ? { size: args.limit } : {}) });
        for await (const hit of hits) {
          count++;
          io.out(`${String(hit._source['@timestamp'] ?? '')} ${hit._index} ${hit._id} ${rule.title}`);
        }
      } catch (err) {
        io.err(`${rule.title} [${rule.id}]: ${err instanceof HuntError ? `${err.code} ` : ''}${(err as Error).message}`);
        failed++;
        continue;
      }
      io.out(`${rule.title} [${rule.id}]: ${count} events from ${new Date(range.since).toISOString()}${range.until ? ` to ${new Date(range.until).toISOString()}` : ''}`);
    }
  } finally {
    await client.close();
  }
  return failed ? 1 : 0;
}
