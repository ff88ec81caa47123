import type { Client } from '@opensearch-project/opensearch';
import { catalogFromFieldCaps, loadFieldCatalog, templateCatalog } from '../../src/opensearch';

const cap = (type: string, extra: Record<string, unknown> = {}) => ({ [type]: { type, searchable: true, aggregatable: type !== 'match_only_text', ...extra } });

describe('templateCatalog', () => {
  const catalog = templateCatalog();

  it('knows the explicit fields of the events template', () => {
    expect(catalog.variants('source.ip')).toEqual([{ type: 'ip', searchable: true, docValues: true }]);
    expect(catalog.variants('@timestamp')[0]!.type).toBe('date');
    expect(catalog.variants('event.original')[0]).toMatchObject({ type: 'keyword', searchable: false, docValues: false });
  });

  it('finds the keyword sub-field of message', () => {
    expect(catalog.variants('message')).toEqual([
      { type: 'match_only_text', searchable: true, docValues: false, exact: { path: 'message.keyword', type: 'keyword' } },
    ]);
  });

  it('takes any other field for a dynamic keyword, and does not know every field', () => {
    expect(catalog.variants('process.command_line')).toEqual([{ type: 'keyword', searchable: true, docValues: true }]);
    expect(catalog.stringFields()).toBeUndefined();
  });
});

describe('catalogFromFieldCaps', () => {
  const fields = {
    'winlog.event_id': { ...cap('keyword', { indices: ['a'] }), ...cap('long', { indices: ['b'] }) },
    message: cap('match_only_text'),
    'message.keyword': cap('keyword'),
    'user.name': cap('keyword'),
    'source.ip': cap('ip'),
    '@timestamp': cap('date'),
    'event.original': cap('keyword', { searchable: false, aggregatable: false }),
    user: cap('object'),
    _id: cap('_id'),
  };
  const catalog = catalogFromFieldCaps(fields, true);

  it('lists one variant per type, with its indices when they differ', () => {
    expect(catalog.variants('winlog.event_id')).toEqual([
      { type: 'keyword', searchable: true, docValues: true, indices: ['a'] },
      { type: 'long', searchable: true, docValues: true, indices: ['b'] },
    ]);
    expect(catalog.variants('user.name')).toEqual([{ type: 'keyword', searchable: true, docValues: true }]);
    expect(catalog.variants('message')[0]!.exact).toEqual({ path: 'message.keyword', type: 'keyword' });
    expect(catalog.variants('not.there')).toEqual([{ type: 'keyword', searchable: true, docValues: true }]);
  });

  it('lists every searchable string field, without multi-fields, metadata or dates', () => {
    expect(catalog.stringFields()).toEqual(['message', 'source.ip', 'user.name', 'winlog.event_id']);
    expect(catalogFromFieldCaps(fields, false).stringFields()).toBeUndefined();
  });
});

describe('loadFieldCatalog', () => {
  it('asks field_caps for the paths and their sub-fields, and returns the concrete indices', async () => {
    const fieldCaps = jest.fn(async () => ({ body: { indices: ['i1', 'i2'], fields: { 'user.name': cap('keyword') } } }));
    const client = { fieldCaps } as unknown as Client;
    const { catalog, indices } = await loadFieldCatalog(client, 'halong-events-*', ['user.name', 'user.name']);
    expect(fieldCaps).toHaveBeenCalledWith({ index: 'halong-events-*', fields: ['user.name', 'user.name.*'], ignore_unavailable: true, allow_no_indices: true });
    expect(indices).toEqual(['i1', 'i2']);
    expect(catalog.stringFields()).toBeUndefined();
    await loadFieldCatalog(client, 'x', undefined);
    expect(fieldCaps).toHaveBeenLastCalledWith(expect.objectContaining({ fields: ['*'] }));
  });
});
