import { applyIsmRetention, ismPolicyId, ismRetentionPolicy } from '@halong/core/node';

type Call = { method: string; path: string; querystring: Record<string, unknown>; body?: unknown };

// A fake transport answering ISM's API the way OpenSearch does.
function fakeCluster(o: { plugins: string[]; policy?: { seqNo: number; primaryTerm: number; states: unknown } }) {
  const calls: Call[] = [];
  const request = jest.fn(async (params: Call, options: { ignore?: number[] }) => {
    calls.push(params);
    if (params.path === '/_cat/plugins') return { statusCode: 200, body: o.plugins.map((component) => ({ name: 'node-1', component, version: '2.19.0' })) };
    if (params.method === 'GET' && params.path.startsWith('/_plugins/_ism/policies/')) {
      if (!o.policy) {
        if (!options.ignore?.includes(404)) throw new Error('404 not ignored');
        return { statusCode: 404, body: { error: { type: 'status_exception', reason: 'Policy not found' } } };
      }
      return { statusCode: 200, body: { _id: 'x', _seq_no: o.policy.seqNo, _primary_term: o.policy.primaryTerm, policy: { states: o.policy.states, last_updated_time: 1 } } };
    }
    if (params.method === 'PUT') return { statusCode: 201, body: {} };
    if (params.method === 'POST') return { statusCode: 200, body: { updated_indices: 3, failures: false, failed_indices: [] } };
    throw new Error(`unexpected ${params.method} ${params.path}`);
  });
  return { client: { transport: { request } } as never, calls };
}

describe('ismRetentionPolicy', () => {
  it('deletes events indices of the prefix the given number of days after creation, and attaches itself to new ones', () => {
    const body = ismRetentionPolicy('halong', 90) as { policy: { default_state: string; states: { name: string; actions: unknown[]; transitions: unknown[] }[]; ism_template: unknown[] } };
    expect(body.policy.default_state).toBe('hot');
    expect(body.policy.states).toEqual([
      { name: 'hot', actions: [], transitions: [{ state_name: 'delete', conditions: { min_index_age: '90d' } }] },
      { name: 'delete', actions: [{ delete: {} }], transitions: [] },
    ]);
    expect(body.policy.ism_template).toEqual([{ index_patterns: ['halong-events-*'], priority: 100 }]);
    expect(ismPolicyId('halong')).toBe('halong-events-retention');
  });
});

describe('applyIsmRetention', () => {
  it('does nothing but say so when the cluster has no ISM plugin', async () => {
    const { client, calls } = fakeCluster({ plugins: ['opensearch-security'] });
    await expect(applyIsmRetention(client, 'halong', 90)).resolves.toEqual({ ism: 'absent' });
    expect(calls.map((c) => c.path)).toEqual(['/_cat/plugins']);
  });

  it('creates the policy and attaches it to the existing events indices', async () => {
    const { client, calls } = fakeCluster({ plugins: ['opensearch-index-management'] });
    await expect(applyIsmRetention(client, 'halong', 30)).resolves.toEqual({ ism: 'applied', policyId: 'halong-events-retention', updated: true, attached: 3 });
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/_plugins/_ism/policies/halong-events-retention');
    expect(put.body).toEqual(ismRetentionPolicy('halong', 30));
    expect(calls.at(-1)).toMatchObject({ method: 'POST', path: '/_plugins/_ism/add/halong-events-*', body: { policy_id: 'halong-events-retention' } });
  });

  it('leaves an unchanged policy alone and updates a changed one under optimistic concurrency', async () => {
    const same = fakeCluster({ plugins: ['opensearch-index-management'], policy: { seqNo: 4, primaryTerm: 1, states: (ismRetentionPolicy('halong', 90) as { policy: { states: unknown } }).policy.states } });
    await expect(applyIsmRetention(same.client, 'halong', 90)).resolves.toMatchObject({ updated: false });
    expect(same.calls.some((c) => c.method === 'PUT')).toBe(false);

    const changed = fakeCluster({ plugins: ['opensearch-index-management'], policy: { seqNo: 4, primaryTerm: 1, states: (ismRetentionPolicy('halong', 90) as { policy: { states: unknown } }).policy.states } });
    await expect(applyIsmRetention(changed.client, 'halong', 30)).resolves.toMatchObject({ updated: true });
    expect(changed.calls.find((c) => c.method === 'PUT')).toMatchObject({ querystring: { if_seq_no: 4, if_primary_term: 1 }, body: ismRetentionPolicy('halong', 30) });
  });
});
