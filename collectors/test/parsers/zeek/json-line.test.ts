import { JSON_LINE_LIMITS, jsonDepth, parseZeekJson, readJsonLine } from '../../../src/parsers/zeek';
import { parseSuricataEve } from '../../../src/parsers/suricata';

const source = { timeZone: 'UTC', receivedAt: Date.parse('2026-11-24T01:00:00.000Z') };
const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;

describe('bounded JSON lines', () => {
  it('counts nesting, not brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"]]]{{{"}]}', 64)).toBe(3);
    expect(jsonDepth('{"a":"\\"[[["}', 64)).toBe(1);
    expect(jsonDepth('1', 64)).toBe(0);
    expect(jsonDepth(nested(65), 64)).toBe(-1);
  });

  it('accepts 64 levels and refuses 65 with HALONG_PARSE_JSON', () => {
    expect(readJsonLine(nested(64), 'Zeek')).toMatchObject({ ok: true });
    expect(readJsonLine(nested(65), 'Zeek')).toEqual({ ok: false, failure: { code: 'HALONG_PARSE_JSON', message: 'The Zeek record is nested deeper than 64 levels.' } });
  });

  it('refuses 10 000 levels of objects or arrays cleanly, before JSON.parse, in both parsers', () => {
    const objects = `{"_path":"conn","ts":1,"event_type":"alert","timestamp":"2024-01-02T03:04:05Z","x":${nested(10_000)}}`;
    const arrays = `{"_path":"conn","ts":1,"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    for (const text of [objects, arrays]) {
      expect(parseZeekJson(text, source)).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
      expect(parseSuricataEve(text, source)).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
    }
    // Unbalanced input is as deep as its openings: still refused, never a stack overflow.
    expect(parseSuricataEve('['.repeat(100_000), source)).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
  });

  it('refuses lines over the bound and text that is not JSON', () => {
    expect(readJsonLine(`"${'x'.repeat(JSON_LINE_LIMITS.maxChars)}"`, 'EVE')).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON', message: expect.stringMatching(/at most 1048576/) } });
    expect(readJsonLine('{"a":1', 'EVE')).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON', message: expect.stringMatching(/^The EVE line is not valid JSON/) } });
    expect(readJsonLine('{"a":1}', 'EVE', { maxChars: 4, maxDepth: 64 })).toMatchObject({ ok: false });
  });
});
