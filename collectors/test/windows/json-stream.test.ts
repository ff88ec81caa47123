import { ConcatenatedJsonDecoder, ConcatenatedJsonError, parseConcatenatedJson } from '../../src/windows';

const TEXT = '{\n  "a": "x}{\\"y",\n  "b": [1, {"c": "]"}]\n}\n{"d": "\\\\"}\n  [3]\n';

describe('concatenated JSON (evtx_dump multi-event output)', () => {
  it('splits pretty-printed objects written back to back', () => {
    expect(parseConcatenatedJson(TEXT)).toEqual([{ a: 'x}{"y', b: [1, { c: ']' }] }, { d: '\\' }, [3]]);
  });

  it('gives the same values whatever the chunk boundaries are', () => {
    for (let size = 1; size <= TEXT.length; size++) {
      const decoder = new ConcatenatedJsonDecoder();
      const values: unknown[] = [];
      for (let i = 0; i < TEXT.length; i += size) values.push(...decoder.push(TEXT.slice(i, i + size)));
      decoder.end();
      expect(values).toEqual(parseConcatenatedJson(TEXT));
    }
  });

  it('rejects text between values and unfinished values', () => {
    expect(() => parseConcatenatedJson('{"a":1} x {"b":2}')).toThrow(ConcatenatedJsonError);
    expect(() => parseConcatenatedJson('{"a":1} {"b":')).toThrow(/ends inside a JSON value/);
    expect(() => parseConcatenatedJson('{"a":}')).toThrow(/Invalid JSON value/);
  });
});
