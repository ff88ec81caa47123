import { createOpenSearchClient } from '@halong/core/node';
import { testConfig } from '@halong/infra';
import { createOpenSearchIssuedCertificateRegistry } from '../../src/stores/opensearch-certificate-registry';
import { CERTIFICATE_MAPPINGS } from '../../src/stores/store-mappings';
import { certificate, describeRegistryContract } from './certificate-registry-contract';

const config = testConfig();
const client = createOpenSearchClient(config);
let made = 0;

// A fresh index per test, so each one starts from an empty registry like the memory version does.
async function freshRegistry() {
  made += 1;
  const index = `${config.indexPrefix}-certificates-${made}`;
  await client.indices.create({ index, body: { settings: { number_of_shards: 1, number_of_replicas: 0 }, mappings: CERTIFICATE_MAPPINGS } });
  return { index, registry: createOpenSearchIssuedCertificateRegistry(client, index), settle: async () => void (await client.indices.refresh({ index })) };
}

afterAll(async () => {
  await client.indices.delete({ index: [`${config.indexPrefix}-*`] }).catch(() => undefined);
  await client.close();
});

describeRegistryContract('OpenSearch', freshRegistry);

describe('createOpenSearchIssuedCertificateRegistry', () => {
  it('lets exactly one of many concurrent revocations be the first', async () => {
    const { registry } = await freshRegistry();
    await registry.record(certificate('51', 0));
    const reasons = ['keyCompromise', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn', 'affiliationChanged'] as const;
    const results = await Promise.all(reasons.flatMap((reason) => [registry.markRevoked('51', reason, new Date()), registry.markRevoked('51', reason, new Date())]));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(reasons).toContain((await registry.get('51'))?.revocationReason);
  });

  it('stores dates as ISO strings and the serial as the document id', async () => {
    const { registry, index } = await freshRegistry();
    await registry.record(certificate('0x00fe', 0));
    const { body } = await client.get({ index, id: 'fe' });
    expect(body._source).toMatchObject({ serial: 'fe', issuedAt: '2026-11-23T08:00:00.000Z', enrolledWith: 'join-token', joinTokenId: 'jt-0x00fe' });
  });

  it('fails loudly on get when its index is missing instead of reporting nothing found', async () => {
    const registry = createOpenSearchIssuedCertificateRegistry(client, `${config.indexPrefix}-no-such-index`);
    await expect(registry.get('01')).rejects.toMatchObject({ meta: { statusCode: 404 } });
  });
});
