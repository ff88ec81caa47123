import { BulkBodyBuilder, bulkBody } from '@halong/core/node';

describe('bulkBody', () => {
  const docs = [
    { index: 'i', id: 'a', source: Buffer.from('{"m":"ünïcode 😀"}') },
    { index: 'j"k', id: 'b', source: '{"t":1}' },
    { index: 'i', id: 'c', doc: { o: 'é' } },
    { index: 'alerts', id: 'al', doc: { id: 'al', n: 2 }, update: { script: 'ctx._source.n = 1', params: { alert: { id: 'al' } } } },
  ];

  it('writes each item as an action line and a source line, each ended by a newline', () => {
    const body = bulkBody(docs);
    const lines = body.bytes.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual([
      '{"create":{"_index":"i","_id":"a"}}',
      '{"m":"ünïcode 😀"}',
      '{"create":{"_index":"j\\"k","_id":"b"}}',
      '{"t":1}',
      '{"create":{"_index":"i","_id":"c"}}',
      '{"o":"é"}',
      '{"update":{"_index":"alerts","_id":"al","retry_on_conflict":3}}',
      '{"script":{"source":"ctx._source.n = 1","lang":"painless","params":{"alert":{"id":"al"}}},"upsert":{"id":"al","n":2}}',
    ]);
    expect(body.count).toBe(4);
  });

  it('reads an item back from its lines: index, id and the document text (the upsert of an update)', () => {
    const body = bulkBody(docs);
    expect(body.item(0)).toEqual({ index: 'i', id: 'a', source: '{"m":"ünïcode 😀"}' });
    expect(body.item(1)).toEqual({ index: 'j"k', id: 'b', source: '{"t":1}' });
    expect(body.item(2)).toEqual({ index: 'i', id: 'c', source: '{"o":"é"}' });
    expect(body.item(3)).toEqual({ index: 'alerts', id: 'al', source: '{"id":"al","n":2}' });
  });

  it('picks some items into a body of their own, byte for byte', () => {
    const body = bulkBody(docs);
    const picked = body.pick([0, 3]);
    expect(picked.count).toBe(2);
    expect(picked.bytes.equals(bulkBody([docs[0]!, docs[3]!]).bytes)).toBe(true);
    expect(picked.item(1).id).toBe('al');
    const none = body.pick([]);
    expect(none.count).toBe(0);
    expect(none.bytes.length).toBe(0);
  });

  it('builds an empty body from no documents', () => {
    const body = bulkBody([]);
    expect(body.count).toBe(0);
    expect(body.bytes.length).toBe(0);
  });
});

describe('BulkBodyBuilder', () => {
  it('counts what it was given and starts afresh after build', () => {
    const builder = new BulkBodyBuilder();
    builder.add({ index: 'i', id: '1', source: '{"a":1}' });
    builder.add({ index: 'i', id: '2', source: '{"a":2}' });
    expect(builder.count).toBe(2);
    const first = builder.build();
    expect(first.count).toBe(2);
    expect(builder.count).toBe(0);
    builder.add({ index: 'i', id: '3', source: '{"a":3}' });
    const second = builder.build();
    expect(second.bytes.toString()).toBe('{"create":{"_index":"i","_id":"3"}}\n{"a":3}\n');
    expect(first.item(1)).toEqual({ index: 'i', id: '2', source: '{"a":2}' });
  });
});
