import type { EcsEvent, TopicKey } from '@halong/core';
import { EventHeaders, eventHeaders, indexNames, topicName } from '@halong/core';
import type { ConsumedRecord } from '@halong/core/node';
import { ALERT_MERGE_SCRIPT } from '../../../src/node/indexer/alert-merge';
import { routeRecord } from '@halong/core/node';

const names = indexNames('halong');

function record(value: unknown, over: Partial<ConsumedRecord<unknown>> = {}): ConsumedRecord<unknown> {
  const topicKey: TopicKey = over.topicKey ?? 'events';
  const raw = over.raw ?? (value === undefined ? '' : JSON.stringify(value));
  return {
    topic: topicName('ci', topicKey),
    topicKey,
    partition: 2,
    offset: '1234',
    key: null,
    value,
    timestamp: '1763805600000',
    ...over,
    raw,
    rawBytes: over.rawBytes ?? Buffer.from(raw),
  };
}

function event(over: Partial<EcsEvent> = {}): EcsEvent {
  return { '@timestamp': '2026-11-22T10:00:00.000Z', event: { id: 'evt-1', dataset: 'linux.auditd' }, message: 'hi', ...over };
}

/** Expects a dead letter and returns it. */
function letterOf(r: ConsumedRecord<unknown>) {
  const routed = routeRecord(r, names);
  if (!('letter' in routed)) throw new Error(`expected a dead letter, got ${JSON.stringify(routed)}`);
  return routed.letter;
}

/** A record carrying routing headers whose value must never be parsed (reading it throws). */
function headed(raw: string, headers: Record<string, string>): ConsumedRecord<unknown> {
  const base = record(undefined, { raw });
  return Object.defineProperties(base, {
    value: { get: () => { throw new Error('value parsed'); } },
    decodeError: { get: () => { throw new Error('value parsed'); } },
    // The bytes are forwarded: decoding them to text is work the headers make unneeded.
    raw: { get: () => { throw new Error('raw decoded'); } },
    header: { value: (name: string) => headers[name] },
  });
}

