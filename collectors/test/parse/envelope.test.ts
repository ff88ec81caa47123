import { hash } from 'node:crypto';
import { ORIGINAL_TRUNCATED_TAG, PARSE_FAILURE_TAG, UNPARSED_DATASET, boundText, envelope, eventId, unparsedEvent } from '../../src/parse/envelope';
import type { EnvelopeContext } from '../../src/parse/envelope';

const T = Date.parse('2026-11-24T01:00:00.000Z');
const ctx: EnvelopeContext = { observer: { id: 'spiffe://halong.local/collector/hue/col-1', type: 'collector' }, site: 'hue-phu-hoi', sourceId: '10.20.1.5', receivedAt: T, maxOriginalBytes: 64 };

describe('eventId', () => {
  it('is 128 bits of hex, the same for the same message from the same source at the same time', () => {
    const id = eventId('10.20.1.5', T, 7, 'hello');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(eventId('10.20.1.5', T, 7, 'hello')).toBe(id);
  });

  it('differs when the source, the time, the sequence or the text differs', () => {
    const id = eventId('10.20.1.5', T, 7, 'hello');
    expect(new Set([id, eventId('10.20.1.6', T, 7, 'hello'), eventId('10.20.1.5', T + 1, 7, 'hello'), eventId('10.20.1.5', T, 8, 'hello'), eventId('10.20.1.5', T, 7, 'hello!')]).size).toBe(5);
    // The parts cannot slide into each other: ("a", "bc") and ("ab", "c") are different sources and texts.
    expect(eventId('a', T, undefined, 'bc')).not.toBe(eventId('ab', T, undefined, 'c'));
  });
});

describe('eventId across versions', () => {
  // The bytes ids were first hashed from; a spool replayed after an upgrade must name its events the same.
  const reference = (sourceId: string, receivedAt: number, sequence: string | number | undefined, original: string): string =>
    hash('sha256', `${JSON.stringify([sourceId, receivedAt, sequence ?? null])}\n${original}`, 'hex').slice(0, 32);

  it('hashes the same bytes whatever sources and times came before', () => {
    const calls: [string, number, string | number | undefined, string][] = [
      ['10.20.1.5', T, 1, 'a'],
      ['10.20.1.5', T, 2, 'a'],
      ['10.20.1.6', T, 2, 'a'],
      ['10.20.1.6', T + 1, undefined, 'Nhật ký'],
      ['10.20.1.5', T + 1, 'seq"\\', 'a'],
      ['', Number.NaN, Number.NaN, ''],
      ['', Number.NaN, -0, ''],
      ['', 0, 1.5, ''],
      ['"quoted"\u2028', -0, 'x', '\n'],
      ['10.20.1.5', T, 1, 'a'],
    ];
    for (const call of calls) expect([call, eventId(...call)]).toEqual([call, reference(...call)]);
  });
});

describe('envelope', () => {
  it('adds the id, the original, the ingest time, the observer and the site, keeping what the parser set', () => {
    const e = envelope({ '@timestamp': '2026-11-24T00:59:59.000Z', event: { dataset: 'syslog', module: 'syslog' }, host: { name: 'srv-1' }, labels: { env: 'prod' } }, 'the line', ctx);
    expect(e).toEqual({
      '@timestamp': '2026-11-24T00:59:59.000Z',
      event: { dataset: 'syslog', module: 'syslog', id: eventId('10.20.1.5', T, undefined, 'the line'), original: 'the line', ingested: '2026-11-24T01:00:00.000Z' },
      host: { name: 'srv-1' },
      observer: { id: 'spiffe://halong.local/collector/hue/col-1', type: 'collector' },
      labels: { env: 'prod', site: 'hue-phu-hoi' },
    });
  });

  it('cuts a long original at the byte bound, on a character boundary, and tags the event; the id covers the whole text', () => {
    const long = 'Nhật ký '.repeat(20);
    const e = envelope({ '@timestamp': '2026-11-24T00:00:00.000Z', event: {} }, long, ctx);
    expect(Buffer.byteLength(e.event.original!, 'utf8')).toBeLessThanOrEqual(64);
    expect(long.startsWith(e.event.original!)).toBe(true);
    expect(e.tags).toEqual([ORIGINAL_TRUNCATED_TAG]);
    expect(e.event.id).toBe(eventId('10.20.1.5', T, undefined, long));
  });

  it('keeps a message that did not parse, with the reason, at the receive time', () => {
    const e = unparsedEvent('<<garbage', { code: 'HALONG_PARSE_SYSLOG', message: 'no header' }, ctx);
    expect(e).toMatchObject({
      '@timestamp': '2026-11-24T01:00:00.000Z',
      event: { kind: 'pipeline_error', dataset: UNPARSED_DATASET, original: '<<garbage' },
      error: { code: 'HALONG_PARSE_SYSLOG', message: 'no header' },
      tags: [PARSE_FAILURE_TAG],
      labels: { site: 'hue-phu-hoi' },
    });
  });
});

