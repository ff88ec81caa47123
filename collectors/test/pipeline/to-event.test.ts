import type { EcsEvent } from '@halong/core';
import { PARSE_FAILURE_TAG } from '../../src/parse/envelope';
import { failure } from '../../src/parse/errors';
import type { TextParser } from '../../src/parse/types';
import { INVALID_UTF8_TAG, MESSAGE_TRUNCATED_TAG, toEvent } from '../../src/pipeline/to-event';

const T = Date.parse('2026-11-24T02:00:00.000Z');
const source = { timeZone: 'Asia/Ho_Chi_Minh', receivedAt: T, address: '10.20.1.5' };
const ctx = { observer: { id: 'phu-hoi-fw' }, site: 'phu-hoi', sourceId: '10.20.1.5', receivedAt: T, maxOriginalBytes: 1024 };
const words: TextParser = (text) => (text.startsWith('ok ') ? { ok: true, event: { '@timestamp': new Date(T).toISOString(), event: { dataset: 'test' }, message: text.slice(3) } } : failure('HALONG_PARSE_SYSLOG', 'not ok'));

describe('toEvent', () => {
  it('parses, enveloping the result', () => {
    expect(toEvent({ text: 'ok hello' }, source, ctx, { parse: words })).toMatchObject({ message: 'hello', event: { dataset: 'test', original: 'ok hello' }, labels: { site: 'phu-hoi' } });
  });

  it('keeps what does not parse, and empty messages, with the reason', () => {
    expect(toEvent({ text: 'nope' }, source, ctx, { parse: words })).toMatchObject({ tags: [PARSE_FAILURE_TAG], error: { code: 'HALONG_PARSE_SYSLOG' } });
    expect(toEvent({ text: '' }, source, ctx, { parse: words })).toMatchObject({ error: { code: 'HALONG_PARSE_EMPTY' } });
  });

  it('flags messages the input cut or had to repair, and redacts last', () => {
    const redact = (e: EcsEvent) => ({ ...e, message: String(e.message).replace(/\d{12}/g, 'pii:cccd:x') });
    const e = toEvent({ text: 'ok id 079201001234', truncated: true, invalidUtf8: true }, source, ctx, { parse: words, redact });
    expect(e.tags).toEqual([MESSAGE_TRUNCATED_TAG, INVALID_UTF8_TAG]);
    expect(e.message).toBe('id pii:cccd:x');
  });
});