describe('routeRecord', () => {
  describe('events with routing headers', () => {
    const e = event();
    const text = JSON.stringify(e);

    it('routes by the headers eventHeaders() writes and forwards the text unparsed', () => {
      expect(routeRecord(headed(text, eventHeaders(e)!), names)).toEqual({ doc: { index: 'halong-events-linux.auditd-2026.11.22', id: 'evt-1', source: Buffer.from(text) } });
    });

    it('uses the default dataset when the headers name none', () => {
      const headers = eventHeaders(event({ event: { id: 'evt-2' } }))!;
      expect(headers).not.toHaveProperty([EventHeaders.dataset]);
      expect(routeRecord(headed('{"x":1}', headers), names)).toEqual({ doc: { index: 'halong-events-generic-2026.11.22', id: 'evt-2', source: Buffer.from('{"x":1}') } });
    });

    it.each([
      ['no @timestamp header', text, { [EventHeaders.id]: 'evt-1' }],
      ['an invalid @timestamp header', text, { ...eventHeaders(e)!, [EventHeaders.timestamp]: 'yesterday' }],
      ['a text that is not an object', '[1,2]', eventHeaders(e)!],
      ['a text over several lines', JSON.stringify(e, null, 1), eventHeaders(e)!],
    ])('parses the value instead when a record has %s', (_why, raw, headers) => {
      const r = headed(raw, headers);
      expect(() => routeRecord(r, names)).toThrow('value parsed');
    });

    it('judges a record with unusable headers by its value, as one without headers', () => {
      const r = record(e, { header: (name: string) => (name === EventHeaders.id ? 'evt-1' : undefined) });
      expect(routeRecord(r, names)).toEqual(routeRecord(record(e), names));
    });

    it('leaves other topics alone even with the headers', () => {
      const r = record({ id: 'alert-1' }, { topicKey: 'alerts', header: (name: string) => eventHeaders(e)![name] });
      expect(routeRecord(r, names)).toMatchObject({ doc: { index: names.alerts, id: 'alert-1' } });
    });
  });

  describe('events', () => {
    it('routes an event to the daily index of its dataset, keyed by event.id', () => {
      const e = event();
      expect(routeRecord(record(e), names)).toEqual({ doc: { index: 'halong-events-linux.auditd-2026.11.22', id: 'evt-1', doc: e, source: JSON.stringify(e) } });
    });

    it('passes the record text on for the bulk body only when it is one line', () => {
      const e = event();
      const pretty = JSON.stringify(e, null, 2);
      expect(routeRecord(record(e, { raw: pretty }), names)).toEqual({ doc: { index: 'halong-events-linux.auditd-2026.11.22', id: 'evt-1', doc: e } });
    });

    it('uses the UTC day of @timestamp, not the day in its offset', () => {
      const late = event({ '@timestamp': '2026-11-22T23:30:00-05:00' });
      expect(routeRecord(record(late), names)).toMatchObject({ doc: { index: 'halong-events-linux.auditd-2026.11.23' } });
      const early = event({ '@timestamp': '2026-11-23T00:30:00+02:00' });
      expect(routeRecord(record(early), names)).toMatchObject({ doc: { index: 'halong-events-linux.auditd-2026.11.22' } });
      const edge = event({ '@timestamp': '2026-12-31T23:59:59.999Z' });
      expect(routeRecord(record(edge), names)).toMatchObject({ doc: { index: 'halong-events-linux.auditd-2026.12.31' } });
    });

    it('slugs the dataset and falls back to generic', () => {
      expect(routeRecord(record(event({ event: { id: 'e', dataset: 'Windows.Sysmon' } })), names)).toMatchObject({
        doc: { index: 'halong-events-windows.sysmon-2026.11.22' },
      });
      expect(routeRecord(record(event({ event: { id: 'e' } })), names)).toMatchObject({ doc: { index: 'halong-events-generic-2026.11.22' } });
    });

    it('follows the index prefix', () => {
      expect(routeRecord(record(event()), indexNames('lab'))).toMatchObject({ doc: { index: 'lab-events-linux.auditd-2026.11.22' } });
    });

    it('keeps the document as it came', () => {
      const e = event({ host: { name: 'h1' }, tags: ['a'] });
      const routed = routeRecord(record(e), names);
      expect('doc' in routed && routed.doc.doc).toBe(e);
    });
  });

  describe('alerts', () => {
    it('routes an alert to the alerts index by its id, whatever its timestamp', () => {
      const alert = { id: 'alert-abc', '@timestamp': 'not a date', rule: { id: 'r1' } };
      // Stored by a merging update, not create: the alert grows under its id (alert-merge.int.test.ts).
      expect(routeRecord(record(alert, { topicKey: 'alerts' }), names)).toEqual({ doc: { index: 'halong-alerts', id: 'alert-abc', doc: alert, update: { script: ALERT_MERGE_SCRIPT, params: { alert } } } });
    });

    it('dead-letters an alert without id', () => {
      for (const alert of [{ rule: { id: 'r1' } }, { id: '' }, { id: 42 }]) {
        expect(letterOf(record(alert, { topicKey: 'alerts' }))).toMatchObject({ reason: 'alert has no id', errorType: 'missing_id' });
      }
    });

    it('does not treat event.id as the id of an alert', () => {
      expect(letterOf(record(event(), { topicKey: 'alerts' })).errorType).toBe('missing_id');
    });
  });

  describe('decisions and audit entries', () => {
    it('routes a decision to the decisions index by its id', () => {
      const d = { id: 'dec-1', '@timestamp': '2026-11-23T00:00:00Z', decision: false };
      expect(routeRecord(record(d, { topicKey: 'decisions' }), names)).toEqual({ doc: { index: 'halong-decisions', id: 'dec-1', doc: d } });
      expect(letterOf(record({ decision: true }, { topicKey: 'decisions' }))).toMatchObject({ reason: 'decision has no id', errorType: 'missing_id' });
    });

    it('routes an audit entry to the audit index under its sequence number', () => {
      const a = { seq: 7, hash: 'h', prev_hash: 'p' };
      expect(routeRecord(record(a, { topicKey: 'audit' }), names)).toEqual({ doc: { index: 'halong-audit', id: '7', doc: a } });
      for (const bad of [{ seq: 0 }, { seq: '7' }, { seq: 1.5 }, {}]) {
        expect(letterOf(record(bad, { topicKey: 'audit' }))).toMatchObject({ reason: 'audit entry has no seq', errorType: 'missing_id' });
      }
    });
  });

  describe('dead letters', () => {
    it('dead-letters a record that is not JSON, with a deterministic id and its raw bytes', () => {
      const r = record(undefined, { raw: '{not json', decodeError: 'value is not JSON: Unexpected token n' });
      expect(letterOf(r)).toEqual({
        id: 'ci.halong.events.v1-2-1234',
        reason: 'value is not JSON: Unexpected token n',
        errorType: 'decode_error',
        source: 'ci.halong.events.v1/2/1234',
        original: '{not json',
      });
    });

    it('gives the same letter id for the same Kafka record, and different ids for different offsets', () => {
      const r = record('x');
      expect(letterOf(r).id).toBe(letterOf({ ...r }).id);
      expect(letterOf({ ...r, offset: '1235' }).id).toBe('ci.halong.events.v1-2-1235');
      expect(letterOf({ ...r, partition: 0 }).id).toBe('ci.halong.events.v1-0-1234');
    });

    it.each([
      ['null', null],
      ['a string', 'hello'],
      ['a number', 42],
      ['an array', [event()]],
      ['a boolean', true],
    ])('dead-letters %s as invalid_shape', (_what, value) => {
      const letter = letterOf(record(value));
      expect(letter).toEqual({
        id: 'ci.halong.events.v1-2-1234',
        reason: 'value is not a JSON object',
        errorType: 'invalid_shape',
        source: 'ci.halong.events.v1/2/1234',
        original: JSON.stringify(value),
      });
    });

    it('dead-letters a non-object alert as invalid_shape too', () => {
      expect(letterOf(record([1], { topicKey: 'alerts' })).errorType).toBe('invalid_shape');
    });

    it.each([
      ['no event fieldset', { '@timestamp': '2026-11-22T10:00:00Z' }],
      ['no event.id', { '@timestamp': '2026-11-22T10:00:00Z', event: { dataset: 'x' } }],
      ['an empty event.id', { '@timestamp': '2026-11-22T10:00:00Z', event: { id: '' } }],
      ['a numeric event.id', { '@timestamp': '2026-11-22T10:00:00Z', event: { id: 7 } }],
      ['event as a string', { '@timestamp': '2026-11-22T10:00:00Z', event: 'evt-1' }],
      ['event null', { '@timestamp': '2026-11-22T10:00:00Z', event: null }],
    ])('dead-letters an event with %s as missing_id', (_what, value) => {
      expect(letterOf(record(value))).toMatchObject({ id: 'ci.halong.events.v1-2-1234', reason: 'event has no event.id', errorType: 'missing_id' });
    });

    it.each([
      ['missing', undefined],
      ['not a date', 'yesterday'],
      ['an impossible date', '2026-13-45T99:00:00Z'],
      ['a number', 1763805600000],
      ['empty', ''],
    ])('dead-letters an event whose @timestamp is %s as invalid_timestamp', (_what, ts) => {
      const value = { event: { id: 'evt-7' }, ...(ts === undefined ? {} : { '@timestamp': ts }) };
      expect(letterOf(record(value))).toMatchObject({
        id: 'ci.halong.events.v1-2-1234',
        reason: 'event evt-7 has no valid @timestamp',
        errorType: 'invalid_timestamp',
        original: JSON.stringify(value),
      });
    });

    it('checks the decode error before anything else', () => {
      // Even with a usable value, a decode error wins (the value cannot be trusted).
      expect(letterOf(record(event(), { decodeError: 'value is not JSON: x' })).errorType).toBe('decode_error');
    });
  });
});