describe('envelope and the bound of event.original', () => {
  it('keeps an original that surely fits as it is, and cuts one a byte over', () => {
    const fits = envelope({ '@timestamp': 't', event: {} }, 'x'.repeat(21), ctx);
    expect([fits.event.original, fits.tags]).toEqual(['x'.repeat(21), undefined]);
    const over = envelope({ '@timestamp': 't', event: {}, tags: ['a'] }, 'é'.repeat(33), ctx);
    expect([over.event.original, over.tags]).toEqual(['é'.repeat(32), ['a', ORIGINAL_TRUNCATED_TAG]]);
  });
});

describe('boundText', () => {
  it('leaves short text alone and never splits a multi-byte character', () => {
    expect(boundText('abc', 3)).toEqual({ text: 'abc', truncated: false });
    expect(boundText('aé', 2)).toEqual({ text: 'a', truncated: true });
    expect(boundText('😀😀', 5)).toEqual({ text: '😀', truncated: true });
  });
});

describe('envelope and the observer', () => {
  it('keeps the device a parser recognised, filling in the rest from the collector', () => {
    const e = envelope({ '@timestamp': '2026-11-24T00:00:00.000Z', event: {}, observer: { type: 'firewall', vendor: 'Fortinet', product: 'FortiGate' } }, 'x', ctx);
    expect(e.observer).toEqual({ id: 'spiffe://halong.local/collector/hue/col-1', type: 'firewall', vendor: 'Fortinet', product: 'FortiGate' });
  });
});

describe('envelope and the parsed event', () => {
  it('leaves a sub-object the parser may share between events untouched', () => {
    const shared = { kind: 'event' as const, module: 'syslog' };
    const observer = { vendor: 'Cisco' };
    const e = envelope({ '@timestamp': '2026-11-24T00:00:00.000Z', event: shared, observer, labels: { zone: 'dmz' } }, 'x', ctx);
    expect(shared).toEqual({ kind: 'event', module: 'syslog' });
    expect(observer).toEqual({ vendor: 'Cisco' });
    expect(e.event).toMatchObject({ kind: 'event', module: 'syslog', original: 'x' });
  });
});

describe('envelope and a sender-given key', () => {
  it('names the event by sender, key and text, whenever it is received', () => {
    // The envelope completes a parsed event in place: each call gets its own.
    const parsed = () => ({ '@timestamp': '2026-11-24T00:00:00.000Z', event: {} });
    const a = envelope(parsed(), 'line', { ...ctx, senderKey: 'doc-7', receivedAt: T });
    const b = envelope(parsed(), 'line', { ...ctx, senderKey: 'doc-7', receivedAt: T + 3_600_000, sequence: 9 });
    expect(a.event.id).toBe(b.event.id);
    expect(envelope(parsed(), 'line', { ...ctx, senderKey: 'doc-8' }).event.id).not.toBe(a.event.id);
    expect(envelope(parsed(), 'line', { ...ctx, senderKey: 'doc-7', sourceId: 'other' }).event.id).not.toBe(a.event.id);
  });
});
