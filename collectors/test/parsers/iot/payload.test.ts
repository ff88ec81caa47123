import { payloadText, readPayload } from '../../../src/parsers/iot/payload';

describe('payloadText', () => {
  it('decodes UTF-8 (dropping a BOM) and refuses other bytes', () => {
    expect(payloadText(Buffer.from('\ufeffNhiệt độ', 'utf8'))).toBe('Nhiệt độ');
    expect(payloadText(Uint8Array.from([0xff, 0xfe, 0x00]))).toBeUndefined();
  });
});

describe('readPayload', () => {
  it('parses what starts like JSON, keeps other text', () => {
    expect(readPayload(' {"POWER":"ON"} ', true)).toEqual({ ok: true, payload: { kind: 'json', value: { POWER: 'ON' }, text: '{"POWER":"ON"}' } });
    expect(readPayload('ON', true)).toEqual({ ok: true, payload: { kind: 'text', text: 'ON' } });
  });

  it('fails invalid JSON when strict, keeps it as text when not; deep JSON fails either way', () => {
    expect(readPayload('{oops', true)).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
    expect(readPayload('{oops', false)).toEqual({ ok: true, payload: { kind: 'text', text: '{oops' } });
    expect(readPayload('['.repeat(100), false)).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
  });
});
