import { GENERIC_MAX_BASE64_BYTES, readGeneric } from '../../../src/parsers/iot/generic';

describe('readGeneric', () => {
  it('keeps a JSON object as the payload and other text as the message', () => {
    expect(readGeneric(Buffer.from('{"temp":21.5}'))).toEqual({ ok: true, reading: { convention: 'mqtt', kind: 'event', details: { payload: { temp: 21.5 } } } });
    expect(readGeneric(Buffer.from('21.5'))).toEqual({ ok: true, reading: { convention: 'mqtt', kind: 'event', details: {}, message: '21.5' } });
    expect(readGeneric(Buffer.from('[1,2]'))).toMatchObject({ reading: { message: '[1,2]' } });
    expect(readGeneric(Buffer.from('{not json'))).toMatchObject({ reading: { message: '{not json' } });
  });

  it('keeps bytes that are not text as bounded base64', () => {
    expect(readGeneric(Uint8Array.from([0xff, 0x00, 0x01]))).toMatchObject({ reading: { details: { payload_base64: '/wAB', payload_bytes: 3 } } });
    const big = new Uint8Array(GENERIC_MAX_BASE64_BYTES + 1).fill(0xff);
    expect(readGeneric(big)).toMatchObject({ reading: { details: { payload_bytes: GENERIC_MAX_BASE64_BYTES + 1, payload_truncated: true } } });
  });

  it('refuses JSON nested too deep', () => {
    expect(readGeneric(Buffer.from('{"a":'.repeat(100)))).toMatchObject({ ok: false, failure: { code: 'HALONG_PARSE_JSON' } });
  });
});
