import type { HalongConfig } from '@halong/core/node';
import { createOpenSearchClient } from '@halong/core/node';
import { indexNames } from '@halong/core';
import type { FieldMapper, RulePack } from '@halong/detection';
import { HuntError, buildRuleSet, huntEntry, parseDuration } from '@halong/detection';
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
 * the time range, one line per matching event; each correlation through aggregations, one line
 * per window in which it holds. Exit 1 when a rule or correlation cannot be hunted.
 */
export async function hunt(config: HalongConfig, pack: RulePack, mapper: FieldMapper, args: HuntArgs, io: Output): Promise<number> {
  const range = huntRange(args, Date.now());
  if (!range) {
    io.err('halong sigma hunt: --since takes a duration (30m, 24h, 7d) or an ISO date; --until an ISO date');
    return 2;
  }
  const set = await buildRuleSet(pack, mapper);
  // Rules whose logsource no pipeline maps cannot be hunted either: the same reason, once.
  for (const p of set.problems) if (p.stage === 'pipeline') io.err(`${p.ruleId ?? p.file}: ${p.reason}`);
  const client = createOpenSearchClient(config);
  const span = `from ${new Date(range.since).toISOString()}${range.until ? ` to ${new Date(range.until).toISOString()}` : ''}`;
  let failed = set.problems.filter((p) => p.stage === 'pipeline').length;
  try {
    for (const entry of set.entries) {
      if (entry.kind === 'rule' && !entry.mapping) continue;
      const title = entry.doc.title;
      let count = 0;
      try {
        const items = huntEntry(client, set, entry, {
          ...range,
          indexPattern: indexNames(config.indexPrefix).eventsPattern,
          source: ['@timestamp', 'event.id', 'host.name'],
          ...(args.limit ? { size: args.limit } : {}),
        });
        for await (const item of items) {
          count++;
          if (item.kind === 'event') io.out(`${String(item.hit._source['@timestamp'] ?? '')} ${item.hit._index} ${item.hit._id} ${title}`);
          else {
            const m = item.match;
            io.out(`${new Date(m.windowStart).toISOString()}..${new Date(m.windowEnd).toISOString()} ${JSON.stringify(m.group)} value=${m.value} ${JSON.stringify(m.counts)} ${title}`);
          }
        }
      } catch (err) {
        io.err(`${title} [${entry.key}]: ${err instanceof HuntError ? `${err.code} ` : ''}${(err as Error).message}`);
        failed++;
        continue;
      }
      io.out(`${title} [${entry.key}]: ${count} ${entry.kind === 'rule' ? 'events' : 'windows'} ${span}`);
    }
  } finally {
    await client.close();
  }
  return failed ? 1 : 0;
}
