// huntRule over the real events indices: field types read per hunt, point-in-time paging in
// (@timestamp, _index, _id) order, time bounds, limits and typed failures.
import { indexNames } from '@halong/core';
import type { OpenSearchClient } from '@halong/core/node';
import { createOpenSearchClient, putIndexTemplates } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import type { HuntHit } from '../../src/opensearch';
import { HuntError, huntRule } from '../../src/opensearch';
import { BASE, EVENTS, indexEvents } from './fixtures/events';
import { eq, ft, keywords, mapping, num, re, rule, sel, startswith } from './fixtures/ir';

async function collect(it: AsyncIterable<HuntHit>): Promise<HuntHit[]> {
  const out: HuntHit[] = [];
  for await (const h of it) out.push(h);
  return out;
}

const minutes = (m: number) => new Date(BASE + m * 60_000);

describe('huntRule', () => {
  const config = testConfig();
  const names = indexNames(config.indexPrefix);
  let client: OpenSearchClient;

  beforeAll(async () => {
    client = createOpenSearchClient(config);
    await putIndexTemplates(client, config.indexPrefix, 0);
    await indexEvents(client, config.indexPrefix);
  });

  afterAll(async () => {
    await client?.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client?.close();
  });

  const numbers = rule({ s: sel(ft('EventID', [startswith('46')])) });

  it('reads the field types of the indices it searches (keyword in one, long in another)', async () => {
    const hits = await collect(huntRule(client, numbers, mapping('numbers'), { since: BASE, indexPattern: names.eventsPattern }));
    expect(hits.map((h) => h._id).sort()).toEqual(['n01', 'n02', 'n04', 'n06', 'n07', 'n10', 'n11', 'n13']);
    expect(hits.find((h) => h._id === 'n10')!._index).toBe(names.events('windows.sysmon', new Date(BASE)));
    expect((hits.find((h) => h._id === 'n02')!._source as { winlog: { event_id: unknown } }).winlog.event_id).toBe(4688);
  });

  it('pages through every hit in time order, once each, whatever the page size', async () => {
    const all = rule({ s: sel(ft('ParentName', [{ kind: 'exists', value: true }])) });
    const everything = rule({ s: sel(ft('Timestamp', [{ kind: 'exists', value: true }])) });
    const expected = EVENTS.filter((e) => e.family === 'nulls').length;
    expect(expected).toBe(7);
    const nulls = await collect(huntRule(client, everything, mapping('nulls'), { since: BASE, indexPattern: names.eventsPattern, pageSize: 2 }));
    expect(nulls.map((h) => h._id)).toEqual(['z01', 'z02', 'z03', 'z04', 'z05', 'z06', 'z07']);
    const some = await collect(huntRule(client, all, mapping('nulls'), { since: BASE, indexPattern: names.eventsPattern, pageSize: 3 }));
    expect(some.map((h) => h._id)).toEqual(['z03', 'z04', 'z05', 'z06']);
  });

  it('keeps identical timestamps apart with the _index/_id tie-breakers', async () => {
    // n06 and t01 share minute 5 and their index; page size 1 crosses the tie.
    const anyEvent = rule({ s: sel(ft('Timestamp', [{ kind: 'exists', value: true }])) });
    const everyFamily = { ...mapping('any'), conditions: [] };
    const hits = await collect(huntRule(client, anyEvent, everyFamily, { since: minutes(5), until: minutes(6), indexPattern: names.eventsPattern, pageSize: 1 }));
    expect(hits.map((h) => h._id)).toEqual(['n06', 't01']);
  });

  it('honours since (inclusive), until (exclusive) and size', async () => {
    const anyEvent = rule({ s: sel(ft('Timestamp', [{ kind: 'exists', value: true }])) });
    const map = mapping('numbers');
    const window = await collect(huntRule(client, anyEvent, map, { since: minutes(1), until: minutes(3), indexPattern: names.eventsPattern }));
    expect(window.map((h) => h._id)).toEqual(['n02', 'n03']);
    const iso = await collect(huntRule(client, anyEvent, map, { since: minutes(10).toISOString(), indexPattern: names.eventsPattern }));
    expect(iso.map((h) => h._id)).toEqual(['n11', 'n12', 'n13']);
    const limited = await collect(huntRule(client, anyEvent, map, { since: BASE, indexPattern: names.eventsPattern, size: 5, pageSize: 2 }));
    expect(limited.map((h) => h._id)).toEqual(['n01', 'n02', 'n03', 'n04', 'n05']);
  });

  it('returns only the requested source fields', async () => {
    const hits = await collect(huntRule(client, rule({ s: sel(ft('EventID', [num(4700)])) }), mapping('numbers'), { since: BASE, indexPattern: names.eventsPattern, source: ['event.id'] }));
    expect(hits).toEqual([{ _index: names.events('windows.sysmon', new Date(BASE)), _id: 'n12', _source: { event: { id: 'n12' } } }]);
  });

  it('yields nothing when no index matches the pattern', async () => {
    const hits = await collect(huntRule(client, numbers, mapping('numbers'), { since: BASE, indexPattern: `${config.indexPrefix}-nothing-*` }));
    expect(hits).toEqual([]);
  });

  it('can be stopped early, and releases its point in time', async () => {
    const created = jest.spyOn(client, 'createPit');
    const deleted = jest.spyOn(client, 'deletePit');
    const anyEvent = rule({ s: sel(ft('Timestamp', [{ kind: 'exists', value: true }])) });
    const seen: string[] = [];
    for await (const h of huntRule(client, anyEvent, mapping('unicode'), { since: BASE, indexPattern: names.eventsPattern, pageSize: 2 })) {
      seen.push(h._id);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['u01', 'u02', 'u03']);
    expect(created).toHaveBeenCalledTimes(1);
    const pitId = (await (created.mock.results[0]!.value as Promise<{ body: { pit_id: string } }>)).body.pit_id;
    expect(deleted).toHaveBeenCalledWith({ body: { pit_id: [pitId] } });
    const { body } = await client.getAllPits();
    expect((body.pits ?? []).map((p) => p.pit_id)).not.toContain(pitId);
    created.mockRestore();
    deleted.mockRestore();
  });

  it('throws HALONG_HUNT_UNSUPPORTED with the problem for what cannot run exactly', async () => {
    const wordBoundary = rule({ s: sel(ft('CommandLine', [re('\\bwhoami')])) });
    const err = await collect(huntRule(client, wordBoundary, mapping('regex'), { since: BASE, indexPattern: names.eventsPattern })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HuntError);
    expect((err as HuntError).code).toBe('HALONG_HUNT_UNSUPPORTED');
    expect((err as HuntError).problem).toMatchObject({ code: 'HALONG_SIGMA_UNSUPPORTED', ruleId: 'test-rule', source: { file: 'test.yml' } });
    expect((err as HuntError).message).toMatch(/word boundary/);
  });

  it('reads every field for a keyword search without keyword fields', async () => {
    const hits = await collect(huntRule(client, rule({ k: keywords([eq('bob')]) }), mapping('keywords'), { since: BASE, indexPattern: names.eventsPattern }));
    expect(hits.map((h) => h._id)).toEqual(['k02']);
  });

  it('reports a failing search as HALONG_HUNT_SEARCH_FAILED', async () => {
    const err = await collect(huntRule(client, numbers, mapping('numbers'), { since: 'not a date', indexPattern: names.eventsPattern })).catch((e: unknown) => e);
    expect((err as HuntError).code).toBe('HALONG_HUNT_SEARCH_FAILED');
  });
});
