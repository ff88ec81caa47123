import type { Alert } from '@halong/core';
import { indexNames, topicName } from '@halong/core';
import type { OpenSearchClient } from '@halong/core/node';
import { createBulkSink, createLogger, createOpenSearchClient, putIndexTemplates, routeRecord } from '@halong/core/node';
import { testConfig } from '@halong/infra';

// The alert's life in the index, on the real OpenSearch: detection re-publishes it as it grows,
// Kafka may redeliver an older version, and an analyst changes its status in between.
describe('alerts stored by the indexer on the real OpenSearch', () => {
  const config = testConfig();
  const names = indexNames(config.indexPrefix);
  const logger = createLogger('alert-merge-test', 'warn');
  let client: OpenSearchClient;

  beforeAll(async () => {
    client = createOpenSearchClient(config);
    await putIndexTemplates(client, config.indexPrefix, 0);
  });

  afterAll(async () => {
    await client?.indices.delete({ index: `${config.indexPrefix}-*` }).catch(() => undefined);
    await client?.close();
  });

  const version = (count: number, lastSeen: string): Alert => ({
    id: 'al-merge-1',
    '@timestamp': '2026-11-24T02:00:00.000Z',
    rule: { id: 'r-1', title: 'Brute force', level: 'high', attack: { tactics: ['credential-access'], techniques: ['T1110'] } },
    group_key: 'host=web-01',
    entities: { host: ['web-01'] },
    events: Array.from({ length: count }, (_, i) => ({ index: 'e', id: `ev-${i}` })),
    first_seen: '2026-11-24T02:00:00.000Z',
    last_seen: lastSeen,
    count,
    status: 'open',
    status_history: [{ status: 'open', at: '2026-11-24T02:00:00.000Z', by: 'detection' }],
  });

  // Through the indexer's own routing, as if each version had been consumed from the alerts topic.
  const store = async (alert: Alert, offset: number) => {
    const sink = createBulkSink({ client, deadLetterIndex: names.deadLetter, logger });
    const raw = JSON.stringify(alert);
    const routed = routeRecord({ topic: topicName(config.topicPrefix, 'alerts'), topicKey: 'alerts', partition: 0, offset: String(offset), key: alert.id, value: alert, raw, rawBytes: Buffer.from(raw), timestamp: '0' }, names);
    if (!('doc' in routed)) throw new Error(`dead-lettered: ${routed.letter.reason}`);
    await sink.write([routed.doc]);
    await client.indices.refresh({ index: names.alerts });
    return (await client.get({ index: names.alerts, id: alert.id })).body._source as Alert;
  };

  it('keeps the latest version, ignores an older one redelivered, and never undoes an analyst status change', async () => {
    expect(await store(version(1, '2026-11-24T02:00:00.000Z'), 1)).toMatchObject({ count: 1, status: 'open' });
    expect(await store(version(5, '2026-11-24T02:04:00.000Z'), 2)).toMatchObject({ count: 5, last_seen: '2026-11-24T02:04:00.000Z' });
    // A redelivery of the first version changes nothing.
    expect(await store(version(1, '2026-11-24T02:00:00.000Z'), 1)).toMatchObject({ count: 5, last_seen: '2026-11-24T02:04:00.000Z' });

    // An analyst acknowledges the alert.
    const history = [...version(5, '').status_history, { status: 'acknowledged' as const, at: '2026-11-24T02:05:00.000Z', by: 'analyst-1' }];
    await client.update({ index: names.alerts, id: 'al-merge-1', body: { doc: { status: 'acknowledged', status_history: history } }, refresh: true });

    // Detection goes on growing it: its fields move on, the analyst's status stays.
    const grown = await store(version(7, '2026-11-24T02:06:00.000Z'), 3);
    expect(grown).toMatchObject({ count: 7, last_seen: '2026-11-24T02:06:00.000Z', status: 'acknowledged' });
    expect(grown.events).toHaveLength(7);
    expect(grown.status_history.map((h) => h.status)).toEqual(['open', 'acknowledged']);
  });
});
