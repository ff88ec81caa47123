// The differential test: real Windows events (SigmaHQ's regression events and NXLog records from
// security-datasets) normalized by the collectors, indexed into the real OpenSearch with Halong's
// events template, then every rule that has test events (and every rule the stream matches on
// them) is run both ways. The streaming matcher and the OpenSearch query must select the same events.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EcsEvent } from '@halong/core';
import { indexNames } from '@halong/core';
import type { OpenSearchClient } from '@halong/core/node';
import { createOpenSearchClient, putIndexTemplates } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import { normalizeWindowsEvent, parseConcatenatedJson } from '@halong/collectors';
import type { MatcherEntry } from '../../src/engine';
import { compileRule, createStreamMatcher, isSigmaProblem } from '../../src/engine';
import type { LogsourceMapping } from '../../src/mapping';
import { loadPipeline } from '../../src/mapping';
import { HuntError, huntRule } from '../../src/opensearch';
import type { SigmaRule } from '../../src/sigma';
import { loadRulePack } from '../../src/sigma';

const SHARED = join(__dirname, '..', '..', '..', '..', 'shared');
const REGRESSION = join(SHARED, 'sigma-regression');
const NXLOG = join(__dirname, '..', '..', '..', 'collectors', 'test', 'windows', 'fixtures', 'nxlog-samples.jsonl');

function testEvents(): { events: EcsEvent[]; ruleIds: string[] } {
  const cases = (JSON.parse(readFileSync(join(REGRESSION, 'index.json'), 'utf8')) as { cases: { rule_id: string; event_file: string }[] }).cases;
  const events = cases.flatMap((c) => parseConcatenatedJson(readFileSync(join(REGRESSION, c.event_file), 'utf8')).map((raw) => normalizeWindowsEvent(raw)));
  const nxlog = readFileSync(NXLOG, 'utf8').split('\n').filter(Boolean).map((line) => normalizeWindowsEvent(line));
  // One event per id: a case may share an event with another case. The events span 2019–2025,
  // which as daily indices would make every query fan out to ~150 shards on a 2-core CI machine;
  // matching semantics do not depend on the date, so each event moves to one day, same time of day.
  const byId = new Map([...events, ...nxlog].map((e) => [e.event.id, { ...e, '@timestamp': `2026-11-23${e['@timestamp'].slice(10)}` }]));
  return { events: [...byId.values()], ruleIds: [...new Set(cases.map((c) => c.rule_id))] };
}

/** Rules with test events that OpenSearch cannot run, and why (the rule compiles for the stream). */
const NOT_HUNTABLE: Record<string, RegExp> = {
  // CommandLine|re: \.exe["']?\s+[^"]{0,64}werfaultsecure… — Lucene's DFA for [^"]{0,64} after .* is exponential.
  '589ac73f-8e12-409c-964e-31a2f5775ae2': /unanchored with a repeat of 64 optional characters/,
  // 1,101 CommandLine|contains values (malicious npm packages): beyond Lucene's 1,024-clause limit.
  'bae7c70b-8569-44e9-accf-b30073da8a5d': /1,024-clause limit/,
};

describe('streaming matcher ≡ OpenSearch query, rule by rule, on the real server', () => {
  const config = testConfig();
  const names = indexNames(config.indexPrefix);
  let client: OpenSearchClient;
  const rules = new Map<string, { rule: SigmaRule; mapping: LogsourceMapping }>();
  const streamed = new Map<string, Set<string>>();
  let toCheck: string[] = [];

  beforeAll(async () => {
    client = createOpenSearchClient(config);
    await putIndexTemplates(client, config.indexPrefix, 0);
    const { events, ruleIds } = testEvents();
    const body = events.flatMap((e) => [{ create: { _index: names.events(e.event.dataset ?? 'generic', new Date(e['@timestamp'])), _id: e.event.id } }, e]);
    const { body: bulk } = await client.bulk({ body, refresh: 'true' });
    expect(bulk.errors).toBe(false);

    const pack = await loadRulePack(['rules', 'rules-threat-hunting', 'rules-emerging-threats'].map((d) => join(SHARED, 'sigma', d)));
    const mapper = loadPipeline();
    const entries: MatcherEntry[] = [];
    for (const rule of pack.rules) {
      const mapping = mapper.forLogsource(rule.logsource);
      if (isSigmaProblem(mapping)) continue;
      const compiled = compileRule(rule, mapping);
      if (isSigmaProblem(compiled)) continue;
      entries.push({ rule: compiled, conditions: mapping.conditions });
      rules.set(rule.id!, { rule, mapping });
    }
    const matcher = createStreamMatcher(entries);
    for (const e of events) {
      for (const m of matcher.match(e as unknown as Record<string, unknown>)) {
        const set = streamed.get(m.rule.rule.id!) ?? new Set<string>();
        set.add(e.event.id);
        streamed.set(m.rule.rule.id!, set);
      }
    }
    toCheck = [...new Set([...ruleIds, ...streamed.keys()])].sort();
  }, 300_000);

  afterAll(async () => {
    await client?.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client?.indices.deleteIndexTemplate({ name: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client?.close();
  });

  it('selects the same events both ways for every rule with test events', async () => {
    expect(toCheck.length).toBeGreaterThanOrEqual(141);
    const disagreements: string[] = [];
    const unsupported: string[] = [];
    for (const id of toCheck) {
      const { rule, mapping } = rules.get(id)!;
      const found = new Set<string>();
      try {
        for await (const hit of huntRule(client, rule, mapping, { since: 0, indexPattern: names.eventsPattern, source: false })) found.add(hit._id);
      } catch (err) {
        const reason = NOT_HUNTABLE[id];
        if (err instanceof HuntError && err.code === 'HALONG_HUNT_UNSUPPORTED' && reason?.test(err.message)) {
          unsupported.push(id);
          continue;
        }
        disagreements.push(`${id} ${rule.title}: the query failed: ${(err as Error).message}`);
        continue;
      }
      const expected = streamed.get(id) ?? new Set<string>();
      const onlyStream = [...expected].filter((x) => !found.has(x));
      const onlyQuery = [...found].filter((x) => !expected.has(x));
      if (onlyStream.length || onlyQuery.length) disagreements.push(`${id} ${rule.title}: only streaming ${JSON.stringify(onlyStream)}, only OpenSearch ${JSON.stringify(onlyQuery)}`);
    }
    expect(disagreements).toEqual([]);
    expect(unsupported).toEqual(Object.keys(NOT_HUNTABLE));
    // Every regression rule fired on its own events, so both sides selected something for it.
    expect(toCheck.filter((id) => streamed.has(id)).length).toBeGreaterThanOrEqual(141);
  }, 600_000);
});
