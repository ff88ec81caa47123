import type { Client } from '@opensearch-project/opensearch';

/** The ISM plugin as `_cat/plugins` names it. */
export const ISM_COMPONENT = 'opensearch-index-management';

/** The id of Halong's retention policy for a prefix. */
export function ismPolicyId(prefix: string): string {
  return `${prefix}-events-retention`;
}

/**
 * The ISM policy that deletes a prefix's daily events indices `retentionDays` after they were
 * created, attached to new ones by its template. Pure, so its shape is tested alone.
 */
export function ismRetentionPolicy(prefix: string, retentionDays: number): Record<string, unknown> {
  return {
    policy: {
      description: `Halong: delete ${prefix} events indices ${retentionDays} days after creation (HALONG_RETENTION_DAYS)`,
      default_state: 'hot',
      states: [
        { name: 'hot', actions: [], transitions: [{ state_name: 'delete', conditions: { min_index_age: `${retentionDays}d` } }] },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: [`${prefix}-events-*`], priority: 100 }],
    },
  };
}

/** What {@link applyIsmRetention} did: `absent` when the cluster has no ISM plugin. */
export type IsmRetentionResult = { ism: 'absent' } | { ism: 'applied'; policyId: string; updated: boolean; attached: number };

type Transport = Pick<Client, 'transport'>;

/**
 * Puts (or updates) the retention policy when the cluster runs ISM and attaches it to existing
 * events indices that have none. Halong's own job keeps running beside it: it reads each
 * index's day from its name, so back-filled old days go too, and nodes without ISM (the
 * embedded test engine) are covered.
 */
export async function applyIsmRetention(client: Transport, prefix: string, retentionDays: number): Promise<IsmRetentionResult> {
  const plugins = (await request(client, 'GET', '/_cat/plugins', { format: 'json' })).body as { component?: string }[];
  if (!plugins.some((p) => p.component === ISM_COMPONENT)) return { ism: 'absent' };
  const id = ismPolicyId(prefix);
  const path = `/_plugins/_ism/policies/${encodeURIComponent(id)}`;
  const wanted = ismRetentionPolicy(prefix, retentionDays);
  const current = await request(client, 'GET', path, {}, [404]);
  let updated = false;
  if (current.statusCode === 404) {
    await request(client, 'PUT', path, {}, [], wanted);
    updated = true;
  } else {
    const found = current.body as { _seq_no: number; _primary_term: number; policy?: { states?: unknown; ism_template?: unknown } };
    const policy = wanted.policy as { states: unknown; ism_template: unknown };
    // Only a changed retention rewrites the policy (ISM stamps its own fields on what it stores).
    if (JSON.stringify(found.policy?.states) !== JSON.stringify(policy.states)) {
      await request(client, 'PUT', path, { if_seq_no: found._seq_no, if_primary_term: found._primary_term }, [], wanted);
      updated = true;
    }
  }
  const added = await request(client, 'POST', `/_plugins/_ism/add/${encodeURIComponent(`${prefix}-events-*`)}`, {}, [], { policy_id: id });
  const attached = (added.body as { updated_indices?: number }).updated_indices ?? 0;
  return { ism: 'applied', policyId: id, updated, attached };
}

async function request(
  client: Transport,
  method: string,
  path: string,
  querystring: Record<string, unknown>,
  ignore: number[] = [],
  body?: Record<string, unknown>,
): Promise<{ statusCode: number | null; body: unknown }> {
  const r = await client.transport.request({ method, path, querystring, ...(body !== undefined ? { body } : {}) }, { ignore });
  return { statusCode: r.statusCode, body: r.body };
}
