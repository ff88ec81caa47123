import { MAX_JSON_DEPTH, jsonDepthExceeds, parseBoundedJson } from '../../../src/parsers/iot/bounded-json';

describe('parseBoundedJson', () => {
  it('parses JSON up to the depth bound', () => {
    const deep = `${'['.repeat(MAX_JSON_DEPTH)}1${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(parseBoundedJson(deep).ok).toBe(true);
    expect(parseBoundedJson('{"a":{"b":[1,2,{"c":"d"}]}}')).toEqual({ ok: true, value: { a: { b: [1, 2, { c: 'd' }] } } });
  });

  it('refuses one level more, and 10,000 levels, in one pass', () => {
    expect(parseBoundedJson(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)).toMatchObject({ ok: false, reason: 'depth' });
    const hostile = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    expect(parseBoundedJson(hostile)).toEqual({ ok: false, reason: 'depth', message: 'The JSON payload is nested deeper than 64 levels.' });
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: `${'['.repeat(100)}\\"${'{'.repeat(100)}` });
    expect(jsonDepthExceeds(text, 2)).toBe(false);
    expect(parseBoundedJson(text).ok).toBe(true);
  });

  it('reports syntax errors as such', () => {
    expect(parseBoundedJson('{"a":')).toMatchObject({ ok: false, reason: 'syntax' });
  });
});
