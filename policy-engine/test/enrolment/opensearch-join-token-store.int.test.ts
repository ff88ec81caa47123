import type { OpenSearchClient } from '@halong/core/node';
import { createOpenSearchClient } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import type { EnrolmentError } from '../../src/enrolment/errors';
import { hashJoinToken } from '../../src/enrolment/join-token';
import { createJoinTokenService } from '../../src/enrolment/join-token-service';
import { createOpenSearchJoinTokenStore } from '../../src/enrolment/opensearch-join-token-store';

// One-time use on the real engine: two Halong instances share the index, and of 20 concurrent
// takes of one token exactly one wins, whichever store object (instance) it comes from.
describe('OpenSearch join token store on the real engine', () => {
  const config = testConfig();
  const index = `${config.indexPrefix}-join-tokens`;
  let client: OpenSearchClient;

  beforeAll(() => {
    client = createOpenSearchClient(config);
  });
  afterAll(async () => {
    await client?.indices.delete({ index }).catch(() => undefined);
    await client?.close();
  });

  it('creates a strict index, stores only the hash, and lets exactly one of 20 concurrent takes win', async () => {
    const instances = [createOpenSearchJoinTokenStore(client, index), createOpenSearchJoinTokenStore(client, index)];
    const issuer = createJoinTokenService({ store: instances[0]! });
    const issued = await issuer.issue({ kind: 'collector', site: 'commune-3', name: 'syslog-01', createdBy: 'admin:lan' });

    const mapping = await client.indices.getMapping({ index });
    expect((mapping.body as Record<string, { mappings: { dynamic?: string } }>)[index]!.mappings.dynamic).toBe('strict');
    const stored = await client.get({ index, id: issued.id });
    const source = stored.body._source as Record<string, unknown>;
    expect(source.tokenHash).toBe(hashJoinToken(issued.token));
    expect(JSON.stringify(source)).not.toContain(issued.token.slice(issued.token.indexOf('.') + 1));

    const at = new Date();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => instances[i % 2]!.take(issued.id, at)));
    const winners = results.filter((r) => r !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ id: issued.id, identity: issued.identity, usedAt: at });
    expect(await instances[1]!.get(issued.id)).toEqual(winners[0]);
    expect(await instances[0]!.take(issued.id, new Date())).toBeUndefined();
  });

  it('redeems once through two service instances racing, lists states, and revokes', async () => {
    const services = [0, 1].map(() => createJoinTokenService({ store: createOpenSearchJoinTokenStore(client, index) }));
    const issued = await services[0]!.issue({ kind: 'device', site: 'ward-1', name: 'camera-7', createdBy: 'admin:lan', ttlSeconds: 600 });
    const spare = await services[1]!.issue({ kind: 'device', site: 'ward-1', name: 'camera-8', createdBy: 'admin:lan' });

    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => services[i % 2]!.redeem(issued.token)));
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    expect(fulfilled).toHaveLength(1);
    expect((fulfilled[0] as PromiseFulfilledResult<{ identity: unknown }>).value.identity).toEqual({ kind: 'device', site: 'ward-1', name: 'camera-7' });
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as EnrolmentError).code] : []));
    expect(codes).toEqual(Array(19).fill('HALONG_ENROL_TOKEN_USED'));

    const states = Object.fromEntries((await services[1]!.list()).map((t) => [t.id, t.state]));
    expect(states).toMatchObject({ [issued.id]: 'used', [spare.id]: 'active' });

    expect(await services[1]!.revoke(spare.id)).toBe(true);
    await expect(services[0]!.redeem(spare.token)).rejects.toMatchObject({ code: 'HALONG_ENROL_TOKEN_UNKNOWN' });
    expect((await services[0]!.list()).map((t) => t.id)).not.toContain(spare.id);
  });
});
