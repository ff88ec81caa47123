import type { OpenSearchClient } from '@halong/core/node';
import { indexNames } from '@halong/core';
import { indexTemplates, putIndexTemplates } from '@halong/core/node';

type Template = {
  index_patterns: string[];
  template: { settings: { number_of_replicas: number }; mappings: { dynamic?: boolean; properties: Record<string, unknown> } };
};

describe('indexTemplates', () => {
  const templates = indexTemplates('lab', 2) as Record<string, Template>;

  it('has one template per index family, named after the prefix', () => {
    expect(Object.keys(templates).sort()).toEqual(['lab-alerts', 'lab-audit', 'lab-deadletter', 'lab-decisions', 'lab-events']);
  });

  it('covers every index the routing produces', () => {
    const names = indexNames('lab');
    const matches = (pattern: string, index: string) => new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`).test(index);
    const covered = (index: string) => Object.values(templates).some((t) => t.index_patterns.some((p) => matches(p, index)));
    expect(covered(names.events('windows.sysmon', new Date('2026-11-22T00:00:00Z')))).toBe(true);
    expect(covered(names.alerts)).toBe(true);
    expect(covered(names.deadLetter)).toBe(true);
    expect(covered('other-events-x-2026.11.22')).toBe(false);
  });

  it('applies the replica count', () => {
    for (const t of Object.values(templates)) expect(t.template.settings.number_of_replicas).toBe(2);
    expect((indexTemplates('lab', 0) as Record<string, Template>)['lab-events']!.template.settings.number_of_replicas).toBe(0);
  });

  it('types the fields Halong queries on events', () => {
    const props = templates['lab-events']!.template.mappings.properties as Record<string, { type?: string; properties?: Record<string, { type: string }> }>;
    expect(props['@timestamp']).toEqual({ type: 'date' });
    expect(props.event!.properties!.id).toEqual({ type: 'keyword' });
    expect(props.source!.properties!.ip).toEqual({ type: 'ip' });
  });

  it('keeps the dead-letter index from refusing anything: no dynamic mapping, original not indexed', () => {
    const mappings = templates['lab-deadletter']!.template.mappings;
    expect(mappings.dynamic).toBe(false);
    expect(mappings.properties.original).toEqual({ type: 'keyword', index: false, doc_values: false });
    expect(Object.keys(mappings.properties).sort()).toEqual(['@timestamp', 'error_type', 'original', 'reason', 'source', 'status', 'target_index']);
  });
});

describe('putIndexTemplates', () => {
  it('puts every template and returns their names', async () => {
    const putIndexTemplate = jest.fn(async () => ({ body: { acknowledged: true } }));
    const client = { indices: { putIndexTemplate } } as unknown as OpenSearchClient;
    await expect(putIndexTemplates(client, 'lab', 1)).resolves.toEqual(['lab-events', 'lab-alerts', 'lab-decisions', 'lab-audit', 'lab-deadletter']);
    expect(putIndexTemplate).toHaveBeenCalledTimes(5);
    expect(putIndexTemplate).toHaveBeenCalledWith({ name: 'lab-alerts', body: indexTemplates('lab', 1)['lab-alerts'] });
  });

  it('stops at the first refusal', async () => {
    const putIndexTemplate = jest.fn().mockRejectedValueOnce(new Error('illegal_argument_exception'));
    const client = { indices: { putIndexTemplate } } as unknown as OpenSearchClient;
    await expect(putIndexTemplates(client, 'lab', 0)).rejects.toThrow('illegal_argument_exception');
    expect(putIndexTemplate).toHaveBeenCalledTimes(1);
  });
});
