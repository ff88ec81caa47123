import { EventHeaders, eventHeaders } from '@halong/core';

describe('eventHeaders', () => {
  it('copies event.id, event.dataset and @timestamp under their ECS names', () => {
    expect(eventHeaders({ '@timestamp': '2026-11-24T01:02:03.000Z', event: { id: 'e1', dataset: 'cef' } })).toEqual({
      'event.id': 'e1',
      'event.dataset': 'cef',
      '@timestamp': '2026-11-24T01:02:03.000Z',
    });
    expect(Object.values(EventHeaders).sort()).toEqual(['@timestamp', 'event.dataset', 'event.id']);
  });

  it('leaves out a dataset that is missing, empty or not a string', () => {
    for (const dataset of [undefined, '', 7]) {
      expect(eventHeaders({ '@timestamp': 't', event: { id: 'e1', dataset } })).toEqual({ 'event.id': 'e1', '@timestamp': 't' });
    }
  });

  it('gives no headers without a string event.id and @timestamp', () => {
    expect(eventHeaders({ '@timestamp': 't', event: {} })).toBeUndefined();
    expect(eventHeaders({ '@timestamp': 't', event: { id: '' } })).toBeUndefined();
    expect(eventHeaders({ event: { id: 'e1' } })).toBeUndefined();
    expect(eventHeaders({ '@timestamp': 1, event: { id: 'e1' } })).toBeUndefined();
    expect(eventHeaders({ '@timestamp': 't' })).toBeUndefined();
  });
});
