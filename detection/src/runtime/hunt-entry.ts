// A hunt over history for one entry of a rule set: a detection rule yields the events it
// matches, a correlation the windows in which it holds (through aggregations). The CLI prints
// what comes out as it comes; the API keeps the first `limit`.
import type { Client } from '@opensearch-project/opensearch';
import type { HistoricalCorrelationMatch } from '../opensearch/correlation-run';
import { huntCorrelation } from '../opensearch/correlation-run';
import type { CorrelationRuleInput } from '../opensearch/correlation-plan';
import { HuntError, isProblem } from '../opensearch/errors';
import type { FieldCatalog } from '../opensearch/field-catalog';
import { loadFieldCatalog } from '../opensearch/field-catalog';
import type { HuntHit } from '../opensearch/hunt';
import { huntRule } from '../opensearch/hunt';
import { ruleToQuery } from '../opensearch/rule-query';
import type { SigmaCorrelation, SigmaRule } from '../sigma/types';
import type { RuleEntry, RuleSet } from './rule-set';
import { findRule } from './rule-set';

/** What a hunt finds: an event a rule matches, or a window in which a correlation holds. */
export type HuntItem = { kind: 'event'; hit: HuntHit } | { kind: 'window'; match: HistoricalCorrelationMatch };

/** Options of {@link huntEntry}. */
export interface HuntEntryOptions {
  since: number;
  until?: number;
  /** The events indices, e.g. `indexNames(prefix).eventsPattern`. */
  indexPattern: string;
  /** `_source` of the events returned (default: the whole event). */
  source?: string[];
  /** Stop after this many items. */
  size?: number;
}

/** Hunts one rule or correlation of `set` over the events indices. Throws HuntError when it cannot be hunted. */
export async function* huntEntry(client: Client, set: RuleSet, entry: RuleEntry, options: HuntEntryOptions): AsyncGenerator<HuntItem> {
  const range = { since: options.since, ...(options.until === undefined ? {} : { until: options.until }) };
  if (entry.kind === 'rule') {
    if (!entry.mapping) throw new HuntError('HALONG_HUNT_UNSUPPORTED', `no pipeline maps the logsource of ${entry.key}`);
    const hits = huntRule(client, entry.doc as SigmaRule, entry.mapping, {
      ...range,
      indexPattern: options.indexPattern,
      ...(options.source ? { source: options.source } : {}),
      ...(options.size ? { size: options.size } : {}),
    });
    for await (const hit of hits) yield { kind: 'event', hit };
    return;
  }
  const corr = entry.doc as SigmaCorrelation;
  const { catalog, indices } = await loadFieldCatalog(client, options.indexPattern);
  const inputs = corr.correlation.rules.map((ref) => input(set, corr, ref, catalog));
  if (indices.length === 0) return;
  let left = options.size ?? Number.POSITIVE_INFINITY;
  for await (const match of huntCorrelation(client, corr, inputs, { ...range, catalog, indexPattern: indices.join(',') })) {
    yield { kind: 'window', match };
    if (--left <= 0) return;
  }
}

function input(set: RuleSet, corr: SigmaCorrelation, ref: string, catalog: FieldCatalog): CorrelationRuleInput {
  const found = findRule(set, ref);
  const name = corr.id ?? corr.name ?? corr.title;
  if (!found) throw new HuntError('HALONG_HUNT_UNSUPPORTED', `${name} refers to ${ref}, which is not loaded`);
  if (found.kind === 'correlation') throw new HuntError('HALONG_HUNT_UNSUPPORTED', `${name} refers to the correlation ${ref}: chained correlations are found on the live stream only`);
  if (!found.mapping) throw new HuntError('HALONG_HUNT_UNSUPPORTED', `${name} refers to ${ref}, whose logsource no pipeline maps`);
  const rule = found.doc as SigmaRule;
  const built = ruleToQuery(rule, found.mapping, { catalog });
  if (isProblem(built)) throw new HuntError('HALONG_HUNT_UNSUPPORTED', `${ref}: ${built.message}`, { problem: built });
  const mapping = found.mapping;
  return { ref, names: [rule.id, rule.name].filter((n): n is string => typeof n === 'string'), query: built.query, field: (f) => mapping.field(f) };
}
