import { DEFAULT_CERTIFICATE_LIST_LIMIT, MAX_CERTIFICATE_LIST_LIMIT } from '../../src/stores/certificate-registry';
import { createMemoryIssuedCertificateRegistry } from '../../src/stores/memory-certificate-registry';
import { certificate, describeRegistryContract } from './certificate-registry-contract';

describeRegistryContract('memory', async () => ({ registry: createMemoryIssuedCertificateRegistry(), settle: async () => undefined }));

describe('createMemoryIssuedCertificateRegistry', () => {
  it(`returns ${DEFAULT_CERTIFICATE_LIST_LIMIT} entries by default and at most ${MAX_CERTIFICATE_LIST_LIMIT}`, async () => {
    const registry = createMemoryIssuedCertificateRegistry();
    for (let i = 1; i <= MAX_CERTIFICATE_LIST_LIMIT + 5; i += 1) await registry.record(certificate(i.toString(16).padStart(4, '0'), i));
    const page = await registry.list();
    expect(page).toHaveLength(DEFAULT_CERTIFICATE_LIST_LIMIT);
    expect(page[0]?.serial).toBe((MAX_CERTIFICATE_LIST_LIMIT + 5).toString(16).padStart(4, '0'));
    expect(await registry.list({ limit: MAX_CERTIFICATE_LIST_LIMIT })).toHaveLength(MAX_CERTIFICATE_LIST_LIMIT);
  });
});
